package dev.isthmus.runner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a start creates on disk — the embedded databases, the root, file endpoints' directories — so that a refused
 * start takes it back: a user who ran in the wrong folder, or without a variable set, finds the folder as it was.
 * Only what did not exist before is noted, and only empty directories are removed.
 */
final class NewFiles {

	private final List<Path> files = new ArrayList<>();
	private final List<Path> directories = new ArrayList<>();

	/** A directory about to be created: its topmost part that does not exist yet is noted. */
	void noteDirectory(Path directory) {
		if (directory == null) {
			return;
		}
		Path top = null;
		for (Path p = directory.toAbsolutePath().normalize(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
			top = p;
		}
		if (top != null) {
			directories.add(top);
		}
	}

	/** An embedded H2 database file ({@code ….mv.db}) about to be opened, and its directory. */
	void noteDatabase(Path mvDb) {
		if (mvDb == null || Files.exists(mvDb)) {
			return;
		}
		noteDirectory(mvDb.getParent());
		files.add(mvDb);
		// H2's log of problems, written next to the database when it has one to tell
		files.add(mvDb.resolveSibling(mvDb.getFileName().toString().replace(".mv.db", ".trace.db")));
	}

	/** Removes the noted files, then the noted directories that are empty (deepest first). */
	void undo() {
		for (Path file : files) {
			try {
				Files.deleteIfExists(file);
			} catch (IOException e) {
				// left as it is: taking back is a courtesy, the refusal is what the user needs to read
			}
		}
		for (Path top : directories) {
			if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
				continue;
			}
			try (Stream<Path> all = Files.walk(top)) {
				for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
					if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
						try (Stream<Path> inside = Files.list(p)) {
							if (inside.findAny().isEmpty()) {
								Files.delete(p);
							}
						}
					}
				}
			} catch (IOException | java.io.UncheckedIOException e) {
				// as above
			}
		}
	}
}
