package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.Group;
import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Outcome;

/**
 * Runs one flow against the journal: takes batches from its sources, lets the engine decide each record's fate,
 * and records all of a batch's decisions — idempotency keys, outbox rows, dead letters, held records, traces and
 * the sources' checkpoints — in one transaction. Records held for aggregation are grouped in memory, backed by
 * the journal, and combined when their window closes. One thread drives a worker; the engine is not shared.
 */
public final class FlowWorker implements AutoCloseable {

	private final String flow;
	private final FlowEngine engine;
	private final Journal journal;
	/** Opened again when broken (see {@link #step}). */
	private Connection connection;
	private JournalKeys keys;
	private final Supplier<Instant> clock;
	private final Metrics metrics;
	private final JsonLog log;
	private final Environment environment;
	private final boolean traces;
	private final java.time.Duration keepTraces;
	private final List<Source> sources = new ArrayList<>();
	/** What the flow's decided records send, as outbox rows with stable keys. */
	private final Deliveries deliveries;
	/** Read again from the journal when a commit fails (see {@link #reset}). */
	private final FlowWindows windows;
	private final Tally tally;
	/** Writes and commits what this worker decides, while it decides the next (see {@link #process}). */
	private final JournalWriter writer;

	/** What the worker has done since it started, for the summary of a run. */
	public static final class Tally {
		public long received;
		public long filtered;
		public long duplicates;
		public long deadLettered;
		public long queued;
		public long held;
	}

	public FlowWorker(JsonNode config, FlowEngine engine, Journal journal, Connection connection, Supplier<Instant> clock, Metrics metrics,
			JsonLog log, Environment environment, boolean traces, java.time.Duration keepTraces) {
		this.flow = config.get("flow").asText();
		this.engine = engine;
		this.journal = journal;
		this.connection = connection;
		this.clock = clock;
		this.metrics = metrics;
		this.log = log;
		this.environment = environment;
		this.traces = traces;
		this.keepTraces = keepTraces;
		this.keys = new JournalKeys(flow, connection, clock);
		this.tally = new Tally();
		this.writer = new JournalWriter(flow, journal, this::reset);
		engine.idempotencyKeys(keys);
		this.deliveries = new Deliveries(flow, config, clock);
		this.windows = new FlowWindows(flow, engine, deliveries, environment, traces, log, journal.id());
	}

	public String flow() {
		return flow;
	}

	public Tally tally() {
		return tally;
	}

	void addSource(Source source) {
		sources.add(source);
	}

	void packTo(String endpoint) {
		deliveries.packTo(endpoint);
	}

	/** Reads back the records held for open windows, after a restart (see {@link FlowWindows#restore}). */
	public void restore() throws SQLException {
		// Counted as held, so that closing them does not leave the run's tally of held records below zero.
		tally.held += windows.restore(connection, clock.get());
	}

	/** Reads the open windows again after a failed commit (see {@link FlowWindows#readAgain}). */
	private void rereadWindows() throws SQLException {
		windows.readAgain(connection);
		stale = false;
	}

	/**
	 * One round: a batch from each source, then the windows that have closed. Returns whether anything was read,
	 * so the caller knows whether to wait. Batches read here may still be committing when this returns (see
	 * {@link #process}); a round that reads nothing waits for it.
	 */
	public boolean step(int batchSize) throws Exception {
		reconnectIfBroken();
		long released = journal.keysReleased.get();
		if (released != releasesRead) {
			// Keys that dead-lettered deliveries gave back since the last look.
			keys.readReleases();
			releasesRead = released;
		}
		if (stale) {
			complete();
			rollback();
			rereadWindows();
		}
		boolean read = false;
		Exception failure = null;
		for (Source source : sources) {
			if (stale) {
				// A commit failed and the windows could not be read back: nothing more until they are.
				break;
			}
			// One failing source (a journal error, a file that cannot be read) must not hold up the flow's other
			// sources or the closing of its windows: each is tried, and the first failure is reported after.
			try {
				if (!source.readsAhead()) {
					// It reads from where the journal says it is: the batches before must be there.
					complete();
				}
				Source.Batch batch = source.next(connection, batchSize);
				if (batch != Source.Batch.EMPTY) {
					process(batch);
					read = true;
				}
			} catch (Exception e) {
				// Nothing of the batch is in the journal: the source must hand it out again, or it is lost. It reads
				// again from its committed checkpoint, so the batches before, if still committing, must be done first.
				try {
					complete();
				} catch (Exception earlier) {
					e.addSuppressed(earlier);
				}
				source.rollback();
				rollback();
				if (failure == null) {
					failure = e;
				} else {
					failure.addSuppressed(e);
				}
			}
		}
		try {
			if (!read) {
				complete();
			}
			if (!stale) {
				closeWindows(false);
			}
			if (!read) {
				// Idle: memory catches up with the journal before the caller waits.
				complete();
			}
		} catch (Exception e) {
			if (failure == null) {
				throw e;
			}
			failure.addSuppressed(e);
		}
		if (failure != null) {
			throw failure;
		}
		return read;
	}

