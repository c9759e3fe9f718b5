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
		Files.createDirectories(dir);
		if (!dir.toRealPath().startsWith(real)) {
			throw new IOException(usedBy + ": directory \"" + configured + "\" is a symbolic link to "
					+ dir.toRealPath() + ", outside the root " + root + "; replace the link with a directory, or give a --root that"
					+ " holds what it points to");
		}
		return dir;
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
