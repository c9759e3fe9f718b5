package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.LongSupplier;

import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Outcome;

/** The batch's inserts, as JDBC batches, flushed before commit. */
final class JournalWrites implements AutoCloseable {
	private final Connection c;
	private PreparedStatement outbox;
	private PreparedStatement dead;
	private PreparedStatement trace;
	private PreparedStatement held;
	private final BatchRow traces = new BatchRow();
	private final StringBuilder correlations = new StringBuilder();
	private String traceFlow;
	private Instant traceAt;
	private final java.util.Map<String, Pack> packs = new java.util.LinkedHashMap<>();
	private final BatchRow heldRecords = new BatchRow();
	private String heldFlow;
	private long heldSeq;

	JournalWrites(Connection c) {
		this.c = c;
	}

	/** A delivery, as an outbox row of its own. */
	void outbox(String flow, String endpoint, String record, String key, String correlation, String retry, Instant now)
			throws SQLException {
		outbox(flow, endpoint, record.getBytes(java.nio.charset.StandardCharsets.UTF_8), key, correlation, retry, 0, now);
	}

	/** An outbox row; its record is UTF-8 (see {@link Journal#putText}). */
	private void outbox(String flow, String endpoint, byte[] record, String key, String correlation, String retry, int records,
			Instant now) throws SQLException {
		if (outbox == null) {
			outbox = c.prepareStatement("INSERT INTO ISTHMUS_OUTBOX (FLOW, ENDPOINT, RECORD, IDEMPOTENCY_KEY, CORRELATION,"
					+ " RETRY, STATE, NEXT_AT, CREATED_AT, PACKED) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)");
		}
		outbox.setString(1, flow);
		outbox.setString(2, endpoint);
		outbox.setBytes(3, record);
		outbox.setString(4, key);
		outbox.setString(5, correlation);
		outbox.setString(6, retry);
		outbox.setTimestamp(7, Journal.at(now));
		outbox.setTimestamp(8, Journal.at(now));
		if (records == 0) {
			outbox.setNull(9, java.sql.Types.INTEGER);
		} else {
			outbox.setInt(9, records);
		}
		outbox.addBatch();
	}

	/** A delivery to a sink that {@link Sink#packs}: gathered with the transaction's others to the endpoint. */
	void pack(String flow, String endpoint, String record, String key, String correlation, String retry, Instant now)
			throws SQLException {
		Pack.Entry delivery = new Pack.Entry(key, correlation, record);
		String entry = delivery.text();
		Pack pack = packs.get(endpoint);
		if (pack != null && (!pack.flow().equals(flow) || !java.util.Objects.equals(pack.retry(), retry))) {
			flushPack(pack);
			pack = null;
		}
		if (pack == null) {
			pack = new Pack(flow, endpoint, retry);
			packs.put(endpoint, pack);
		} else if (pack.full() || !pack.fits(entry)) {
			flushPack(pack);
		}
		pack.add(delivery, entry, now);
	}

	private void flushPack(Pack pack) throws SQLException {
		if (pack.size() == 1) {
			// One delivery is a row like any other.
			Pack.Entry only = pack.first();
			outbox(pack.flow(), pack.endpoint(), only.record().getBytes(java.nio.charset.StandardCharsets.UTF_8), only.key(),
					only.correlation(), pack.retry(), 0, pack.since());
			pack.take();
		} else if (!pack.isEmpty()) {
			int size = pack.size();
			Pack.Entry first = pack.first();
			Instant since = pack.since();
			outbox(pack.flow(), pack.endpoint(), pack.take(), first.key(), null, pack.retry(), size, since);
		}
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
		dead.setString(8, origin != null && origin.length() > 2000 ? origin.substring(0, 1990) + "…" : origin);
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
	 * A record's trace (see {@link TraceText}), kept with the rest of the batch's traces in one journal row, which
	 * lists the batch's correlation ids a line each for {@code isthmus trace}.
	 */
	void trace(String correlation, String flow, String origin, Outcome outcome, Environment environment, Instant now)
			throws SQLException {
		if (traces.full() || (!traces.isEmpty() && !flow.equals(traceFlow))) {
			flushTraces();
		}
		if (traces.isEmpty()) {
			correlations.append('\n');
			traceFlow = flow;
			traceAt = now;
		}
		TraceText.into(traces, correlation, origin, outcome, environment);
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
		trace.setBytes(4, traces.take());
		trace.addBatch();
		correlations.setLength(0);
	}

	/**
	 * A held record, kept with the batch's other held records in one journal row; returns the number of that row,
	 * taken from {@code nextSeq} when a row is started.
	 */
	long held(String flow, Held record, LongSupplier nextSeq) throws SQLException {
		if (heldRecords.full() || (!heldRecords.isEmpty() && !flow.equals(heldFlow))) {
			flushHeld();
		}
		if (heldRecords.isEmpty()) {
			heldSeq = nextSeq.getAsLong();
			heldFlow = flow;
		}
		heldRecords.add(out -> FlowEngine.write(record, out));
		if (heldRecords.overfull()) {
			// A large record on a row near its limit: the row is written without it, and it starts the next one.
			addHeld(heldFlow, heldSeq, heldRecords.splitLast());
			heldSeq = nextSeq.getAsLong();
		}
		return heldSeq;
	}

	private void flushHeld() throws SQLException {
		if (heldRecords.isEmpty()) {
			return;
		}
		addHeld(heldFlow, heldSeq, heldRecords.take());
	}

	private void addHeld(String flow, long seq, byte[] records) throws SQLException {
		if (held == null) {
			held = c.prepareStatement("INSERT INTO ISTHMUS_HELD (FLOW, SEQ, RECORD) VALUES (?, ?, ?)");
		}
		held.setString(1, flow);
		held.setLong(2, seq);
		held.setBytes(3, records);
		held.addBatch();
	}

	void flush() throws SQLException {
		for (Pack pack : packs.values()) {
			flushPack(pack);
		}
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
