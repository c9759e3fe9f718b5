package dev.isthmus.runner.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * runs, and when it finds a newer state than H2 alone would, one that goes on from it, the file is opened once in
 * recovery mode and closed, which writes that state's header.
 */
public final class EmbeddedH2 {

	private EmbeddedH2() {
	}

	/**
	 * The files looked at in this JVM. A file is looked at once, before this JVM's first connection to it: opening
	 * a file that this JVM holds, even read-only, and closing it again would drop H2's lock on it (a lock belongs to
	 * the process on Linux, and closing any descriptor of the file releases it).
	 */
	private static final Set<Path> SEEN = ConcurrentHashMap.newKeySet();

	/**
	 * Recovers the file of an embedded H2 URL as said above, once in this JVM; call it before connecting. Returns
	 * what was done, or null when there was nothing to do: not an embedded H2 file, no file yet, a file closed
	 * cleanly, one in use by another process (nothing was lost then), one that cannot be written, or one this JVM
	 * has looked at already. Errors are left to the connection that follows, which reports them.
	 */
	public static String recover(String url) {
		Path file = file(url);
		if (file == null || !SEEN.add(file) || !Files.isRegularFile(file) || url.toUpperCase(Locale.ROOT).contains("ACCESS_MODE_DATA=R")) {
			return null;
		}
		String name = file.toString();
		try {
			long found;
			Map<String, String> foundLayout;
			try (Owned opened = new Owned(name, false, true); MVStore store = opened.store(new MVStore.Builder())) {
				Object clean = store.getStoreHeader().get("clean");
				if (clean != null && !"0".equals(String.valueOf(clean))) {
					return null;
				}
				found = store.getCurrentVersion();
				foundLayout = store.getLayoutMap();
			}
			long newest;
			Map<String, String> newestLayout;
			try (Owned opened = new Owned(name, true, true); MVStore store = opened.store(new MVStore.Builder())) {
				newest = store.getCurrentVersion();
				newestLayout = store.getLayoutMap();
			}
			if (newest <= found) {
				return null;
			}
			// The scan ranks every chunk in the file by version alone. Its state is taken only when it goes on from
			// the one H2 opens: a file once opened without this, by an older runner or another program, can hold a
			// lost session's chunks with higher versions than the commits made since. It goes on from it when it
			// still lists that state's newest chunk, in the same place, or when its newest chunk was written after
			// that one (chunks carry their time): a commit that leaves no live page in the chunk before it drops that
			// chunk from the layout, and the listing alone then refused a plain lost commit (a killed runner's
			// delivery of a whole hour's rows to a table, seen in RunnerCrashTest).
			Map.Entry<String, String> last = newestChunk(foundLayout);
			Map.Entry<String, String> scanned = newestChunk(newestLayout);
			boolean later = scanned != null && last != null && field(scanned.getValue(), "time") > field(last.getValue(), "time");
			if (last != null && !same(last.getValue(), newestLayout.get(last.getKey())) && !later) {
				return "newer chunks of " + name + " (version " + newest + ") left alone: they do not go on from version " + found
						+ ", which H2 opens";
			}
			try (Owned opened = new Owned(name, true, false); MVStore store = opened.store(new MVStore.Builder().autoCommitDisabled())) {
				if (store.isReadOnly()) {
					return null;
				}
				// opened to write the header of the newest state; closing does
			}
			return "version " + newest + " of " + name + " recovered (H2 by itself would have opened version " + found + ")";
		} catch (RuntimeException e) {
			return null;
		}
	}

	/**
	 * The file opened for a look, its channel (and H2's lock on it) closed here whatever becomes of the store: H2 closes
	 * a file it could not open only for a failure of its own kind, and a file left open by any other holds this JVM's
	 * lock, so that the journal's own connection after it is refused as "already in use" — at every start, for the
	 * file stays as it is (seen once in RunnerCrashTest: every restart after one kill was refused).
	 */
	private static final class Owned implements AutoCloseable {
		private final org.h2.mvstore.SingleFileStore file;