	/**
	 * Reads every source until all are empty, then closes the windows that are due and those without time. When
	 * {@code stop} says so first, the batches read so far commit and the windows stay open in the journal.
	 */
	public void drain(int batchSize, java.util.function.BooleanSupplier stop) throws Exception {
		while (!stop.getAsBoolean() && step(batchSize)) {
			// until the sources have nothing left
		}
		if (!stop.getAsBoolean()) {
			closeWindows(true);
		}
		complete();
	}

	/**
	 * A journal database that restarted leaves the connection broken: a new one is opened, with the keys read anew
	 * from it. Memory that only follows commits (open windows) stays as it is.
	 */
	private void reconnectIfBroken() throws SQLException {
		Connection working = journal.working(connection);
		if (working != connection) {
			connection = working;
			// The keys are read anew below: the transactions in flight must be in the journal by then. (Only here:
			// waiting for them at every step would leave the writer and this thread taking turns.)
			complete();
			keys = new JournalKeys(flow, connection, clock);
			engine.idempotencyKeys(keys);
			log.info("journal.reconnected", "flow", flow);
		}
	}

	/**
	 * Decides a batch, then hands it to the flow's journal writer, which writes and commits it while this thread
	 * decides the next one: the two halves of a batch's work are about even, and a second core is there for the
	 * other. Memory runs ahead of the journal by the transactions in flight (at most {@link JournalWriter#AHEAD}),
	 * and only here: the batch's keys count as known for the next, while its held records join the open windows, and
	 * its source finishes, only once it has committed ({@link JournalWriter#complete}). A failed commit puts memory
	 * back to what the journal holds ({@link #reset}).
	 */
	void process(Source.Batch batch) throws SQLException {
		Map<Group, List<OpenWindows.HeldRow>> heldNow = new LinkedHashMap<>();
		// The correlation id of each group's first record in the batch, for the log line of a late one.
		Map<Group, String> firstOfGroup = new java.util.HashMap<>();
		Tally delta = new Tally();
		JournalWrites writes = new JournalWrites();
		List<JournalKeys.Row> keyRows;
		try {
			for (Input input : batch.inputs()) {
				handle(input, writes, heldNow, firstOfGroup, delta);
			}
			windows.remember(heldNow, writes);
			writes.reclaimed(flow, keys.reclaimed());
			writes.close();
			keyRows = keys.rows();
			keys.committed();
		} catch (RuntimeException e) {
			if (e instanceof JournalKeys.JournalFailure f) {
				throw f.getCause();
			}
			throw e;
		} finally {
			keys.clearBatch();
		}
		windows.submitted(heldNow.keySet());
		submit(new JournalWriter.Transaction(writes, keyRows, List.of(), Map.of(), batch.inTransaction(), () -> {
			windows.committed(heldNow, firstOfGroup, clock.get());
			add(delta);
			batch.afterCommit().run();
		}));
	}

	/** Hands a transaction to the flow's journal writer (see {@link JournalWriter#submit}). */
	private void submit(JournalWriter.Transaction transaction) throws SQLException {
		writer.submit(transaction);
	}

	/** Waits for every transaction in flight, and lets memory follow (see {@link JournalWriter#complete}). */
	private void complete() throws SQLException {
		writer.complete();
	}

