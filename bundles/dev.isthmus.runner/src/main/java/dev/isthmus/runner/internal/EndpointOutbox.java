package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One endpoint's part of the outbox, as its {@link Deliverer} reads it: the rows due now, a batch at a time in the
 * order they were written, a batch fixed for a sink that names it, and how many rows wait. For a table (a sink that
 * {@link Sink#packs}) the order is kept strictly: a row waiting for its retry holds back the rows after it, and the
 * rows split off a refused pack go before them all; for a file (a sink with {@link Sink#stableBatches}) too. Any
 * other (HTTP) keeps the order per key — the URL of a sink that {@link Sink#ordersByKey} (a PUT, PATCH or DELETE),
 * and the flow's {@code ordered by} value a row carries: a row waiting for its retry holds back the later rows of its
 * keys, and a batch takes one row of a key, the next going once it is answered. The connection is the caller's, and so is its
 * transaction.
 */
final class EndpointOutbox {

	private final String endpoint;
	/** Asked how many rows a delivery takes (see {@link Sink#batchSize}). */
	private final Sink sink;
	private final Supplier<Instant> clock;

	EndpointOutbox(String endpoint, Sink sink, Supplier<Instant> clock) {
		this.endpoint = endpoint;
		this.sink = sink;
		this.clock = clock;
	}

	/** Rows waiting, due or not (see {@link Deliverer#pending}). */
	long pending(Connection connection) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement("SELECT COALESCE(SUM(COALESCE(PACKED, 1)), 0) FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ? AND STATE = 'PENDING'")) {
			q.setString(1, endpoint);
			try (ResultSet r = q.executeQuery()) {
				r.next();
				long n = r.getLong(1);
				connection.commit();
				return n;
			}
		}
	}

	private static final String COLUMNS = "ID, FLOW, RECORD, IDEMPOTENCY_KEY, CORRELATION, RETRY, ATTEMPTS, HISTORY, BATCH, CREATED_AT, PACKED, NEXT_AT,"
			+ " ORDER_KEY";

	/** Where the last scan of the outbox stopped; a scan that finds fewer rows than a batch starts over. */
	private long after;

	/**
	 * The ids between which rows split off refused packs wait (see {@link DeliveryResults}): 0 when none does, -1
	 * until looked for in the journal (a run before this one may have left some).
	 */
	private long firstSplit = -1;
	private long lastSplit;

	/** Rows were split off a pack, under these ids (committed): they go before any other row of the endpoint. */
	void splitInto(List<Long> ids) {
		if (ids.isEmpty() || firstSplit < 0) {
			return; // still to be looked for: the look finds these too
		}
		long first = ids.stream().mapToLong(Long::longValue).min().getAsLong();
		firstSplit = firstSplit == 0 ? first : Math.min(firstSplit, first);
		lastSplit = Math.max(lastSplit, ids.stream().mapToLong(Long::longValue).max().getAsLong());
	}

	/**
	 * The sink left rows from {@code id} on unanswered: the walk takes them up again next, rather than after the rest
	 * of the outbox (it had already stepped past them).
	 */
	void rewind(long id) {
		after = Math.min(after, id - 1);
	}

	/**
	 * For rows ordered by key (see {@link #keys}): the ids of the rows waiting for a retry, by key ({@code null} until read
	 * from the journal, at the first delivery). Held-back rows are not kept here: the walk meets them again.
	 */
	private java.util.Map<String, java.util.TreeSet<Long>> waiting;

	/**
	 * What became of a delivery's rows ({@code waitingIds}: those set to wait for another attempt, with its time): a
	 * row answered for good lets the later rows of its keys go, read next from where it was; a row set to wait is
	 * gone back for when it is due (see {@link #retries}).
	 */
	void settled(List<Sink.Pending> rows, java.util.Map<Long, Instant> waitingIds) {
		if (retries != null) {
			waitingIds.forEach(this::retryAt);
		}
		if (waiting == null) {
			return;
		}
		for (Sink.Pending row : rows) {
			List<String> keys = keys(row);
			if (keys.isEmpty()) {
				continue;
			}
			for (String key : keys) {
				if (waitingIds.containsKey(row.id())) {
					waiting.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(row.id());
				} else {
					java.util.TreeSet<Long> ids = waiting.get(key);
					if (ids != null && ids.remove(row.id()) && ids.isEmpty()) {
						waiting.remove(key);
					}
				}
			}
			if (!waitingIds.containsKey(row.id())) {
				after = Math.min(after, row.id());
			}
		}
	}

	/**
	 * What a row's delivery is ordered by: the thing its request changes, for a sink that {@link Sink#ordersByKey} (an
	 * HTTP PUT's URL), and its flow's {@code ordered by} value. Empty: ordered with no other row.
	 */
	private List<String> keys(Sink.Pending row) {
		String changes = sink.orderKey(row);
		String by = row.orderKey();
		if (changes == null) {
			return by == null ? List.of() : List.of("by " + by);
		}
		return by == null ? List.of("url " + changes) : List.of("url " + changes, "by " + by);
	}

	List<Sink.Pending> due(Connection connection) throws SQLException {
		if (sink.packs()) {
			// A table upserts: a record written after another of the same key must land after it, or the older one wins.
			List<Sink.Pending> split = splitDue(connection);
			return split != null ? split : head(connection);
		}
		if (sink.stableBatches()) {
			// Files land in the order their records were written: a batch waiting for its retry holds back the later
			// ones, or a consumer reading the directory as files appear would see a later record before an earlier.
			return head(connection);
		}
		// Otherwise by key: a PUT of a customer written after another must land after it, or the target keeps the
		// older one; so must a flow's records of one 'ordered by' value, whatever the method. Rows with no key (a POST of
		// a flow that orders nothing) go as they come.
		if (waiting == null) {
			waiting = new java.util.HashMap<>();
			if (sink.ordersByKey()) {
				// a PUT's key is its URL, made from the record
				try (PreparedStatement q = connection.prepareStatement("SELECT " + COLUMNS + " FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ?"
						+ " AND STATE = 'PENDING' AND ATTEMPTS > 0")) {
					q.setString(1, endpoint);
					for (Sink.Pending row : read(q, null).rows()) {
						for (String key : keys(row)) {
							waiting.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(row.id());
						}
					}
				}
			} else {
				// Only the keys, not the records: a POST target down for hours has that many rows waiting.
				try (PreparedStatement q = connection.prepareStatement("SELECT ID, ORDER_KEY FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ?"
						+ " AND STATE = 'PENDING' AND ATTEMPTS > 0 AND ORDER_KEY IS NOT NULL")) {
					q.setString(1, endpoint);
					try (ResultSet r = q.executeQuery()) {
						while (r.next()) {
							waiting.computeIfAbsent("by " + r.getString(2), k -> new java.util.TreeSet<>()).add(r.getLong(1));
						}
					}
				}
			}
			connection.commit();
		}
		while (true) {
			List<Sink.Pending> rows = walk(connection);
			List<Sink.Pending> kept = new ArrayList<>();
			java.util.Set<String> inBatch = new java.util.HashSet<>();
			long firstDeferred = 0;
			rows:
			for (Sink.Pending row : rows) {
				List<String> keys = keys(row);
				for (String key : keys) {
					java.util.TreeSet<Long> before = waiting.get(key);
					if (before != null && before.first() < row.id()) {
						continue rows; // held back: an earlier row of its key waits for its retry
					}
				}
				if (keys.stream().anyMatch(inBatch::contains)) {
					// in the next batch, once the one before it is answered: requests of a batch go out together
					firstDeferred = firstDeferred == 0 ? row.id() : firstDeferred;
					continue;
				}
				inBatch.addAll(keys);
				kept.add(row);
			}
			if (firstDeferred > 0) {
				after = Math.min(after, firstDeferred - 1);
			}
			if (!kept.isEmpty() || rows.size() < sink.batchSize()) {
				return kept;
			}
		}
	}

	/**
	 * When rows set to wait for a retry come due, by the tenth of a second (rounded up: the walk goes back no sooner
	 * than they are due, or it would find them not due and pass them), and the least id among them: the walk
	 * goes back for them then. It went on from where it stopped, and came back only after the rest of the outbox: under
	 * a rate, a backlog of new records held a retry back for as long as they took to send (review 37). {@code null}
	 * until read from the journal (rows a run before this one set to wait).
	 */
	private java.util.TreeMap<Instant, Long> retries;

	private void retryAt(long id, Instant at) {
		long tenth = 100_000_000L;
		// (nanos past 999,999,999 carry into the seconds)
		retries.merge(Instant.ofEpochSecond(at.getEpochSecond(), (at.getNano() + tenth - 1) / tenth * tenth), id, Math::min);
	}

	/** The next due rows, in id order, from where the last walk stopped, or from a retry that has come due. */
	private List<Sink.Pending> walk(Connection connection) throws SQLException {
		if (retries == null) {
			retries = new java.util.TreeMap<>();
			// only the ids and times: a target down for hours has that many rows waiting
			try (PreparedStatement q = connection.prepareStatement("SELECT ID, NEXT_AT FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ?"
					+ " AND STATE = 'PENDING' AND ATTEMPTS > 0")) {
				q.setString(1, endpoint);
				try (ResultSet r = q.executeQuery()) {
					while (r.next()) {
						retryAt(r.getLong(1), r.getTimestamp(2).toInstant());
					}
				}
			}
			connection.commit();
		}
		Instant now = clock.get();
		while (!retries.isEmpty() && !retries.firstKey().isAfter(now)) {
			after = Math.min(after, retries.pollFirstEntry().getValue() - 1);
		}
		// Walks the (endpoint, state, id) index in order and stops after a batch, however long the outbox is;
		// rows whose retry is not due yet are stepped over.
		try (PreparedStatement q = connection.prepareStatement("SELECT " + COLUMNS + " FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ?"
				+ " AND STATE = 'PENDING' AND ID > ? AND NEXT_AT <= ? ORDER BY ENDPOINT, STATE, ID")) {
			q.setString(1, endpoint);
			q.setLong(2, after);
			q.setTimestamp(3, Journal.at(clock.get()));
			q.setMaxRows(sink.batchSize());
			List<Sink.Pending> rows = read(q, null).rows();
			connection.commit();
			if (rows.size() < sink.batchSize() && after > 0) {
				after = 0;
				if (rows.isEmpty()) {
					return walk(connection);
				}
			} else if (!rows.isEmpty()) {
				after = rows.get(rows.size() - 1).id();
			}
			return rows;
		}
	}

	/**
	 * The first rows of the endpoint, in the order they were written, up to the first one whose retry is not due:
	 * it holds back the rest, which may hold a later record of its key. The index walk starts at the endpoint's
	 * oldest row, as a delivered row is gone.
	 */
	private List<Sink.Pending> head(Connection connection) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement("SELECT " + COLUMNS + " FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ?"
				+ " AND STATE = 'PENDING' ORDER BY ENDPOINT, STATE, ID")) {
			q.setString(1, endpoint);
			q.setMaxRows(sink.batchSize());
			List<Sink.Pending> rows = read(q, clock.get()).rows();
			connection.commit();
			return rows;
		}
	}

	/**
	 * The rows split off refused packs, in order, up to the first whose retry is not due, or {@code null} when none
	 * waits. They are newer rows than those written after their pack, but hold its older records: while one waits
	 * (for its retry too), no other row of the endpoint is delivered. A split row carries its pack's id as BATCH,
	 * which is how a runner started after a crash finds them.
	 */
	private List<Sink.Pending> splitDue(Connection connection) throws SQLException {
		if (firstSplit < 0) {
			try (PreparedStatement q = connection.prepareStatement("SELECT MIN(ID), MAX(ID) FROM ISTHMUS_OUTBOX"
					+ " WHERE ENDPOINT = ? AND STATE = 'PENDING' AND BATCH IS NOT NULL")) {
				q.setString(1, endpoint);
				try (ResultSet r = q.executeQuery()) {
					r.next();
					firstSplit = r.getLong(1); // 0 when NULL: none
					lastSplit = r.getLong(2);
				}
			}
			connection.commit();
		}
		if (firstSplit == 0) {
			return null;
		}
		try (PreparedStatement q = connection.prepareStatement("SELECT " + COLUMNS + " FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ?"
				+ " AND STATE = 'PENDING' AND ID BETWEEN ? AND ? AND BATCH IS NOT NULL ORDER BY ENDPOINT, STATE, ID")) {
			q.setString(1, endpoint);
			q.setLong(2, firstSplit);
			q.setLong(3, lastSplit);
			q.setMaxRows(sink.batchSize());
			Read read = read(q, clock.get());
			connection.commit();
			if (read.rows().isEmpty() && !read.held()) {
				firstSplit = 0;
				lastSplit = 0;
				return null;
			}
			if (!read.rows().isEmpty()) {
				firstSplit = read.rows().get(0).id();
			}
			return read.rows();
		}
	}

	/** Rows read, and whether the read stopped at a row whose retry is not due. */
	private record Read(List<Sink.Pending> rows, boolean held) {
	}

	/** The rows {@code q} finds; with {@code dueBy}, up to the first whose retry is not due then. */
	private static Read read(PreparedStatement q, Instant dueBy) throws SQLException {
		List<Sink.Pending> rows = new ArrayList<>();
		try (ResultSet r = q.executeQuery()) {
			while (r.next()) {
				if (dueBy != null && r.getTimestamp(12).toInstant().isAfter(dueBy)) {
					return new Read(rows, true);
				}
				long batchId = r.getLong(9);
				// wasNull speaks of the column read last
				Long batch = r.wasNull() ? null : batchId;
				rows.add(new Sink.Pending(r.getLong(1), r.getString(2), Journal.getText(r, 3), r.getString(4), r.getString(5), r.getString(6),
						r.getInt(7), r.getString(8), batch, r.getTimestamp(10).toInstant(), r.getInt(11), r.getString(13)));
			}
		}
		return new Read(rows, false);
	}

	/**
	 * A batch the sink names by its id (a file) is fixed before it is first written: after a crash, the same rows
	 * are written again under the same name, never split or merged with others.
	 */
	List<Sink.Pending> stable(Connection connection, List<Sink.Pending> rows) throws SQLException {
		Journal.WRITES.lock();
		try {
			Long batch = rows.get(0).batch();
			if (batch != null) {
				try (PreparedStatement q = connection.prepareStatement("SELECT " + COLUMNS
						+ " FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ? AND BATCH = ? AND STATE = 'PENDING' ORDER BY ID")) {
					q.setString(1, endpoint);
					q.setLong(2, batch);
					List<Sink.Pending> same = read(q, null).rows();
					connection.commit();
					return same;
				}
			}
			List<Sink.Pending> fresh = rows.stream().filter(r -> r.batch() == null).toList();
			long id = fresh.get(0).id();
			try (PreparedStatement u = connection.prepareStatement("UPDATE ISTHMUS_OUTBOX SET BATCH = ? WHERE ID = ?")) {
				for (Sink.Pending row : fresh) {
					u.setLong(1, id);
					u.setLong(2, row.id());
					u.addBatch();
				}
				u.executeBatch();
			}
			connection.commit();
			return fresh.stream().map(r -> new Sink.Pending(r.id(), r.flow(), r.record(), r.idempotencyKey(), r.correlation(), r.retry(),
					r.attempts(), r.history(), id, r.createdAt(), r.records(), r.orderKey())).toList();
		} finally {
			Journal.WRITES.unlock();
		}
	}
}
