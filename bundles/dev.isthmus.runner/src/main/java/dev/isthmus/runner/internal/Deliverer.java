package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Empties one endpoint's part of the outbox: takes the rows that are due, hands them to the sink, and records
 * what happened in the journal — delivered; another attempt at a time chosen by the retry policy (exponential
 * backoff with jitter, kept in the journal so that it survives a restart); or a dead letter with the attempt
 * history once retries are spent or the target refuses the record for good.
 */
public final class Deliverer implements AutoCloseable {

	/**
	 * Every delivery's outbox ids and results in the log, for a post-mortem of the crash test, which sets
	 * {@code -Disthmus.logDeliveries=true}: a record lost or doubled is traced to the delivery that reported it.
	 */
	static final boolean LOG_DELIVERIES = Boolean.getBoolean("isthmus.logDeliveries");

	private final String endpoint;
	private final Sink sink;
	private final Journal journal;
	/** Opened again when broken (see {@link #deliverDue}). */
	private Connection connection;
	private final Supplier<Instant> clock;
	private final Metrics metrics;
	private final JsonLog log;
	private final Environment environment;
	private long delivered;
	private long deadLettered;
	private long retried;

	/** For {@link #pending}, asked from other threads. */
	private Connection counts;

	Deliverer(String endpoint, Sink sink, Journal journal, Supplier<Instant> clock, Metrics metrics, JsonLog log,
			Environment environment) throws SQLException {
		this.endpoint = endpoint;
		this.sink = sink;
		this.journal = journal;
		this.connection = journal.connect();
		this.counts = journal.connect();
		this.clock = clock;
		this.metrics = metrics;
		this.log = log;
		this.environment = environment;
	}

	public String endpoint() {
		return endpoint;
	}

	public long delivered() {
		return delivered;
	}

	public long deadLettered() {
		return deadLettered;
	}

	public long retried() {
		return retried;
	}

	/**
	 * Once {@code stop} says so, a delivery under way sends nothing more and keeps what was answered (see
	 * {@link Sink#stopWhen}): a stopping runner need not wait for a batch's every request, nor lose their answers.
	 */
	public void stopWhen(java.util.function.BooleanSupplier stop) {
		sink.stopWhen(stop);
	}

	/** Whether flows write this endpoint's deliveries as packs. */
	public boolean packs() {
		return sink.packs();
	}

	/** Delivers one batch of due rows; returns how many rows it took (0: nothing is due). */
	public int deliverDue() throws Exception {
		// A journal database that restarted leaves the connection broken: a new one is opened.
		connection = journal.working(connection);
		try {
			return deliverDueRows();
		} catch (Exception e) {
			// Whatever failed, no half-recorded batch may keep its row locks: the rows are read again next time.
			try {
				connection.rollback();
			} catch (SQLException broken) {
				e.addSuppressed(broken); // the connection is gone, and its transaction with it
			}
			throw e;
		}
	}

