package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Empties one endpoint's part of the outbox: takes the rows that are due ({@link EndpointOutbox}), hands them to the
 * sink, and records what happened in the journal ({@link DeliveryResults}) — delivered; another attempt at a time
 * chosen by the retry policy (exponential backoff with jitter, kept in the journal so that it survives a restart); or a
 * dead letter with the attempt history once retries are spent or the target refuses the record for good.
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
	private final JsonLog log;
	private final Environment environment;
	/** The rows of this endpoint that are due, read a batch at a time. */
	private final EndpointOutbox outbox;
	/** Records what the sink answered, and counts it. */
	private final DeliveryResults recorded;

	/** Why the target failed the last delivery that delivered nothing, until one delivers (see {@link #failing}). */
	private volatile String failing;
	/** When {@link #failing} was last set ({@link System#nanoTime}), and what {@link #failingNow} last found. */
	private volatile long failedAt;
	private long drainedAskedAt;
	private boolean drained;

	/** For {@link #pending}, asked from other threads. */
	private Connection counts;

	Deliverer(String endpoint, Sink sink, Journal journal, Supplier<Instant> clock, Metrics metrics, JsonLog log,
			Environment environment) throws SQLException {
		this.endpoint = endpoint;
		this.sink = sink;
		this.journal = journal;
		this.connection = journal.connect();
		this.counts = journal.connect();
		this.log = log;
		this.environment = environment;
		this.outbox = new EndpointOutbox(endpoint, sink, clock);
		this.recorded = new DeliveryResults(endpoint, journal, clock, metrics, log, environment);
		sink.resumePace(Journal.checkpoint(connection, paceName()));
		connection.commit();
	}

	/** Where the journal keeps what the sink's rate needs across a restart ({@link Sink#pace}). */
	private String paceName() {
		return "rate " + endpoint;
	}

	public String endpoint() {
		return endpoint;
	}

	public long delivered() {
		return recorded.delivered();
	}

	public long deadLettered() {
		return recorded.deadLettered();
	}

	public long retried() {
		return recorded.retried();
	}

	/**
	 * Once {@code stop} says so, a delivery under way sends nothing more and keeps what was answered (see
	 * {@link Sink#stopWhen}): a stopping runner need not wait for a batch's every request, nor lose their answers.
	 */
	public void stopWhen(java.util.function.BooleanSupplier stop) {
		sink.stopWhen(stop);
	}

	/**
	 * Why this target failed its last delivery, or {@code null}: set by a delivery in which no record went through and
	 * the target failed (cannot be reached, a table gone, a 5xx — retried or given up — or it refuses the runner's
	 * credentials: an HTTP 401/403/407, a record's dead letter at once all the same), cleared by the next delivery
	 * that delivers anything. A record refused for its own data (an HTTP 422, a value too long for its column) is that
	 * record's dead letter, and neither sets nor clears it; nor does a pass that finds nothing due.
	 */
	public String failing() {
		return failing;
	}

	/**
	 * As {@link #failing}, but a target whose last failure is a minute old and for which nothing waits any more (its
	 * records delivered or dead letters) is not failing now: {@code /health} held such a target degraded until a new
	 * record reached it, which a probe taking the runner out of rotation for it would never let come (review 35).
	 * Whether anything waits is asked of the journal at most every 10 s.
	 */
	public String failingNow() throws SQLException {
		String why = failing;
		long now = System.nanoTime();
		// A minute, or -Disthmus.failingQuietMillis (the tests' shorter wait).
		long quiet = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Long.getLong("isthmus.failingQuietMillis", 60_000));
		if (why == null || now - failedAt < quiet) {
			return why;
		}
		if (now - drainedAskedAt > quiet / 6) {
			drainedAskedAt = now;
			drained = pending() == 0;
		}
		return drained ? null : why;
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
		List<Sink.Pending> rows = outbox.due(connection);
		if (rows.isEmpty()) {
			return 0;
		}
		if (sink.stableBatches()) {
			rows = outbox.stable(connection, rows);
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
		if (results.size() < rows.size() || results.stream().anyMatch(java.util.Objects::isNull)) {
			// The sink stopped (the runner is stopping, a table refused a pack whose records must go before the rows
			// after it, or a target took longer than a chunk's time): the rows it did not answer for (left out at the
			// end, or null where requests went side by side) stay pending as they are, and go next, before the rows
			// after them.
			List<Sink.Pending> answeredRows = new ArrayList<>();
			List<Sink.Result> answers = new ArrayList<>();
			long firstUnanswered = 0;
			for (int i = 0; i < rows.size(); i++) {
				Sink.Result result = i < results.size() ? results.get(i) : null;
				if (result == null) {
					firstUnanswered = firstUnanswered == 0 ? rows.get(i).id() : firstUnanswered;
				} else {
					answeredRows.add(rows.get(i));
					answers.add(result);
				}
			}
			outbox.rewind(firstUnanswered);
			rows = answeredRows;
			results = answers;
		}
		if (LOG_DELIVERIES) {
			log.info("delivery.results", "endpoint", endpoint, "ids", rows.stream().map(r -> r.id() + (r.packed() ? "p" + r.count() : "")).toList().toString(),
					"results", results.stream().map(r -> r.kind().toString()).toList().toString());
		}
		DeliveryResults.Recorded done = recorded.record(connection, rows, results);
		if (done.delivered() > 0) {
			failing = null;
		} else if (done.targetFailure() != null) {
			failing = done.targetFailure();
			failedAt = System.nanoTime();
			drainedAskedAt = failedAt;
			drained = false;
		}
		outbox.splitInto(done.splitOff());
		outbox.settled(rows, done.waiting());
		String pace = sink.pace();
		if (pace != null) {
			// Its own short transaction, only for an endpoint with a rate, whose deliveries are paced anyway.
			Journal.WRITES.lock();
			try {
				Journal.checkpoint(connection, paceName(), pace);
				connection.commit();
			} finally {
				Journal.WRITES.unlock();
			}
		}
		return rows.size();
	}

	/**
	 * Rows waiting, due or not. Asked from other threads (metrics, the run's summary), so on a connection of its own:
	 * on the deliverer's, its commit would commit half of a delivery's bookkeeping.
	 */
	public long pending() throws SQLException {
		synchronized (this) {
			counts = journal.working(counts);
			return outbox.pending(counts);
		}
	}

	@Override
	public void close() {
		try {
			recorded.sayUnsaidAtStop();
		} catch (RuntimeException e) {
			// its thread still at work (a target that does not answer, given up on at the stop): the counts are its
		}
		sink.close();
	}
}
