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
	private final JsonLog log;
	private final java.time.Duration keepTraces;
	private final List<Source> sources = new ArrayList<>();
	/** What the flow's decided records send, as outbox rows with stable keys. */
	private final Deliveries deliveries;
	/** Read again from the journal when a commit fails (see {@link #reset}). */
	private final FlowWindows windows;
	/** Lets the engine decide each record of a batch, into the batch's journal writes. */
	private final RecordDecisions decisions;
	/** The run's tally and the flow's metrics, added to as memory follows the commits. */
	private final FlowCounts counts;
	/** Writes and commits what this worker decides, while it decides the next (see {@link #process}). */
	private final JournalWriter writer;
	/** The flow's calls made ahead of each batch, or {@code null} when it makes none. */
	private CallsAhead callsAhead;

	/** What the worker has done since it started, for the summary of a run. */
	public static final class Tally {
		public long received;
		public long filtered;
		public long duplicates;
		public long deadLettered;
		public long queued;
		/** Volatile: the metrics gauge (see FlowCounts) reads the run's tally from another thread. */
		public volatile long held;
	}

	public FlowWorker(JsonNode config, FlowEngine engine, Journal journal, Connection connection, Supplier<Instant> clock, Metrics metrics,
			JsonLog log, Environment environment, boolean traces, java.time.Duration keepTraces) {
		this.flow = config.get("flow").asText();
		this.engine = engine;
		this.journal = journal;
		this.connection = connection;
		this.clock = clock;
		this.log = log;
		this.keepTraces = keepTraces;
		this.keys = new JournalKeys(flow, connection, clock);
		this.counts = new FlowCounts(flow, config.path("source").path("endpoint").asText(), metrics);
		this.writer = new JournalWriter(flow, journal, this::reset);
		engine.idempotencyKeys(keys);
		this.deliveries = new Deliveries(flow, config, clock);
		this.windows = new FlowWindows(flow, engine, deliveries, environment, traces, log, journal.id(), journal.deadLetterCopies());
		this.decisions = new RecordDecisions(flow, engine, deliveries, windows, environment, traces, clock, log);
	}

	public String flow() {
		return flow;
	}

	/** Makes the flow's calls of each batch side by side, before its records are decided (see {@link CallsAhead}). */
	void callsAhead(CallsAhead ahead) {
		this.callsAhead = ahead;
	}

	public Tally tally() {
		return counts.tally();
	}

	/** Counts the records a {@code --feed} dead-lettered itself for this flow, too long for the journal (see {@link Feeds}). */
	public void deadLetteredByFeed(long records) {
		counts.deadLetteredByFeed(records);
	}

	void addSource(Source source) {
		sources.add(source);
	}

	void packTo(String endpoint) {
		deliveries.packTo(endpoint);
	}

	/** Reads back the records held for open windows, after a restart (see {@link FlowWindows#restore}). */
	public void restore() throws SQLException {
		counts.restored(windows.restore(connection, clock.get()));
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
		if (System.nanoTime() - heldLooked > 1_000_000_000L) {
			// Keys given back that 'isthmus dlq replay' made the flow's again, from another process: looked for each second.
			heldLooked = System.nanoTime();
			int held = keys.readHeldAgain();
			if (held > 0) {
				log.info("keys.held-again", "flow", flow, "keys", held, "message", held + (held == 1 ? " key" : " keys") + " given back by dead"
						+ " letters replayed since: a record sent again under one is a duplicate");
			}
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
				windows.reading(drainReading());
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
		draining = true;
		try {
			while (!stop.getAsBoolean() && step(batchSize)) {
				// until the sources have nothing left
			}
		} finally {
			draining = false;
			windows.reading(false);
		}
		if (!stop.getAsBoolean()) {
			closeWindows(true);
		}
		complete();
	}

	/**
	 * Records a drain holds for open windows, at most, while it closes them later for data out of time order (see
	 * OpenWindows#disorder): 500,000, or fewer in a smaller heap. Held in memory too, and a process holds several
	 * kilobytes for each (2.9 GB resident for 600,000, a review saw; with 192 MB of heap, 200,000 ran out of memory).
	 */
	static final long HELD_WHILE_DRAINING = Math.max(10_000, Math.min(500_000, Runtime.getRuntime().maxMemory() / 8192));
	/** {@link #HELD_WHILE_DRAINING}, or what {@code -Disthmus.heldWhileDraining} says (for tests of the bound). */
	private final long heldWhileDraining = Long.getLong("isthmus.heldWhileDraining", HELD_WHILE_DRAINING);

	/** Whether {@link #drain} is reading the sources. */
	private boolean draining;
	/** Whether this drain has said it holds more records than it keeps open for data out of order. */
	private boolean saidHeldTooMany;

	/**
	 * Whether the windows close as a drain's reading wants (see OpenWindows#reading): while it reads, and holds no more
	 * than {@link #heldWhileDraining} records. Past that, they close as while running (said once, when its data is out
	 * of order: a record coming after its window closed is logged as late, as always).
	 */
	private boolean drainReading() {
		if (!draining || counts.tally().held <= heldWhileDraining) {
			return draining;
		}
		if (!saidHeldTooMany && !windows.disorder().isZero()) {
			saidHeldTooMany = true;
			log.warn("windows.closing-while-reading", "flow", flow, "held", counts.tally().held, "outOfOrderBy", windows.disorder().toString(),
					"message", "more than " + heldWhileDraining + " records are held for open windows, records having come up to "
							+ windows.disorder() + " out of time order: the windows the latest record's time has passed by 5 minutes close"
							+ " now, as while running, so a record after its window closed makes a late group of its own (window.late);"
							+ " give such data in time order, or in files of fewer records");
		}
		return false;
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
		JournalWrites writes = new JournalWrites(journal.deadLetterCopies());
		List<JournalKeys.Row> keyRows;
		try {
			if (callsAhead != null) {
				callsAhead.ask(batch.inputs());
			}
			for (Input input : batch.inputs()) {
				decisions.decide(input, keys, writes, heldNow, firstOfGroup, delta);
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
			if (callsAhead != null) {
				callsAhead.forget();
			}
		}
		windows.submitted(heldNow.keySet());
		submit(new JournalWriter.Transaction(writes, keyRows, List.of(), Map.of(), batch.inTransaction(), () -> {
			windows.committed(heldNow, firstOfGroup, clock.get());
			counts.batchCommitted(delta);
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
			if (!Connections.unreachable(e)) {
				// (A journal that cannot be reached is reported by its watch, once, not here at every try.)
				log.warn("windows.unread", "flow", flow, "reason", String.valueOf(e));
			}
		}
	}

	/** When this worker last looked for keys held again by replays ({@link System#nanoTime}). */
	private long heldLooked = System.nanoTime();

	/** The count of the deliverers' key releases when this worker last read them (see {@link Journal#keysReleased}). */
	private long releasesRead;

	/** Whether the open windows are to be read again from the journal before anything else is done. */
	private boolean stale;

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
			submit(windows.close(due, now, counts::windowsClosed));
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
