package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Outcome;

/**
 * A transaction's inserts, gathered and then written, as JDBC batches, by {@link #flush} on the connection that
 * commits them. Nothing here touches a connection before then, so that a flow's worker can decide the next batch
 * while another thread writes this one; traces are turned into text there too ({@link #prepare}), being the
 * largest part of that text.
 */
final class JournalWrites {
	/** Where {@link #dead} puts what, in a dead letter's row (see {@link DeadLetterCopies#record}). */
	static final int DEAD_FLOW = 0, DEAD_KIND = 1, DEAD_STEP = 2, DEAD_REASON = 3, DEAD_DETAILS = 4, DEAD_RECORD = 5, DEAD_SOURCE = 6,
			DEAD_ORIGIN = 7, DEAD_ENDPOINT = 8, DEAD_CORRELATION = 10, DEAD_ATTEMPTS = 11, DEAD_AT = 12;

	/** The flows whose dead letters are sent into an endpoint too, in the transaction that makes them (see {@link #flush}). */
	private final DeadLetterCopies copies;
	private final List<Object[]> outbox = new ArrayList<>();
	private final List<Object[]> dead = new ArrayList<>();
	private final List<Object[]> traceRows = new ArrayList<>();
	private final List<Object[]> held = new ArrayList<>();
	private final List<Object[]> released = new ArrayList<>();
	private final List<Object[]> reclaimed = new ArrayList<>();
	private final List<Object[]> retried = new ArrayList<>();
	/** Traces not yet text: {@link #prepare} writes them. */
	private final List<Trace> traces = new ArrayList<>();
	private final BatchRow traceText = new BatchRow();
	private final StringBuilder correlations = new StringBuilder();
	private String traceFlow;
	private Instant traceAt;
	private final java.util.Map<String, Pack> packs = new java.util.LinkedHashMap<>();
	private final BatchRow heldRecords = new BatchRow();
	private String heldFlow;
	private long heldSeq;
	private final java.util.Map<String, String> checkpoints = new java.util.LinkedHashMap<>();
	/**
	 * {@code keys}: its deliveries' idempotency keys, in the order of its delivery steps, when the trace names them;
	 * {@code groups}: the groups its aggregate steps held it for, in order.
	 */
	private record Trace(String correlation, String flow, String origin, Outcome outcome, Environment environment, Instant now,
			List<String> keys, List<dev.isthmus.engine.Group> groups, TraceText.Members members) {
	}

	JournalWrites(DeadLetterCopies copies) {
		this.copies = copies;
	}

	/** A checkpoint set in the same transaction (see {@link Journal#checkpoint(Connection, String, String)}). */
	void checkpoint(String name, String value) {
		checkpoints.put(name, value);
	}

	/**
	 * A delivery, as an outbox row of its own. {@code flowKey}: the flow's idempotency key of the record, or
	 * {@code null}; it is given back should the delivery end as a dead letter.
	 */
	void outbox(String flow, String endpoint, String record, String key, String correlation, String retry, String flowKey, Instant now) {
		outbox(flow, endpoint, record, key, correlation, retry, flowKey, null, now);
	}

	/** As above, for a delivery its flow orders by {@code orderKey} (see {@link EndpointOutbox}; {@code null}: by nothing). */
	void outbox(String flow, String endpoint, String record, String key, String correlation, String retry, String flowKey, String orderKey,
			Instant now) {
		outbox(flow, endpoint, record.getBytes(java.nio.charset.StandardCharsets.UTF_8), key, correlation, retry, 0, flowKey, orderKey, now);
	}

	/** An outbox row; its record is UTF-8 (see {@link Journal#putText}). */
	private void outbox(String flow, String endpoint, byte[] record, String key, String correlation, String retry, int records,
			String flowKey, String orderKey, Instant now) {
		outbox.add(new Object[] { flow, endpoint, record, key, correlation, retry, Journal.at(now), Journal.at(now),
				records == 0 ? null : records, flowKey, orderKey });
	}

