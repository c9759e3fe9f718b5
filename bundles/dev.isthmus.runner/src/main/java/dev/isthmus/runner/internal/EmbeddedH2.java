package dev.isthmus.runner.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.h2.mvstore.MVStore;

/**
 * Finds the commits that an embedded H2 database acknowledged before its process was killed but does not find by
 * itself on opening.
 * <p>
 * H2 2.5 writes each commit as a chunk of its file and, opening a file its last process did not close, finds the
 * newest chunk by following each chunk's forecast of where the next will go, starting from the file's header. A
 * chunk that goes elsewhere rewrites the header, but with the chunk before it; until the header is written again
 * (up to twenty commits later) the commits from there on are in the file but not found, and a killed runner's last
 * deliveries to a table, or its last journaled records, were gone after the restart. A probe that killed a writer
 * 150 times lost 20 of 6,623 acknowledged commits this way; H2's recovery mode, which reads every block of the file,
 * found each of them. So before the first connection to an embedded database file that was left unclosed, that scan
 * runs, and when it finds a newer state than H2 alone would, the file is opened once in recovery mode and closed,
 * which writes that state's header.
 */
public final class EmbeddedH2 {

	private EmbeddedH2() {
	}

	/**
	 * Recovers the file of an embedded H2 URL as said above. Returns what was recovered, or null when there was
	 * nothing to do: not an embedded H2 file, no file yet, a file closed cleanly, or one in use (its process, or
	 * this one, holds it: nothing was lost then). Errors are left to the connection that follows, which reports them.
	 */
	public static String recover(String url) {
		Path file = file(url);
		if (file == null || !Files.isRegularFile(file)) {
			return null;
		}
		String name = file.toString();
		try {
			long found;
			try (MVStore store = new MVStore.Builder().fileName(name).readOnly().open()) {
				Object clean = store.getStoreHeader().get("clean");
				if (clean != null && !"0".equals(String.valueOf(clean))) {
					return null;
				}
				found = store.getCurrentVersion();
			}
			long newest;
			try (MVStore store = new MVStore.Builder().fileName(name).recoveryMode().readOnly().open()) {
				newest = store.getCurrentVersion();
			}
			if (newest <= found) {
				return null;
			}
			try (MVStore store = new MVStore.Builder().fileName(name).recoveryMode().open()) {
				// opened to write the header of the newest state; closing does
			}
			return "version " + newest + " of " + name + " recovered (H2 by itself would have opened version " + found + ")";
		} catch (RuntimeException e) {
			return null;
		}
	}

	/**
	 * The database file of an embedded H2 URL ({@code jdbc:h2:[file:]path[;settings]}), or null for other URLs and
	 * for H2's other file systems, which are left as they are.
	 */
	static Path file(String url) {
		if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
			return null;
		}
		String path = url.substring(8);
		int settings = path.indexOf(';');
		if (settings >= 0) {
			path = path.substring(0, settings);
		}
		if (path.toLowerCase(Locale.ROOT).startsWith("file:")) {
			path = path.substring(5);
		} else if (path.matches("(?s)[A-Za-z][A-Za-z0-9]+:.*") && !path.matches("(?s)[A-Za-z]:[\\\\/].*")) {
			return null; // mem:, tcp:, ssl:, zip:, nio: and the like; a Windows drive letter is a file
		}
		if (path.startsWith("~")) {
			path = System.getProperty("user.home") + path.substring(1);
		}
		if (path.isEmpty()) {
			return null;
		}
		return Path.of(path + ".mv.db").toAbsolutePath().normalize();
	}
}