	/**
	 * A commit failed: what memory ran ahead with goes. The sources read again from their committed checkpoints, the
	 * keys are read again from the journal, and so are the open windows (a close takes its groups out of them before
	 * it commits). Until the windows are read, the worker does nothing else ({@link #step} tries again).
	 */
	private void reset() {
		for (Source source : sources) {
			source.rollback();
		}
		rollback();
		windows.forgetInFlight();
		keys = new JournalKeys(flow, connection, clock);
		engine.idempotencyKeys(keys);
		stale = true;
		try {
			rereadWindows();
		} catch (SQLException | RuntimeException e) {
			log.warn("windows.unread", "flow", flow, "reason", String.valueOf(e));
		}
	}

	/** The count of the deliverers' key releases when this worker last read them (see {@link Journal#keysReleased}). */
	private long releasesRead;

	/** Whether the open windows are to be read again from the journal before anything else is done. */
	private boolean stale;

	private void add(Tally delta) {
		tally.received += delta.received;
		tally.filtered += delta.filtered;
		tally.duplicates += delta.duplicates;
		tally.deadLettered += delta.deadLettered;
		tally.queued += delta.queued;
		tally.held += delta.held;
		String labels = Metrics.labels("flow", flow);
		metrics.count("isthmus_records_in_total", labels, delta.received);
		metrics.count("isthmus_records_filtered_total", labels, delta.filtered);
		metrics.count("isthmus_records_duplicate_total", labels, delta.duplicates);
		metrics.count("isthmus_records_dead_lettered_total", labels, delta.deadLettered);
	}

	private void handle(Input input, JournalWrites writes, Map<Group, List<OpenWindows.HeldRow>> heldNow, Map<Group, String> firstOfGroup,
			Tally delta)
			throws SQLException {
		delta.received++;
		keys.startRecord();
		if (input.text() != null && input.text().length() > Journal.MAX_TEXT) {
			// The journal could not hold it (a record, its dead letter): refused whole, with where to find it.
			input = Input.malformed(input.text().substring(0, 10_000) + "…", "the record has " + input.text().length()
					+ " characters, more than the " + Journal.MAX_TEXT + " the journal keeps; it was not processed, and is whole at "
					+ input.origin(), input.origin(), input.endpoint());
		}
		if (input.json() == null) {
			keys.dropRecord();
			delta.deadLettered++;
			String correlation = deliveries.bounded(flow + "@" + input.origin());
			writes.dead(flow, "record", "read " + input.endpoint(), input.problem(), null, input.text(), input.endpoint(),
					input.origin(), null, null, correlation, null, clock.get());
			log.warn("record.dead-lettered", "flow", flow, "correlation", correlation, "origin", input.origin(), "reason", input.problem());
			return;
		}
		List<Held> held = new ArrayList<>();
		Outcome outcome;
		try {
			outcome = engine.process(input.json(), held);
		} catch (JournalKeys.JournalFailure e) {
			throw e;
		} catch (RuntimeException e) {
			// An engine defect must cost one record, not the runner: the record waits as a dead letter for a fix.
			held.clear();
			outcome = new Outcome(null, List.of(), "the engine failed on this record (" + e + "); please report it",
					false, false, List.of(new Outcome.Trace("engine", String.valueOf(e), null)));
		}
		String correlation = deliveries.bounded(outcome.correlationId() != null ? outcome.correlationId() : flow + "@" + input.origin());
		List<Group> groups = new ArrayList<>();
		String deadLetter = outcome.deadLetter();
		String step = TraceText.deadLetterStep(outcome);
		if (deadLetter == null) {
			try {
				held.forEach(h -> groups.add(engine.groupOf(h)));
			} catch (dev.isthmus.engine.RecordError e) {
				deadLetter = e.getMessage();
				step = "aggregate";
			}
		}
		if (deadLetter != null) {
			keys.dropRecord();
			delta.deadLettered++;
			writes.dead(flow, "record", step, deadLetter, TraceText.of(outcome, environment), input.text(), input.endpoint(), input.origin(),
					null, null, correlation, null, clock.get());
			log.warn("record.dead-lettered", "flow", flow, "correlation", correlation, "origin", input.origin(), "reason", deadLetter);
			trace(writes, correlation, input, outcome, List.of());
			return;
		}
		keys.keepRecord();
		if (outcome.filtered() || outcome.duplicate()) {
			if (outcome.filtered()) {
				delta.filtered++;
			} else {
				delta.duplicates++;
			}
			trace(writes, correlation, input, outcome, List.of());
			return;
		}
		// Without an idempotency key, a record is told apart by where it came from and what it says: a file of the
		// same name dropped again with other records (orders.ndjson every day) brings new records under old origins,
		// and they must not take the old ones' Idempotency-Keys; the same record read again (after a crash) keeps its.
		String identity = keys.lastKey() != null ? "key:" + keys.lastKey() : "origin:" + input.origin() + "|" + input.text();
		List<String> sent = deliveries.queue(outcome, identity, correlation, keys.lastKey(), writes);
		delta.queued += sent.size();
		trace(writes, correlation, input, outcome, sent);
		for (int i = 0; i < held.size(); i++) {
			Held h = held.get(i);
			long seq = writes.held(flow, h, windows::nextSeq);
			List<OpenWindows.HeldRow> rows = heldNow.get(groups.get(i));
			if (rows == null) {
				rows = new ArrayList<>();
				heldNow.put(groups.get(i), rows);
				firstOfGroup.put(groups.get(i), correlation);
			}
			rows.add(new OpenWindows.HeldRow(seq, h));
			delta.held++;
		}
	}

