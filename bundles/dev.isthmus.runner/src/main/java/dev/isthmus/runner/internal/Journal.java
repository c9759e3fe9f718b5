package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's durable memory, in one JDBC database (an H2 file by default): the inbox of accepted records, the
 * outbox of deliveries with their attempts, idempotency keys, dead letters, checkpoints, records held for open
 * aggregation windows, and per-record traces. Every change that decides a record's fate is one transaction, so a
 * crash leaves either all of it or none of it.
 */
public final class Journal implements AutoCloseable {

	/**
	 * The longest record text the journal keeps, in characters: the size of its record columns (an inbox payload, a
	 * dead letter's record). Longer records are refused where they arrive, with a reason.
	 */
	public static final int MAX_TEXT = 1_000_000;

	/**
	 * One writing transaction at a time in this process. H2 writes its store while transactions are open, and a
	 * process killed during that write can leave another transaction's half-written rows behind, locked for good
	 * (seen in the crash test as an update waiting forever after restart). Writes are short and batched, so
	 * taking turns costs little.
	 */
	public static final java.util.concurrent.locks.ReentrantLock WRITES = new java.util.concurrent.locks.ReentrantLock();

	/**
	 * Counts the deliverers' commits that gave idempotency keys back (see {@link JournalKeys#readReleases}): a flow's
	 * worker reads the keys again when it has changed, before its next batch, so a record sent again right after its
	 * delivery's dead letter is already taken. Only this runner's deliverers release keys (one runner per journal).
	 */
	final java.util.concurrent.atomic.AtomicLong keysReleased = new java.util.concurrent.atomic.AtomicLong();

	/** The flows that send their dead letters into an endpoint too: set once, before any flow runs (see {@link Assembly}). */
	private volatile DeadLetterCopies deadLetterCopies = DeadLetterCopies.NONE;

	private final String url;
	private final List<Connection> open = new ArrayList<>();
	private String id = "";

	/** Whether the journal's database answers (see {@link DatabaseWatch}). */
	private final DatabaseWatch watch;

	private Journal(String url) {
		this.url = url;
		this.watch = new DatabaseWatch(url);
	}

	DeadLetterCopies deadLetterCopies() {
		return deadLetterCopies;
	}

	void deadLetterCopies(DeadLetterCopies copies) {
		this.deadLetterCopies = copies;
	}

	/** Whether no flow sends its dead letters into an endpoint (see {@link DeadLetterCopies}). */
	public boolean deadLetterCopiesEmpty() {
		return deadLetterCopies.isEmpty();
	}

	public DatabaseWatch watch() {
		return watch;
	}

	/**
	 * Opens (and if need be creates) the journal at a JDBC URL.
	 *
	 * @throws SQLException when the database cannot be reached or its tables cannot be created
	 */
	public static Journal open(String url) throws SQLException {
		Journal journal = new Journal(url);
		try (Connection c = journal.connect(); Statement s = c.createStatement()) {
			JournalSchema.create(c, s);
			journal.id = identify(c, s);
			JournalSchema.convertDeadLetterTexts(c, s);
			c.commit();
		}
		return journal;
	}

	public String url() {
		return url;
	}

	/**
	 * What tells this journal's deliveries from another's: outbox ids start again at 1 in a new journal (one deleted
	 * to start afresh, another --journal), and a sink that knows deliveries by outbox id (a table's delivery markers,
	 * a file named by its batch) would take a new delivery for one it has made. Empty for journals from before ids,
	 * so that the deliveries they have in flight are still known.
	 */
	public String id() {
		return id;
	}

