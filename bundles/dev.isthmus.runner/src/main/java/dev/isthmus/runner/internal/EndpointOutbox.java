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
 * order they were written, a batch fixed for a sink that names it, and how many rows wait. The connection is the
 * caller's, and so is its transaction.
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

	private static final String COLUMNS = "ID, FLOW, RECORD, IDEMPOTENCY_KEY, CORRELATION, RETRY, ATTEMPTS, HISTORY, BATCH, CREATED_AT, PACKED";

	/** Where the last scan of the outbox stopped; a scan that finds fewer rows than a batch starts over. */
	private long after;

	List<Sink.Pending> due(Connection connection) throws SQLException {
		// Walks the (endpoint, state, id) index in order and stops after a batch, however long the outbox is;
		// rows whose retry is not due yet are stepped over.
		try (PreparedStatement q = connection.prepareStatement("SELECT " + COLUMNS + " FROM ISTHMUS_OUTBOX WHERE ENDPOINT = ?"
				+ " AND STATE = 'PENDING' AND ID > ? AND NEXT_AT <= ? ORDER BY ENDPOINT, STATE, ID")) {
			q.setString(1, endpoint);
			q.setLong(2, after);
			q.setTimestamp(3, Journal.at(clock.get()));
			q.setMaxRows(sink.batchSize());
			List<Sink.Pending> rows = read(q);
			connection.commit();
			if (rows.size() < sink.batchSize() && after > 0) {
				after = 0;
				if (rows.isEmpty()) {
					return due(connection);
				}
			} else if (!rows.isEmpty()) {
				after = rows.get(rows.size() - 1).id();
			}
			return rows;
		}
	}

	private static List<Sink.Pending> read(PreparedStatement q) throws SQLException {
		List<Sink.Pending> rows = new ArrayList<>();
		try (ResultSet r = q.executeQuery()) {
			while (r.next()) {
				long batchId = r.getLong(9);
				// wasNull speaks of the column read last
				Long batch = r.wasNull() ? null : batchId;
				rows.add(new Sink.Pending(r.getLong(1), r.getString(2), Journal.getText(r, 3), r.getString(4), r.getString(5), r.getString(6),
						r.getInt(7), r.getString(8), batch, r.getTimestamp(10).toInstant(), r.getInt(11)));
			}
		}
		return rows;
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
					List<Sink.Pending> same = read(q);
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
					r.attempts(), r.history(), id, r.createdAt(), r.records())).toList();
		} finally {
			Journal.WRITES.unlock();
		}
	}
}
