package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The batch's inserts, as JDBC batches, flushed before commit. */
final class JournalWrites implements AutoCloseable {
	private final Connection c;
	private PreparedStatement outbox;
	private PreparedStatement dead;
	private PreparedStatement trace;
	private PreparedStatement held;

	JournalWrites(Connection c) {
		this.c = c;
	}

	void outbox(String flow, String endpoint, String record, String key, String correlation, String retry, Instant now)
			throws SQLException {
		if (outbox == null) {
			outbox = c.prepareStatement("INSERT INTO ISTHMUS_OUTBOX (FLOW, ENDPOINT, RECORD, IDEMPOTENCY_KEY, CORRELATION,"
					+ " RETRY, STATE, NEXT_AT, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)");
		}
		outbox.setString(1, flow);
		outbox.setString(2, endpoint);
		outbox.setString(3, record);
		outbox.setString(4, key);
		outbox.setString(5, correlation);
		outbox.setString(6, retry);
		outbox.setTimestamp(7, Journal.at(now));
		outbox.setTimestamp(8, Journal.at(now));
		outbox.addBatch();
	}

	void dead(String flow, String kind, String step, String reason, String details, String record, String source,
			String origin, String endpoint, Long outboxId, String correlation, String attempts, Instant now) throws SQLException {
		if (dead == null) {
			dead = c.prepareStatement("INSERT INTO ISTHMUS_DEAD (FLOW, KIND, STEP, REASON, DETAILS, RECORD, SOURCE, ORIGIN,"
					+ " ENDPOINT, OUTBOX_ID, CORRELATION, ATTEMPTS, CREATED_AT, STATE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DEAD')");
		}
		dead.setString(1, flow);
		dead.setString(2, kind);
		dead.setString(3, step);
		dead.setString(4, reason.length() > 4000 ? reason.substring(0, 3990) + "…" : reason);
		dead.setString(5, details);
		dead.setString(6, record);
		dead.setString(7, source);
		dead.setString(8, origin);
		dead.setString(9, endpoint);
		if (outboxId == null) {
			dead.setNull(10, java.sql.Types.BIGINT);
		} else {
			dead.setLong(10, outboxId);
		}
		dead.setString(11, correlation);
		dead.setString(12, attempts);
		dead.setTimestamp(13, Journal.at(now));
		dead.addBatch();
	}

	/**
	 * A record's trace, kept with the rest of the batch's traces in one journal row (a JSON array), which names the
	 * batch's correlation ids for {@code isthmus trace}. A row per trace, indexed by correlation id, made the
	 * journal rewrite pages all over its index at every commit.
	 */
	void trace(String correlation, String flow, String origin, String text, Instant now) throws SQLException {
		String entry = "{\"correlation\":" + quote(correlation) + ",\"origin\":" + quote(origin) + ",\"trace\":" + text + "}";
		if (traces.length() > 1 && (traces.length() + entry.length() > TRACE_ROW || !flow.equals(traceFlow))) {
			flushTraces();
		}
		if (traces.isEmpty()) {
			traces.append('[');
			correlations.append('\n');
			traceFlow = flow;
			traceAt = now;
		} else {
			traces.append(',');
		}
		traces.append(entry);
		correlations.append(Journal.traceKey(correlation)).append('\n');
	}

	/** Characters of a trace row: well inside the columns' million. */
	static final int TRACE_ROW = 900_000;
	private final StringBuilder traces = new StringBuilder();
	private final StringBuilder correlations = new StringBuilder();
	private String traceFlow;
	private Instant traceAt;

	private void flushTraces() throws SQLException {
		if (traces.isEmpty()) {
			return;
		}
		if (trace == null) {
			trace = c.prepareStatement("INSERT INTO ISTHMUS_TRACES (FLOW, AT, CORRELATIONS, TRACES) VALUES (?, ?, ?, ?)");
		}
		String ids = correlations.length() > TRACE_ROW ? correlations.substring(0, TRACE_ROW) : correlations.toString();
		trace.setString(1, traceFlow);
		trace.setTimestamp(2, Journal.at(traceAt));
		trace.setString(3, ids);
		trace.setString(4, traces.append(']').toString());
		trace.addBatch();
		traces.setLength(0);
		correlations.setLength(0);
	}

	private static String quote(String text) {
		if (text == null) {
			return "null";
		}
		try {
			return JSON.writeValueAsString(text);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IllegalStateException("a string is always JSON", e);
		}
	}

	private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

	void held(String flow, long seq, String record) throws SQLException {
		if (held == null) {
			held = c.prepareStatement("INSERT INTO ISTHMUS_HELD (FLOW, SEQ, RECORD) VALUES (?, ?, ?)");
		}
		held.setString(1, flow);
		held.setLong(2, seq);
		held.setString(3, record);
		held.addBatch();
	}

	void flush() throws SQLException {
		flushTraces();
		for (PreparedStatement s : new PreparedStatement[] { outbox, dead, trace, held }) {
			if (s != null) {
				s.executeBatch();
			}
		}
	}

	@Override
	public void close() throws SQLException {
		for (PreparedStatement s : new PreparedStatement[] { outbox, dead, trace, held }) {
			if (s != null) {
				s.close();
			}
		}
	}
}