	private static String identify(Connection c, Statement s) throws SQLException {
		String id = checkpoint(c, "journal:id");
		if (id == null) {
			boolean inFlight;
			try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM ISTHMUS_OUTBOX")) {
				inFlight = r.next() && r.getLong(1) > 0;
			}
			byte[] random = new byte[6];
			new java.security.SecureRandom().nextBytes(random);
			// A journal from before ids with deliveries in flight keeps the empty id their markers were written with.
			id = inFlight ? "" : java.util.HexFormat.of().formatHex(random);
			checkpoint(c, "journal:id", id);
		}
		return id;
	}

	/** A new connection with auto-commit off; each worker owns one. */
	public synchronized Connection connect() throws SQLException {
		Connection c;
		try {
			c = DriverManager.getConnection(Connections.withTimeout(url));
		} catch (SQLException e) {
			if (Connections.noAnswer(e)) {
				throw new Connections.Unusable(Connections.silent("the journal database", url), e);
			}
			throw e;
		}
		c.setAutoCommit(false);
		open.add(c);
		return c;
	}

	/**
	 * The connection itself while it works; a new one when it is broken, as a journal database server that restarted
	 * leaves it. Callers ask before each batch, so that the runner carries on once the journal is back.
	 */
	public Connection working(Connection connection) throws SQLException {
		Connection working = Connections.working(connection, this::connect);
		if (working != connection) {
			// The database restarted (or the network dropped): the lease went with it, and must be taken again
			// before this runner writes, or a second runner that started meanwhile would deliver the same rows.
			lease.retake();
		}
		return working;
	}

	/**
	 * Takes the journal for this runner: a lock on the lease row, held by a connection of its own until the runner
	 * stops or dies (the database lets go of a dead connection's locks). Two runners on one journal would each
	 * deliver every row, so a second one is refused. An embedded H2 file is locked by H2 itself; a journal in a
	 * database server needs this.
	 *
	 * @throws InUse when another runner holds the journal
	 */
	public void lease(String holder) throws SQLException {
		lease = new JournalLease(this, holder);
		lease.take();
	}

	private JournalLease lease = new JournalLease(this, null);

	/** Another runner holds the journal (see {@link #lease}). */
	public static final class InUse extends SQLException {
		private static final long serialVersionUID = 1L;

		InUse(String holder, SQLException cause) {
			super("another runner is using this journal" + (holder == null ? "" : " (" + holder + ")"), cause);
		}
	}


	/**
	 * The lease went to another runner while this one was cut off from the journal (see {@link JournalLease#retake}):
	 * this runner must stop, or both would deliver the same rows.
	 */
	public static final class LeaseLost extends SQLException {
		private static final long serialVersionUID = 1L;

		LeaseLost(InUse cause) {
			super("another runner took over this journal while this one was cut off from it (" + cause.getMessage()
					+ "); this runner stops", cause);
		}
	}

	/** A correlation id as the trace rows list it: one per line, so a line break in an id becomes a space. */
	public static String traceKey(String correlation) {
		if (correlation == null) {
			return "";
		}
		// Looked for first: a search for a character is much quicker than replace's, and ids rarely hold breaks.
		return correlation.indexOf('\n') < 0 && correlation.indexOf('\r') < 0 ? correlation
				: correlation.replace('\n', ' ').replace('\r', ' ');
	}

	/**
	 * Rolls back what {@code c} has written, under {@link #WRITES} (undoing writes is writing). A connection that is
	 * gone has lost its transaction with it, which is what the rollback wanted.
	 */
	static void rollback(Connection c) {
		WRITES.lock();
		try {
			c.rollback();
		} catch (SQLException gone) {
			// nothing left to undo
		} finally {
			WRITES.unlock();
		}
	}

	/** Sets a batch text (see {@link JournalSchema#BYTE_TEXTS}) as UTF-8. */
	static void putText(PreparedStatement s, int index, String text) throws SQLException {
		s.setBytes(index, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
	}

	/** Reads a batch text (see {@link JournalSchema#BYTE_TEXTS}), {@link #deflate}d or not. */
	public static String getText(ResultSet r, int index) throws SQLException {
		byte[] bytes = r.getBytes(index);
		if (bytes == null) {
			return null;
		}
		// A zlib stream at its fastest level begins 0x78 0x01; JSON text never begins with 'x'.
		if (bytes.length > 2 && bytes[0] == 0x78 && bytes[1] == 0x01) {
			java.util.zip.Inflater inflater = new java.util.zip.Inflater();
			try {
				inflater.setInput(bytes);
				java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream(bytes.length * 6);
				byte[] buffer = new byte[64 * 1024];
				while (!inflater.finished()) {
					int n = inflater.inflate(buffer);
					if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
						throw new SQLException("a compressed text of the journal is cut short");
					}
					text.write(buffer, 0, n);
				}
				return text.toString(StandardCharsets.UTF_8);
			} catch (java.util.zip.DataFormatException e) {
				throw new SQLException("a compressed text of the journal is damaged: " + e.getMessage(), e);
			} finally {
				inflater.end();
			}
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * A batch text compressed, at the fastest level: traces repeat their steps' names and their fields' names record
	 * after record, and shrink to a sixth or less, which is what the journal's disk writes are spent on.
	 */
	static byte[] deflate(byte[] text) {
		java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
		try {
			deflater.setInput(text);
			deflater.finish();
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length / 4 + 64);
			byte[] buffer = new byte[64 * 1024];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		} finally {
			deflater.end();
		}
	}

	static Timestamp at(Instant instant) {
		return Timestamp.from(instant);
	}

	/** A record accepted at a source, to be journaled for each flow that reads it (see {@link #accept(Connection, List)}). */
	record Accepted(List<String> flows, String endpoint, String origin, String payload, Instant at) {
	}

	/**
	 * Records accepted at sources, in one transaction: one inbox row per record and flow that reads it. Returns each
	 * record's ids, in order. Commits; on failure nothing of them is in the journal.
	 */
	List<List<Long>> accept(Connection c, List<Accepted> records) throws SQLException {
		Journal.WRITES.lock();
		try {
			List<List<Long>> all = new ArrayList<>(records.size());
			try (PreparedStatement insert = c.prepareStatement(
					"INSERT INTO ISTHMUS_INBOX (FLOW, ENDPOINT, ORIGIN, RECEIVED_AT, PAYLOAD) VALUES (?, ?, ?, ?, ?)",
					Statement.RETURN_GENERATED_KEYS)) {
				for (Accepted record : records) {
					List<Long> ids = new ArrayList<>(record.flows().size());
					for (String flow : record.flows()) {
						insert.setString(1, flow);
						insert.setString(2, record.endpoint());
						insert.setString(3, record.origin());
						insert.setTimestamp(4, at(record.at()));
						insert.setString(5, record.payload());
						insert.executeUpdate();
						try (ResultSet keys = insert.getGeneratedKeys()) {
							keys.next();
							ids.add(keys.getLong(1));
						}
					}
					all.add(ids);
				}
				c.commit();
			} catch (SQLException | RuntimeException e) {
				try {
					c.rollback();
				} catch (SQLException again) {
					e.addSuppressed(again);
				}
				throw e;
			}
			return all;
		} finally {
			Journal.WRITES.unlock();
		}
	}

	/**
	 * Deletes a flow's traces from before {@code before}, and what is kept of its deliveries' failed attempts with
	 * them, in the caller's transaction; also the delivered outbox rows that journals from before delivered rows were
	 * deleted at once still hold.
	 */
	static void forget(Connection c, String flow, Instant before) throws SQLException {
		for (String table : new String[] { "ISTHMUS_TRACES", "ISTHMUS_TRACE", "ISTHMUS_RETRIED" }) {
			try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE FLOW = ? AND AT < ?")) {
				d.setString(1, flow);
				d.setTimestamp(2, at(before));
				d.executeUpdate();
			}
		}
		try (PreparedStatement d = c.prepareStatement("DELETE FROM ISTHMUS_OUTBOX WHERE FLOW = ? AND STATE = 'DELIVERED'")) {
			d.setString(1, flow);
			d.executeUpdate();
		}
	}

	/** A checkpoint's value, or {@code null}. */
	public static String checkpoint(Connection c, String name) throws SQLException {
		try (PreparedStatement q = c.prepareStatement("SELECT VAL FROM ISTHMUS_CHECKPOINT WHERE NAME = ?")) {
			q.setString(1, name);
			try (ResultSet r = q.executeQuery()) {
				return r.next() ? r.getString(1) : null;
			}
		}
	}

	/** Sets a checkpoint inside the caller's transaction; {@code null} removes it. */
	public static void checkpoint(Connection c, String name, String value) throws SQLException {
		if (value == null) {
			try (PreparedStatement d = c.prepareStatement("DELETE FROM ISTHMUS_CHECKPOINT WHERE NAME = ?")) {
				d.setString(1, name);
				d.executeUpdate();
			}
			return;
		}
		try (PreparedStatement m = c.prepareStatement("MERGE INTO ISTHMUS_CHECKPOINT (NAME, VAL) KEY (NAME) VALUES (?, ?)")) {
			m.setString(1, name);
			m.setString(2, value);
			m.executeUpdate();
		}
	}

	@Override
	public synchronized void close() {
		watch.close();
		for (Connection c : open) {
			try {
				if (!c.isClosed()) {
					c.rollback();
					c.close();
				}
			} catch (SQLException e) {
				// closing after a failure: nothing more to save
			}
		}
		open.clear();
	}
}