	private int deliverDueRows() throws Exception {
		List<Sink.Pending> rows = due();
		if (rows.isEmpty()) {
			return 0;
		}
		if (sink.stableBatches()) {
			rows = stable(rows);
		}
		List<Sink.Result> results;
		try {
			results = sink.deliver(rows);
		} catch (InterruptedException e) {
			throw e;
		} catch (Exception e) {
			String why = environment.redact(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
			results = new ArrayList<>();
			for (int i = 0; i < rows.size(); i++) {
				results.add(new Sink.Result(Sink.Kind.RETRY, why));
			}
		}
		if (results.size() < rows.size()) {
			// The sink stopped (the runner is stopping): the rows it did not answer for stay pending as they are.
			rows = rows.subList(0, results.size());
		}
		if (LOG_DELIVERIES) {
			log.info("delivery.results", "endpoint", endpoint, "ids", rows.stream().map(r -> r.id() + (r.packed() ? "p" + r.count() : "")).toList().toString(),
					"results", results.stream().map(r -> r.kind().toString()).toList().toString());
		}
		record(rows, results);
		return rows.size();
	}

	/**
	 * Rows waiting, due or not. Asked from other threads (metrics, the run's summary), so on a connection of its own:
	 * on the deliverer's, its commit would commit half of a delivery's bookkeeping.
	 */
	public long pending() throws SQLException {
		synchronized (this) {
			counts = journal.working(counts);
			return pending(counts);
		}
	}

	private long pending(Connection connection) throws SQLException {
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

	private List<Sink.Pending> due() throws SQLException {
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
					return due();
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
	private List<Sink.Pending> stable(List<Sink.Pending> rows) throws SQLException {
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

	private void record(List<Sink.Pending> rows, List<Sink.Result> results) throws SQLException {
		Journal.WRITES.lock();
		try {
			Instant now = clock.get();
			// A delivered row goes at once: its record is in the target, and its trace tells what went where. (Marking
			// it instead made H2 write the whole row, a pack's thousand records, out again.) A split pack goes too:
			// its rows carry its records on.
			try (PreparedStatement gone = connection.prepareStatement("DELETE FROM ISTHMUS_OUTBOX WHERE ID = ?");
					PreparedStatement again = connection.prepareStatement(
							"UPDATE ISTHMUS_OUTBOX SET ATTEMPTS = ?, NEXT_AT = ?, HISTORY = ? WHERE ID = ?");
					PreparedStatement dead = connection.prepareStatement(
							"UPDATE ISTHMUS_OUTBOX SET STATE = 'DEAD', ATTEMPTS = ?, HISTORY = ? WHERE ID = ?")) {
				JournalWrites writes = new JournalWrites();
				String labels = Metrics.labels("endpoint", endpoint);
				int d = 0, r = 0, x = 0;
				boolean released = false;
				java.util.Map<String, Long> deliveredByFlow = new java.util.HashMap<>();
				for (int i = 0; i < rows.size(); i++) {
					Sink.Pending row = rows.get(i);
					Sink.Result result = results.get(i);
					if (result.detail() != null) {
						// what a sink says goes to dead letters, traces and the log: no secret in it, whichever sink said it
						result = new Sink.Result(result.kind(), environment.redact(result.detail()), result.retryAfter());
					}
					int attempts = row.attempts() + 1;
					if (result.kind() == Sink.Kind.OK) {
						gone.setLong(1, row.id());
						gone.addBatch();
						d += row.count();
						deliveredByFlow.merge(row.flow(), (long) row.count(), Long::sum);
						double latency = Duration.between(row.createdAt(), now).toNanos() / 1e9;
						for (int n = 0; n < row.count(); n++) {
							metrics.observe("isthmus_delivery_latency_seconds", labels, latency);
						}
						continue;
					}
					String history = Retries.history(row.history(), attempts, now, result.detail());
					List<Pack.Entry> entries = row.packed() ? Pack.entries(row.record())
							: List.of(new Pack.Entry(row.idempotencyKey(), row.correlation(), row.record(), null));
					if (row.packed() && result.kind() == Sink.Kind.PERMANENT) {
						// Some record of the pack is refused: each goes on alone, so the target takes the others and
						// the refused one becomes a dead letter of its own (and counts as failed then, the others not).
						// Each keeps the pack's earlier attempts, not this one: its error is another record's.
						metrics.count("isthmus_delivery_failures_total", Metrics.labels("flow", row.flow(), "endpoint", endpoint), 1);
						gone.setLong(1, row.id());
						gone.addBatch();
						split(row, entries, row.history(), now, false);
						log.warn("delivery.split", "flow", row.flow(), "endpoint", endpoint, "records", row.count(), "reason", result.detail());
						continue;
					}
					String failedLabels = Metrics.labels("flow", row.flow(), "endpoint", endpoint);
					metrics.count("isthmus_delivery_failures_total", failedLabels, 1);
					if (attempts == 1) {
						// a record counts as failed once, at its first failed attempt; its retries are counted apart
						metrics.count("isthmus_records_failed_total", failedLabels, row.count());
					}
					Duration wait = result.kind() == Sink.Kind.RETRY ? Retries.backoff(row.retry(), attempts, result.retryAfter()) : null;
					if (wait != null) {
						again.setInt(1, attempts);
						again.setTimestamp(2, Journal.at(now.plus(wait)));
						again.setString(3, history);
						again.setLong(4, row.id());
						again.addBatch();
						r += row.count();
						log.warn("delivery.retrying", "flow", row.flow(), "endpoint", endpoint, "correlation", row.correlation(),
								"records", row.count(), "attempt", attempts, "nextInMillis", wait.toMillis(), "reason", result.detail());
						continue;
					}
					String reason = result.kind() == Sink.Kind.PERMANENT ? "refused: " + result.detail()
							: "gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": " + result.detail();
					if (row.packed()) {
						gone.setLong(1, row.id());
						gone.addBatch();
					} else {
						dead.setInt(1, attempts);
						dead.setString(2, history);
						dead.setLong(3, row.id());
						dead.addBatch();
					}
					List<Long> ids = row.packed() ? split(row, entries, history, now, true) : List.of(row.id());
					for (int e = 0; e < ids.size(); e++) {
						Pack.Entry entry = entries.get(e);
						writes.dead(row.flow(), "delivery", "deliver -> " + endpoint, reason, result.detail(), entry.record(), null,
								origin(row.flow(), entry.correlation()), endpoint,
								ids.get(e), entry.correlation(), history, now);
						// The record's idempotency key is given back, so that the record sent again (corrected) is taken.
						String flowKey = row.packed() ? entry.flowKey() : flowKey(row.id());
						if (flowKey != null) {
							writes.release(row.flow(), flowKey, now);
							released = true;
						}
						x++;
						metrics.count("isthmus_records_dead_lettered_total", Metrics.labels("flow", row.flow()), 1);
						log.error("delivery.dead-lettered", "flow", row.flow(), "endpoint", endpoint, "correlation", entry.correlation(),
								"reason", reason);
					}
				}
				gone.executeBatch();
				again.executeBatch();
				dead.executeBatch();
				writes.flush(connection);
				connection.commit();
				if (released) {
					journal.keysReleased.incrementAndGet();
				}
				delivered += d;
				retried += r;
				deadLettered += x;
				deliveredByFlow.forEach((flow, n) -> metrics.count("isthmus_records_out_total",
						Metrics.labels("flow", flow, "endpoint", endpoint), n));
				metrics.count("isthmus_retries_total", labels, r);
			} catch (java.io.IOException e) {
				throw new SQLException("an outbox pack of " + endpoint + " is not JSON: " + e.getMessage(), e);
			}
		} finally {
			Journal.WRITES.unlock();
		}
	}

	/**
	 * Replaces a pack by an outbox row per delivery, in the caller's transaction: pending ones to be delivered one by
	 * one, or dead ones. Returns the new rows' ids in the pack's order.
	 */
	private List<Long> split(Sink.Pending pack, List<Pack.Entry> entries, String history, Instant now, boolean dead) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ISTHMUS_OUTBOX (FLOW, ENDPOINT, RECORD, IDEMPOTENCY_KEY,"
				+ " CORRELATION, RETRY, STATE, ATTEMPTS, NEXT_AT, HISTORY, CREATED_AT, FLOW_KEY) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				java.sql.Statement.RETURN_GENERATED_KEYS)) {
			for (Pack.Entry entry : entries) {
				insert.setString(1, pack.flow());
				insert.setString(2, endpoint);
				Journal.putText(insert, 3, entry.record());
				insert.setString(4, entry.key());
				insert.setString(5, entry.correlation());
				insert.setString(6, pack.retry());
				insert.setString(7, dead ? "DEAD" : "PENDING");
				// A record split off for being refused starts its own count of attempts.
				insert.setInt(8, dead ? pack.attempts() + 1 : 0);
				insert.setTimestamp(9, Journal.at(now));
				insert.setString(10, history);
				insert.setTimestamp(11, Journal.at(pack.createdAt()));
				insert.setString(12, entry.flowKey());
				insert.executeUpdate();
				try (ResultSet keys = insert.getGeneratedKeys()) {
					keys.next();
					ids.add(keys.getLong(1));
				}
			}
		}
		return ids;
	}

	/** The flow's idempotency key of an outbox row's record, or {@code null} (read when the row becomes a dead letter). */
	private String flowKey(long outboxId) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement("SELECT FLOW_KEY FROM ISTHMUS_OUTBOX WHERE ID = ?")) {
			q.setLong(1, outboxId);
			try (ResultSet r = q.executeQuery()) {
				return r.next() ? r.getString(1) : null;
			}
		}
	}

	/**
	 * Where a delivery's record came from, as its flow's own correlation id says ({@code flow@origin}); {@code null}
	 * when the flow correlates by a field of its own, since the outbox keeps no other trace of it.
	 */
	static String origin(String flow, String correlation) {
		return correlation != null && correlation.startsWith(flow + "@") ? correlation.substring(flow.length() + 1) : null;
	}

	@Override
	public void close() {
		sink.close();
	}
}