		Owned(String name, boolean recovery, boolean readOnly) {
			Map<String, Object> config = new java.util.HashMap<>();
			if (recovery) {
				config.put("recoveryMode", 1);
			}
			file = new org.h2.mvstore.SingleFileStore(config);
			file.open(name, readOnly, null);
		}

		MVStore store(MVStore.Builder builder) {
			return builder.fileStore(file).open();
		}

		@Override
		public void close() {
			file.close();
		}
	}

	/** Whether this JVM has looked at the URL's file before connecting to it: whether the runner uses that database. */
	static boolean lookedAt(String url) {
		Path file = file(url);
		return file != null && SEEN.contains(file);
	}

	/** Lets {@link #recover} look at the URL's file again, as in a new JVM: for tests that kill a database in theirs. */
	static void forget(String url) {
		Path file = file(url);
		if (file != null) {
			SEEN.remove(file);
		}
	}

	/** The layout's chunk of the highest version. */
	private static Map.Entry<String, String> newestChunk(Map<String, String> layout) {
		Map.Entry<String, String> newest = null;
		long version = Long.MIN_VALUE;
		for (Map.Entry<String, String> e : layout.entrySet()) {
			if (e.getKey().startsWith("chunk.")) {
				long v = field(e.getValue(), "version");
				if (v > version) {
					version = v;
					newest = e;
				}
			}
		}
		return newest;
	}

	/** Whether two layout entries describe the same chunk: its place and version (its occupancy changes later). */
	private static boolean same(String chunk, String other) {
		return other != null && field(chunk, "block") == field(other, "block") && field(chunk, "version") == field(other, "version");
	}

	/** A hexadecimal field of a chunk's description ({@code chunk:1f,block:2,…,version:1f,…}), or -1. */
	private static long field(String chunk, String key) {
		for (String part : chunk.split(",")) {
			if (part.startsWith(key + ":")) {
				try {
					return Long.parseLong(part.substring(key.length() + 1), 16);
				} catch (NumberFormatException e) {
					return -1;
				}
			}
		}
		return -1;
	}

	/**
	 * An embedded H2 file URL with the settings that make each commit survive a killed process (see
	 * RunnerOptions#H2_DURABLE), those it does not set itself added: a table target on {@code jdbc:h2:file:…} lost the
	 * rows of its last half second of commits to {@code kill -9}, delivered by the runner's count (review 26), and so did
	 * a journal named by {@code --journal jdbc:h2:file:…}. Other URLs are left as they are.
	 */
	public static String durable(String url) {
		if (file(url) == null) {
			return url;
		}
		String upper = url.toUpperCase(Locale.ROOT);
		StringBuilder durable = new StringBuilder(url);
		for (String setting : DURABLE) {
			String name = setting.substring(0, setting.indexOf('=') + 1);
			// H2 refuses DB_CLOSE_ON_EXIT=FALSE beside AUTO_SERVER=TRUE (a file another process may serve): left as given.
			boolean refused = name.equals("DB_CLOSE_ON_EXIT=") && upper.replace(" ", "").contains(";AUTO_SERVER=TRUE");
			if (!refused && !upper.contains(";" + name)) {
				durable.append(';').append(setting);
			}
		}
		return durable.toString();
	}

	private static final String[] DURABLE = { "WRITE_DELAY=0", "DB_CLOSE_ON_EXIT=FALSE", "TRACE_LEVEL_FILE=0" };

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
		} else if (!path.startsWith("./") && !path.startsWith(".\\") && !Path.of(path).isAbsolute()) {
			return null; // H2 refuses a path relative to nothing said (or takes it from h2.baseDir): not guessed here
		}
		return Path.of(path + ".mv.db").toAbsolutePath().normalize();
	}
}
