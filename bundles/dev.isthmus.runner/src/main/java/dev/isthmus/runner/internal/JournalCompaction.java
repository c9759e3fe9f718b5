package dev.isthmus.runner.internal;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * The compaction H2 runs in the background of a database that has a write delay, done for the embedded journal,
 * which has none: each commit is on disk before its records are acknowledged ({@code WRITE_DELAY=0}), and H2 then
 * runs no background thread at all. A chunk of the file that keeps a few live rows (a trace kept for days among a
 * batch's delivered rows and spent keys) was never rewritten, so the file grew with every record until the runner
 * stopped — past 1 GB for 15 MB of live data after 60,000 webhooks — and a stop's compaction (H2's MAX_COMPACT_TIME)
 * could not bring it back.
 * <p>
 * A {@link #pass} does what H2's housekeeping does, through the store's public API: it rewrites the live pages of the
 * sparsest chunks, so that whole chunks become free (after H2's retention time, 45 s: a file system may not have
 * flushed what was written before it), and moves chunks into the space freed, which shrinks the file. The store is
 * found from a connection through H2's engine classes, which H2 does not export, so by their method names; where
 * they are not there (another H2, a server database) there is no compaction, and {@link #of} says why.
 */
public final class JournalCompaction {

	/** The chunks' fill rate below which their live pages are rewritten, and the file's below which chunks move. */
	static final int FILL_RATE = 80;
	/** At most this much is written by one pass, under the store's lock: commits wait for it (tens of milliseconds). */
	static final int WRITE_PER_PASS = 4 * 1024 * 1024;

	/**
	 * At most this much is moved by a pass when (next to) nothing was committed since the last one: an idle runner's file shrinks
	 * within a minute or two rather than at 4 MB a pass (a request arriving meanwhile waits for the pass).
	 */
	static final int WRITE_PER_IDLE_PASS = 32 * 1024 * 1024;

	/** At most this many commits between two passes count as idle. */
	static final int IDLE_COMMITS = 3;

	/**
	 * At most this many commits between two passes (20 a second) count as quiet enough for a pass to move all of a
	 * file at once ({@link #LARGEST_MOVE}), keeping commits waiting meanwhile: under a feed of 32 senders such passes
	 * came every few seconds.
	 */
	static final int QUIET_COMMITS = 100;

	/**
	 * At most this much is moved by a pass when the file has {@link #WORTH_REWRITING} bytes or more and is less than
	 * {@link #LIVE_BELOW}% in use (see {@link #pass}); such a pass keeps commits waiting for about a second. What is
	 * larger still is left to the next start's rewrite.
	 */
	static final long LARGEST_MOVE = 256L * 1024 * 1024;

	private final MVStore store;
	/** The store's version at the end of the last pass: unchanged, nothing was committed since. */
	private long version = -1;

	private JournalCompaction(MVStore store) {
		this.store = store;
	}

	/** Found, or why not. */
	public record Found(JournalCompaction compaction, String whyNot) {
	}

	/** The compaction of the embedded H2 database {@code connection} is a connection to. */
	public static Found of(Connection connection) {
		try {
			MVStore s = store(connection);
			if (s != null && s.getFileStore() != null && !s.isReadOnly()) {
				return new Found(new JournalCompaction(s), null);
			}
			return new Found(null, "the database is not an H2 file written by this process");
		} catch (SQLException | ReflectiveOperationException | RuntimeException e) {
			// a server's session (no database in this process), or an H2 whose engine differs
			return new Found(null, "H2's store cannot be reached from the connection (" + e + ")");
		}
	}

	/**
	 * Whether the embedded H2 database {@code connection} is to has closed under it: a write that failed (a full disk)
	 * makes H2 close its store, after which it still calls the connection valid ({@code isValid}) and fails every
	 * statement on it ("The database has been closed", 90098) for good; a new connection opens the database again. False
	 * for any other connection.
	 */
	static boolean closedUnder(Connection connection) {
		try {
			MVStore s = store(connection);
			return s != null && s.isClosed();
		} catch (SQLException | ReflectiveOperationException | RuntimeException e) {
			return false;
		}
	}

	/** Whether this compaction's store has closed (see {@link #closedUnder}): a new connection opens the database again. */
	boolean closed() {
		return store.isClosed();
	}

	/** The store of the embedded H2 database of {@code connection}, or null (a server's, another database's). */
	public static MVStore store(Connection connection) throws SQLException, ReflectiveOperationException {
		if (!connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)) {
			return null;
		}
		org.h2.jdbc.JdbcConnection h2 = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
		Object session = call(h2, "getSession");
		if (!session.getClass().getName().equals("org.h2.engine.SessionLocal")) {
			return null; // a server's session: its database is in another process
		}
		Object database = call(session, "getDatabase");
		Object store = call(database, "getStore");
		return store == null ? null : call(store, "getMvStore") instanceof MVStore s ? s : null;
	}

	/** Methods looked up once per class: {@link #closedUnder} is asked at every step of a flow. */
	private static final java.util.Map<String, Method> METHODS = new java.util.concurrent.ConcurrentHashMap<>();

	private static Object call(Object target, String method) throws ReflectiveOperationException {
		String key = target.getClass().getName() + '#' + method;
		Method m = METHODS.get(key);
		if (m == null) {
			m = target.getClass().getMethod(method);
			METHODS.put(key, m);
		}
		return m.invoke(target);
	}

	/**
	 * Below this size a file is not rewritten whole ({@link #rewriteIfMostlyDead}), however little of it is live: a few
	 * megabytes are not worth a line in the log at every {@code run --once}.
	 */
	static final long WORTH_REWRITING = 64L * 1024 * 1024;

	/** Below this share of live data (in percent) a file is rewritten whole ({@link #rewriteIfMostlyDead}). */
	static final int LIVE_BELOW = 50;

	/** What {@link #rewriteIfMostlyDead} did: the file's size before and after, in bytes, and how long it took. */
	public record Full(long before, long after, long millis) {
		void say(JsonLog log) {
			log.info("journal.compacted", "fileBytesBefore", before, "fileBytesAfter", after, "millis", millis);
		}
	}

	/**
	 * Rewrites the embedded H2 file of {@code url}, which no connection has open, when it has
	 * {@link #WORTH_REWRITING} bytes or more and less than {@link #LIVE_BELOW}% of them live ({@link #liveRate}): H2's
	 * {@code SHUTDOWN COMPACT}, which writes the live data to a new file and then puts it in the old one's place (a crash
	 * before leaves the old file as it was). Returns {@code null} when there was nothing to do. For the end of a drained
	 * {@code run --once} and a start: each run's commits stayed in the file, which H2's compaction at close (200 ms, and not
	 * the chunks of its last 45 s) could not take back — a daily run grew it by about a hundred times its live data each
	 * day (100 MB for 100,000 small records, 1 MB of them live) — and the running compaction, a few megabytes a pass, did
	 * not shrink the gigabytes a burst of large webhooks left (3.5 GB for 200 bodies of 1 MB, 3 MB of it live).
	 */
	public static Full rewriteIfMostlyDead(String url) throws java.io.IOException, SQLException {
		Path file = EmbeddedH2.file(url);
		if (file == null || !java.nio.file.Files.isRegularFile(file) || java.nio.file.Files.size(file) < WORTH_REWRITING) {
			return null;
		}
		long start = System.nanoTime();
		long before;
		try (Connection c = java.sql.DriverManager.getConnection(url + ";IFEXISTS=TRUE")) {
			Found found = of(c);
			if (found.compaction() == null || found.compaction().liveRate() >= LIVE_BELOW) {
				return null;
			}
			before = found.compaction().store.getFileStore().size();
			try (java.sql.Statement s = c.createStatement()) {
				s.execute("SHUTDOWN COMPACT");
			}
		}
		return new Full(before, java.nio.file.Files.size(file), (System.nanoTime() - start) / 1_000_000);
	}

	/**
	 * How much of the file is live data, in percent: of the space its chunks take (H2's fill rate), the part their live
	 * pages take (its chunks' fill rate). The first alone counts a chunk of dead pages as used.
	 */
	public int liveRate() {
		return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
	}

	/** What a pass found and did. */
	public record Pass(long fileBytes, int fileFillRate, int chunksFillRate, boolean rewrote, boolean moved) {
	}

	/** One pass of housekeeping: rewrites the sparsest chunks' live pages, then moves chunks into the space freed. */
	public Pass pass() {
		FileStore<?> file = store.getFileStore();
		// Idle: a few commits at most since the last pass (a runner left alone still writes now and then: expiries,
		// checkpoints); a feed of a record a second is not.
		long commits = version >= 0 ? store.getCurrentVersion() - version : Long.MAX_VALUE;
		int write = commits <= IDLE_COMMITS ? WRITE_PER_IDLE_PASS : WRITE_PER_PASS;
		int chunks = file.getChunksFillRate();
		boolean rewrote = chunks < FILL_RATE && store.compact(FILL_RATE, write);
		if (rewrote) {
			// The pages rewritten are in memory until stored: H2's background thread commits them next, and a runner
			// left alone makes no commit that would (its file did not shrink while it was idle).
			store.commit();
		}
		boolean moved = false;
		int fill = store.getFillRate();
		if (fill < FILL_RATE && file instanceof RandomAccessStore r) {
			// frees the chunks left empty (older than the retention time) and moves later chunks into the gaps
			long before = file.size();
			long move = write;
			if (before >= WORTH_REWRITING && fill < LIVE_BELOW && commits <= QUIET_COMMITS) {
				// H2 moves only as many chunks as fit in what a pass may write, the smaller first, and a commit of many
				// large webhooks is a chunk of tens of megabytes (the undo log of their delete too): after a burst of 200
				// bodies of 1 MB the file kept 1 GB behind such a chunk (35 MB, 1 MB of it live) until a restart. A file
				// at least half empty has its chunks moved all at once, once the runner is quiet: 46 MB were left in half a
				// second there.
				move = Math.max(write, Math.min(before / 100 * fill, LARGEST_MOVE));
			}
			r.compactMoveChunks(FILL_RATE, move, store);
			moved = file.size() < before;
		}
		version = store.getCurrentVersion();
		return new Pass(file.size(), store.getFillRate(), file.getChunksFillRate(), rewrote, moved);
	}
}
