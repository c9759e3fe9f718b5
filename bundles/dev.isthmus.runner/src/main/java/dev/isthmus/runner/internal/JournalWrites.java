package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The batch's inserts, as JDBC batches, flushed before commit. */
final class JournalWrites implements AutoCloseable {
	private static final ObjectMapper JSON = new ObjectMapper();
	private final Connection c;
	private PreparedStatement outbox;
	private PreparedStatement dead;
	private PreparedStatement trace;
	private PreparedStatement held;
	private final BatchRow traces = new BatchRow();
	private final StringBuilder correlations = new StringBuilder();
	private String traceFlow;
	private Instant traceAt;
	private final BatchRow heldRecords = new BatchRow();
	private String heldFlow;
	private long heldSeq;

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
	 * A record's trace, kept with the rest of the batch's traces in one journal row, which lists the batch's
	 * correlation ids a line each for {@code isthmus trace}.
	 */
	void trace(String correlation, String flow, String origin, String text, Instant now) throws SQLException {
		String entry = "{\"correlation\":" + quote(correlation) + ",\"origin\":" + quote(origin) + ",\"trace\":" + text + "}";
		if (!traces.fits(entry) || (!traces.isEmpty() && !flow.equals(traceFlow))) {
			flushTraces();
		}
		if (traces.isEmpty()) {
			correlations.append('\n');
			traceFlow = flow;
			traceAt = now;
		}
		traces.add(entry);
		// Each id is also in its entry, so the list is never longer than the row.
		correlations.append(Journal.traceKey(correlation)).append('\n');
	}

	private void flushTraces() throws SQLException {
		if (traces.isEmpty()) {
			return;
		}
		if (trace == null) {
			trace = c.prepareStatement("INSERT INTO ISTHMUS_TRACES (FLOW, AT, CORRELATIONS, TRACES) VALUES (?, ?, ?, ?)");
		}
		trace.setString(1, traceFlow);
		trace.setTimestamp(2, Journal.at(traceAt));
		trace.setString(3, correlations.toString());
		trace.setString(4, traces.take());
		trace.addBatch();
		correlations.setLength(0);
	}

	static String quote(String text) {
		if (text == null) {
			return "null";
		}
		try {
			return JSON.writeValueAsString(text);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("a string is always JSON", e);
		}
	}

	/**
	 * A held record (its JSON), kept with the batch's other held records in one journal row; returns the number of
	 * that row, taken from {@code nextSeq} when a row is started.
	 */
	long held(String flow, String record, LongSupplier nextSeq) throws SQLException {
		if (!heldRecords.fits(record) || (!heldRecords.isEmpty() && !flow.equals(heldFlow))) {
			flushHeld();
		}
		if (heldRecords.isEmpty()) {
			heldSeq = nextSeq.getAsLong();
			heldFlow = flow;
		}
		heldRecords.add(record);
		return heldSeq;
	}

	private void flushHeld() throws SQLException {
		if (heldRecords.isEmpty()) {
			return;
		}
		if (held == null) {
			held = c.prepareStatement("INSERT INTO ISTHMUS_HELD (FLOW, SEQ, RECORD) VALUES (?, ?, ?)");
		}
		held.setString(1, heldFlow);
		held.setLong(2, heldSeq);
		held.setString(3, heldRecords.take());
		held.addBatch();
	}

	void flush() throws SQLException {
		flushTraces();
		flushHeld();
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