	/** A delivery to a sink that {@link Sink#packs}: gathered with the transaction's others to the endpoint. */
	void pack(String flow, String endpoint, String record, String key, String correlation, String retry, String flowKey, Instant now) {
		Pack.Entry delivery = new Pack.Entry(key, correlation, record, flowKey);
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

	private void flushPack(Pack pack) {
		if (pack.size() == 1) {
			// One delivery is a row like any other.
			Pack.Entry only = pack.first();
			outbox(pack.flow(), pack.endpoint(), only.record().getBytes(java.nio.charset.StandardCharsets.UTF_8), only.key(),
					only.correlation(), pack.retry(), 0, only.flowKey(), null, pack.since());
			pack.take();
		} else if (!pack.isEmpty()) {
			int size = pack.size();
			Pack.Entry first = pack.first();
			Instant since = pack.since();
			outbox(pack.flow(), pack.endpoint(), pack.take(), first.key(), null, pack.retry(), size, null, null, since);
		}
	}

	/**
	 * The flow's idempotency key of a record whose delivery became a dead letter, given back in the same transaction:
	 * the flow takes the record again when it comes again, corrected (see {@link JournalKeys#released}).
	 */
	void release(String flow, String flowKey, Instant now) {
		released.add(new Object[] { flow, flowKey, Journal.at(now) });
	}

	/** Released keys the flow has claimed again: their rows go (see {@link JournalKeys#reclaimed}). */
	void reclaimed(String flow, List<String> keys) {
		keys.forEach(key -> reclaimed.add(new Object[] { flow, key }));
	}

	/**
	 * A delivery made after failed attempts ({@code history}, as {@link Retries#history} wrote it; {@code attempt}: the
	 * one that delivered it), kept for {@code isthmus trace}: the delivered row itself leaves the outbox.
	 */
	void retried(String flow, String endpoint, String correlation, String key, int attempt, String history, Instant now) {
		retried.add(new Object[] { flow, endpoint, correlation, key, attempt, history, Journal.at(now) });
	}

	void dead(String flow, String kind, String step, String reason, String details, String record, String source,
			String origin, String endpoint, Long outboxId, String correlation, String attempts, Instant now) {
		dead(flow, kind, step, reason, details, record, source, origin, endpoint, outboxId, correlation, attempts, now, false);
	}

	/** As above; {@code scrubbed}: the record held a secret's value, which it keeps as {@code ***} (not to be replayed). */
	void dead(String flow, String kind, String step, String reason, String details, String record, String source,
			String origin, String endpoint, Long outboxId, String correlation, String attempts, Instant now, boolean scrubbed) {
		dead.add(new Object[] { flow, kind, step, reason.length() > 4000 ? TextCuts.start(reason, 3990) + "…" : reason, details, record,
				source, origin != null && origin.length() > 2000 ? TextCuts.start(origin, 1990) + "…" : origin, endpoint, outboxId, correlation,
				// (To the microsecond the column keeps, so that a copy of the letter says the time the journal does.)
				attempts, Journal.at(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), scrubbed ? Boolean.TRUE : null });
	}

	/**
	 * A record's trace (see {@link TraceText}), kept with the rest of the batch's traces in one journal row, which
	 * lists the batch's correlation ids a line each for {@code isthmus trace}. {@code deliveryKeys}: the keys its
	 * deliveries were queued with, in order; named in the trace only where the correlation id does not tell this
	 * record's deliveries from others' (see {@link #needsKeys}). {@code heldFor}: the groups its aggregate steps
	 * held it for (empty where none did), named on those steps so that {@code isthmus trace} can follow the record to
	 * its group's result. Naming is left to the thread that writes the text: the flow's has found the groups already.
	 */
	void trace(String correlation, String flow, String origin, Outcome outcome, Environment environment, Instant now,
			List<String> deliveryKeys, List<dev.isthmus.engine.Group> heldFor) {
		// A group's results share its correlation id (late records make a result of their own): keys tell them apart.
		traces.add(new Trace(correlation, flow, origin, outcome, environment, now,
				needsKeys(outcome) || origin.startsWith("group:") ? deliveryKeys : null, heldFor.isEmpty() ? null : heldFor, null));
	}

	/** A group's trace (see {@link #trace}), naming the records it combined ({@code members}). */
	void traceGroup(String correlation, String flow, String origin, Outcome outcome, Environment environment, Instant now,
			List<String> deliveryKeys, TraceText.Members members) {
		traces.add(new Trace(correlation, flow, origin, outcome, environment, now, deliveryKeys, null, members));
	}

	/**
	 * Keys are written only where the correlation id does not tell a record's deliveries apart: a {@code correlate by}
	 * id (shared by a customer's records), or a trace with two deliveries to one endpoint (a split record's). The
	 * trace is written per record, and most flows need neither.
	 */
	private static boolean needsKeys(Outcome outcome) {
		if (outcome.correlationId() != null) {
			return true;
		}
		List<Outcome.Delivery> deliveries = outcome.deliveries();
		for (int i = 1; i < deliveries.size(); i++) {
			for (int j = 0; j < i; j++) {
				if (deliveries.get(i).endpoint().equals(deliveries.get(j).endpoint())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Writes the traces as text, into rows. The outcomes they are written from are not changed after they are
	 * handed here, so this may run on another thread than the one that decided them.
	 */
	void prepare() {
		for (int i = 0; i < traces.size(); i++) {
			Trace t = traces.get(i);
			if (traceText.full() || (!traceText.isEmpty() && !t.flow().equals(traceFlow))) {
				flushTraces();
			}
			if (traceText.isEmpty()) {
				correlations.append('\n');
				traceFlow = t.flow();
				traceAt = t.now();
			}
			TraceText.into(traceText, t.correlation(), t.origin(), t.outcome(), t.environment(),
					t.keys() == null && t.groups() == null && t.members() == null ? TraceText.Marks.NONE
							: new TraceText.Marks(t.keys(), t.groups(), t.members()));
			correlations.append(Journal.traceKey(t.correlation())).append('\n');
		}
		traces.clear();
		flushTraces();
	}

	private void flushTraces() {
		if (traceText.isEmpty()) {
			return;
		}
		traceRows.add(new Object[] { traceFlow, Journal.at(traceAt), correlations.toString(), Journal.deflate(traceText.take()) });
		correlations.setLength(0);
	}

	/**
	 * A held record, kept with the batch's other held records in one journal row; returns the number of that row,
	 * taken from {@code nextSeq} when a row is started.
	 */
	long held(String flow, Held record, LongSupplier nextSeq) {
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

	private void flushHeld() {
		if (heldRecords.isEmpty()) {
			return;
		}
		addHeld(heldFlow, heldSeq, heldRecords.take());
	}

	private void addHeld(String flow, long seq, byte[] records) {
		held.add(new Object[] { flow, seq, records });
	}

	/**
	 * Ends what is gathered: packs and held records become rows. Called by the thread that gathered them; after it,
	 * the writes belong to whoever {@link #flush}es them.
	 */
	void close() {
		for (Pack pack : packs.values()) {
			flushPack(pack);
		}
		flushHeld();
	}

	/**
	 * Inserts everything gathered, on {@code c}, in its transaction; the caller commits. Dead letters first: those of a
	 * flow that sends them into an endpoint queue their copy there with the rest of the outbox (see {@link DeadLetterCopies}).
	 */
	void flush(Connection c) throws SQLException {
		close();
		prepare();
		// (The copies are rows of this flush alone: a flush done again after a rollback makes them again, once.)
		List<Object[]> copied = insertDead(c);
		String insertOutbox = "INSERT INTO ISTHMUS_OUTBOX (FLOW, ENDPOINT, RECORD, IDEMPOTENCY_KEY, CORRELATION, RETRY, STATE, NEXT_AT,"
				+ " CREATED_AT, PACKED, FLOW_KEY, ORDER_KEY) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)";
		insert(c, insertOutbox, outbox);
		insert(c, insertOutbox, copied);
		insert(c, "INSERT INTO ISTHMUS_KEYS_RELEASED (FLOW, KEY_VALUE, RELEASED_AT) VALUES (?, ?, ?)", released);
		insert(c, "DELETE FROM ISTHMUS_KEYS_RELEASED WHERE FLOW = ? AND KEY_VALUE = ?", reclaimed);
		insert(c, "INSERT INTO ISTHMUS_TRACES (FLOW, AT, CORRELATIONS, TRACES) VALUES (?, ?, ?, ?)", traceRows);
		insert(c, "INSERT INTO ISTHMUS_HELD (FLOW, SEQ, RECORD) VALUES (?, ?, ?)", held);
		insert(c, "INSERT INTO ISTHMUS_RETRIED (FLOW, ENDPOINT, CORRELATION, IDEMPOTENCY_KEY, ATTEMPTS, HISTORY, AT)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?)", retried);
		for (java.util.Map.Entry<String, String> checkpoint : checkpoints.entrySet()) {
			Journal.checkpoint(c, checkpoint.getKey(), checkpoint.getValue());
		}
	}

	private static final String INSERT_DEAD = "INSERT INTO ISTHMUS_DEAD (FLOW, KIND, STEP, REASON, DETAILS, RECORD, SOURCE, ORIGIN, ENDPOINT,"
			+ " OUTBOX_ID, CORRELATION, ATTEMPTS, CREATED_AT, SCRUBBED, STATE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DEAD')";

	/**
	 * The dead letters, in one batch; a letter to be copied into an endpoint alone, for its id, which the copy names
	 * (they are few: a batch's failures). Returns the copies' outbox rows.
	 */
	private List<Object[]> insertDead(Connection c) throws SQLException {
		if (copies.isEmpty() || dead.stream().allMatch(row -> copies.of(row) == null)) {
			insert(c, INSERT_DEAD, dead);
			return List.of();
		}
		List<Object[]> plain = new ArrayList<>();
		List<Object[]> copied = new ArrayList<>();
		try (PreparedStatement s = c.prepareStatement(INSERT_DEAD, java.sql.Statement.RETURN_GENERATED_KEYS)) {
			for (Object[] row : dead) {
				DeadLetterCopies.Into into = copies.of(row);
				if (into == null) {
					plain.add(row);
					continue;
				}
				bind(s, row);
				s.executeUpdate();
				long id;
				try (java.sql.ResultSet keys = s.getGeneratedKeys()) {
					keys.next();
					id = keys.getLong(1);
				}
				copied.add(copy(into, id, row));
			}
		}
		insert(c, INSERT_DEAD, plain);
		return copied;
	}

	/** The outbox row of dead letter {@code id}'s ({@code row}'s) copy, for {@code into}'s endpoint under the letter's flow and correlation id. */
	private static Object[] copy(DeadLetterCopies.Into into, long id, Object[] row) {
		java.sql.Timestamp at = (java.sql.Timestamp) row[DEAD_AT];
		return new Object[] { row[DEAD_FLOW], into.endpoint(), DeadLetterCopies.record(into, id, row).getBytes(java.nio.charset.StandardCharsets.UTF_8),
				DeadLetterCopies.key(into, id, row), row[DEAD_CORRELATION], into.retry(), at, at, null, null, null };
	}

	private static void insert(Connection c, String sql, List<Object[]> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		try (PreparedStatement s = c.prepareStatement(sql)) {
			for (Object[] row : rows) {
				bind(s, row);
				s.addBatch();
			}
			s.executeBatch();
		}
	}

	/** Parameterized by type: texts and UTF-8 bytes (see Journal#putText), times, numbers, nulls. */
	private static void bind(PreparedStatement s, Object[] row) throws SQLException {
		for (int i = 0; i < row.length; i++) {
			Object value = row[i];
			if (value == null) {
				s.setNull(i + 1, java.sql.Types.NULL);
			} else if (value instanceof byte[] bytes) {
				s.setBytes(i + 1, bytes);
			} else {
				s.setObject(i + 1, value);
			}
		}
	}
}