	/** The record's trace, with the keys its deliveries were queued with (see {@link JournalWrites#trace}). */
	private void trace(JournalWrites writes, String correlation, Input input, Outcome outcome, List<String> sent) {
		if (traces) {
			writes.trace(correlation, flow, input.origin(), outcome, environment, clock.get(), sent);
		}
	}

	/**
	 * Combines the groups whose window is over (see {@link OpenWindows#GRACE}); at a drain, every group whose window
	 * has ended by the wall clock, and the groups whose records carry no time.
	 */
	public void closeWindows(boolean draining) throws SQLException {
		Instant now = clock.get();
		if (draining) {
			complete();
		}
		List<Map.Entry<Group, List<OpenWindows.HeldRow>>> due = windows.due(now, draining);
		if (!due.isEmpty() && windows.heldInFlight(due)) {
			// The batches being committed hold records of these groups: they are combined with them, not after. (Not
			// waiting otherwise: a wait at every close left this thread idle for a tenth of the benchmark.)
			complete();
			due = windows.dueAgain(now, draining);
		}
		// Many windows close together (every customer's hour), and one transaction closes them all. A batch's journal
		// row holds records of many groups: closed in slices, each slice wrote the row again with the records of the
		// groups after it (see OpenWindows#keptIn), and that rewriting took half of the flow's thread.
		if (!due.isEmpty()) {
			submit(windows.close(due, now, delta -> {
				tally.queued += delta.queued;
				tally.deadLettered += delta.deadLettered;
				tally.held += delta.held;
				metrics.count("isthmus_records_dead_lettered_total", Metrics.labels("flow", flow), delta.deadLettered);
			}));
		}
	}

	/**
	 * Forgets what the journal need not keep any longer: idempotency keys past their time to live, and traces older
	 * than the runner keeps them. Returns how many keys went.
	 */
	public int expire() throws SQLException {
		complete();
		reconnectIfBroken();
		Journal.WRITES.lock();
		try {
			try {
				int n = keys.expire();
				Journal.forget(connection, flow, clock.get().minus(keepTraces));
				connection.commit();
				return n;
			} catch (SQLException e) {
				rollback();
				throw e;
			}
		} finally {
			Journal.WRITES.unlock();
		}
	}

	private void rollback() {
		Journal.rollback(connection);
	}

	/**
	 * Lets memory follow every transaction in flight: the flow's thread calls it when the runner stops, before
	 * {@link #close}.
	 */
	public void finish() throws SQLException {
		complete();
	}

	/** Ends the worker (see {@link JournalWriter#close}). */
	@Override
	public void close() {
		writer.close(log);
		for (Source source : sources) {
			source.close();
		}
	}

}
