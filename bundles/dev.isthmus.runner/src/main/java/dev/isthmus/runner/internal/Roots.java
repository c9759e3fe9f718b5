package dev.isthmus.runner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directories file endpoints may use. A configured directory is resolved inside the root; {@code ../} and
 * symbolic links that lead outside it are refused, so a configuration cannot read or write elsewhere on the host.
 */
public final class Roots {

	private final Path root;
	private final Path real;

	/** What a start created, for a refused start to take back (see {@link NewFiles}); null when not noted. */
	private final NewFiles created;

	public Roots(Path root) throws IOException {
		this(root, null);
	}

	Roots(Path root, NewFiles created) throws IOException {
		this.root = root.toAbsolutePath().normalize();
		this.created = created;
		if (created != null) {
			created.noteDirectory(this.root);
		}
		Files.createDirectories(this.root);
		this.real = this.root.toRealPath();
	}

	public Path root() {
		return root;
	}

	/** The directory, created if missing; refused when it lies outside the root. */
	public Path directory(String configured, String usedBy) throws IOException {
		Path dir = root.resolve(configured).normalize();
		if (!dir.startsWith(root)) {
			throw new IOException(usedBy + ": directory \"" + configured + "\" leads outside the root " + root
					+ "; file endpoints stay inside --root");
		}
		if (created != null) {
			created.noteDirectory(dir);
		}
		try {
			Files.createDirectories(dir);
		} catch (java.nio.file.FileAlreadyExistsException e) {
			// the JDK's message is the path alone
			throw new IOException(usedBy + ": directory \"" + configured + "\" cannot be made: " + e.getFile()
					+ " is a file, not a directory; move the file away, or point the endpoint at another directory", e);
		} catch (java.nio.file.AccessDeniedException e) {
			throw new IOException(usedBy + ": directory \"" + configured + "\" cannot be made: no permission to create " + e.getFile()
					+ "; create it, or let the runner's user write in " + java.nio.file.Path.of(e.getFile()).getParent(), e);
		} catch (IOException e) {
			throw new IOException(usedBy + ": directory \"" + configured + "\" cannot be made: " + e, e);
		}
		if (!dir.toRealPath().startsWith(real)) {
			throw new IOException(usedBy + ": directory \"" + configured + "\" is a symbolic link to "
					+ dir.toRealPath() + ", outside the root " + root + "; replace the link with a directory, or give a --root that"
					+ " holds what it points to");
		}
		return dir;
	}

	/**
	 * Refuses, at the start, a directory the runner moves files into later ({@code done/}, {@code failed/}) that is
	 * there already as a symbolic link leading outside the root, as {@link #directory} refuses an endpoint's own.
	 */
	void refuseLinkOut(Path dir, String usedBy) throws IOException {
		Path leads = outside(dir);
		if (leads != null) {
			throw new IOException(usedBy + ": directory \"" + shown(dir) + "\" is a symbolic link to " + leads + ", outside the root " + root
					+ "; replace the link with a directory, or give a --root that holds what it points to");
		}
	}

	/**
	 * Where a directory leads now when that is outside the root, else {@code null}: a directory checked at the start
	 * may since have been replaced by a symbolic link (or one of the directories on its way may), and the runner
	 * must not follow it out. A directory not there (yet) leads where its nearest existing parent does.
	 */
	Path outside(Path dir) {
		Path leads;
		try {
			leads = realPath(dir.toAbsolutePath().normalize(), 0);
		} catch (IOException e) {
			return dir; // a loop of links, say: nowhere the runner can tell is inside
		}
		return leads.startsWith(real) ? null : leads;
	}

	/** What the runner does not do with a directory that leads outside the root, and what to do about it, for the log. */
	String leadsOutside(Path dir, Path leads) {
		return shown(dir) + " now leads to " + leads + ", outside the root " + root + " (a symbolic link replaced the directory, or one on"
				+ " its way); the runner does not follow it";
	}

	/** How to undo what {@link #leadsOutside} describes. */
	String putBack(Path dir) {
		return "replace the link " + shown(dir) + " (or the one on its way) with a directory inside the root";
	}

	/** The path as the user gave it: relative to the root when inside it. */
	String shown(Path path) {
		Path p = path.toAbsolutePath().normalize();
		return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
	}

	/** The real path; for a path not there, its nearest existing part's real path with the rest; a dangling link as far as it names. */
	private static Path realPath(Path path, int links) throws IOException {
		Path rest = null;
		for (Path p = path; p != null; p = p.getParent()) {
			if (Files.exists(p)) {
				Path real = p.toRealPath();
				return rest == null ? real : real.resolve(rest);
			}
			if (Files.isSymbolicLink(p)) {
				if (links > 40) {
					throw new java.nio.file.FileSystemException(path.toString(), null, "too many levels of symbolic links");
				}
				Path through = realPath(p.resolveSibling(Files.readSymbolicLink(p)).toAbsolutePath().normalize(), links + 1);
				return rest == null ? through : through.resolve(rest);
			}
			rest = rest == null ? p.getFileName() : p.getFileName().resolve(rest);
		}
		return path;
	}

	/** Whether a file found in a directory really lies inside the root (a symbolic link may point anywhere). */
	public boolean inside(Path file) {
		try {
			return file.toRealPath().startsWith(real);
		} catch (IOException e) {
			return false;
		}
	}
}
