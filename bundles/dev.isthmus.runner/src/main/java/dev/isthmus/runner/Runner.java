package dev.isthmus.runner;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.isthmus.runner.internal.Assembly;
import dev.isthmus.runner.internal.Deliverer;
import dev.isthmus.runner.internal.FailureReports;
import dev.isthmus.runner.internal.FlowWorker;
import dev.isthmus.runner.internal.Journal;

/**
 * Executes a generated project's flows against real endpoints, durably. {@link #start} checks everything and
 * listens; {@link #close} stops intake, lets in-flight batches commit and returns within a bounded time.
 * {@link #once} drains the sources instead and returns what happened.
 *
 * <pre>
 * try (Runner runner = Runner.start(RunnerOptions.of(Path.of("target/revenue-ops")))) {
 *     runner.awaitStop();
 * }
 * </pre>
 */
public final class Runner implements AutoCloseable {

	private static final long IDLE_MILLIS = 100;
	private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
	private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

	private final Assembly assembly;
	private final RunnerOptions options;
	private final List<Thread> threads = new ArrayList<>();
	private volatile boolean running;
	private boolean closed;
	/** What was still busy when {@link #close} gave up waiting (see {@link #unfinished}). */
	private volatile List<String> unfinished = List.of();
	/** Set when another runner took the journal (see {@link Journal.LeaseLost}): this one stops. */
	private final java.util.concurrent.atomic.AtomicReference<Journal.LeaseLost> lost = new java.util.concurrent.atomic.AtomicReference<>();
	/** Set when one of the runner's threads met an {@link Error} (see {@link #broke}): the runner stops. */
	private final java.util.concurrent.atomic.AtomicReference<String> broken = new java.util.concurrent.atomic.AtomicReference<>();
	private final FailureReports failures;

	private Runner(Assembly assembly, RunnerOptions options) {
		this.assembly = assembly;
		this.options = options;
		this.failures = new FailureReports(assembly.log, assembly.journal.watch());
	}

	/** Checks the configuration and every endpoint, then runs until {@link #close}. */
	public static Runner start(RunnerOptions options) throws StartupException {
		Assembly assembly = Assembly.build(options, true);
		Runner runner = new Runner(assembly, options);
		try {
			runner.feed();
		} catch (StartupException e) {
			assembly.close();
			throw e;
		}
		runner.running = true;
		for (Deliverer deliverer : assembly.deliverers) {
			deliverer.stopWhen(() -> !runner.running);
		}
		assembly.stopCallsWhen(() -> !runner.running);
		for (FlowWorker worker : assembly.workers) {
			runner.thread("isthmus-flow-" + worker.flow(), "flow " + worker.flow(), () -> runner.loop(worker));
		}
		for (Deliverer deliverer : assembly.deliverers) {
			runner.thread("isthmus-deliver-" + deliverer.endpoint(), "target " + deliverer.endpoint(), () -> runner.loop(deliverer));
		}
		runner.thread("isthmus-stranded", "the search for stranded work", runner::deadLetterStrandedWork);
		if (dev.isthmus.runner.internal.Compactor.needed(options.journal(), options.data())) {
			runner.thread("isthmus-compaction", "the journal's compaction", new dev.isthmus.runner.internal.Compactor(assembly.journal, options.journal(), options.data(),
					assembly.log, () -> runner.running));
		}
		assembly.health.status("running");
		assembly.journal.watch().start(assembly.log);
		assembly.log.info("runner.started", "flows", assembly.workers.size(), "targets", assembly.deliverers.size(), "webhookPort",
				assembly.webhookPort(), "managementPort", assembly.managementPort(), "journal",
				dev.isthmus.runner.internal.Environment.withoutCredentials(options.journal()));
		return runner;
	}

	/**
	 * Runs once: journals the feeds, reads every source to its end, closes the windows that are due, delivers what
	 * is due, and returns. Deliveries whose retry is not yet due stay in the journal for the next run.
	 */
	public static RunSummary once(RunnerOptions options) throws StartupException {
		return once(options, () -> false);
	}

	/**
	 * As {@link #once(RunnerOptions)}, stopping early once {@code stop} says so (a SIGTERM): the batches read so far
	 * commit, windows stay open in the journal and deliveries due wait there, for the next run to go on with.
	 */
	public static RunSummary once(RunnerOptions options, java.util.function.BooleanSupplier stop) throws StartupException {
		try (Assembly assembly = Assembly.build(options, false)) {
			Runner runner = new Runner(assembly, options);
			runner.feed();
			assembly.stopCallsWhen(stop);
			try {
				runner.drainAndDeliver(stop);
				if (stop.getAsBoolean()) {
					// As a running runner says it (review 23: a drain stopped said only runner.stopped).
					assembly.log.info("runner.stopping", "reason", "asked to stop before the sources were drained (SIGTERM, Ctrl+C or SIGINT)");
					assembly.log.info("runner.stopped", "drained", false);
					return runner.summary();
				}
				for (FlowWorker worker : assembly.workers) {
					worker.expire();
				}
				RunSummary summary = runner.summary();
				assembly.compactJournal = true;
				return summary;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new StartupException("interrupted");
			} catch (Exception e) {
				RunSummary soFar;
				try {
					soFar = runner.summary();
				} catch (SQLException | RuntimeException journalGone) {
					soFar = null; // the journal's failure, most likely: it cannot count what waits
				}
				// In the words the log and /health use (Connections$Unusable said nothing to a user; a server's stack frames neither).
				String why = assembly.environment.redact(FailureReports.words(e));
				assembly.log.error("runner.stopped", "drained", false, "reason", why);
				throw StartupException.stopped(why, soFar);
			}
		}
	}

	/**
	 * Drains the flows and, meanwhile, delivers what they queue, each deliverer on a thread of its own (a second core
	 * delivers while the first reads); once the flows are drained, delivers until nothing is due. The first failure
	 * ends the run.
	 */
	private void drainAndDeliver(java.util.function.BooleanSupplier stop) throws Exception {
		java.util.concurrent.atomic.AtomicBoolean drained = new java.util.concurrent.atomic.AtomicBoolean();
		java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
		List<Thread> delivering = new ArrayList<>();
		for (Deliverer deliverer : assembly.deliverers) {
			deliverer.stopWhen(() -> stop.getAsBoolean() || failure.get() != null);
			Thread t = new Thread(() -> {
				try {
					while (failure.get() == null && !stop.getAsBoolean()) {
						boolean last = drained.get();
						if (deliverer.deliverDue() == 0) {
							if (last) {
								return; // drained before this pass began, and the pass found nothing due
							}
							Thread.sleep(10);
						}
					}
				} catch (Exception e) {
					failure.compareAndSet(null, e);
				} catch (Error e) {
					failure.compareAndSet(null, new Broke("target " + deliverer.endpoint(), e));
				}
			}, "isthmus-deliver-" + deliverer.endpoint());
			t.setDaemon(true);
			delivering.add(t);
			t.start();
		}
		String draining = null;
		try {
			for (FlowWorker worker : assembly.workers) {
				if (failure.get() != null) {
					break;
				}
				draining = "flow " + worker.flow();
				worker.drain(options.batchSize(), stop);
			}
		} catch (Exception e) {
			if (!stop.getAsBoolean()) {
				// (stopped while a call waited: the batch was not kept, and is read again by the next run)
				failure.compareAndSet(null, e);
			}
		} catch (Error e) {
			failure.compareAndSet(null, new Broke(draining, e));
		} finally {
			drained.set(true);
			for (Thread t : delivering) {
				t.join();
			}
		}
		if (failure.get() != null) {
			throw failure.get();
		}
		// A delivery's last pass may have made a dead letter whose copy (dead-letter into) waits for an endpoint whose
		// thread had found nothing due and ended: passes over all of them until one finds nothing.
		boolean more = !assembly.journal.deadLetterCopiesEmpty();
		while (more && !stop.getAsBoolean()) {
			more = false;
			for (Deliverer deliverer : assembly.deliverers) {
				more |= deliverer.deliverDue() > 0;
			}
		}
	}

	private void feed() throws StartupException {
		for (RunnerOptions.Feed feed : options.feeds()) {
			// (a feed that fails stops the run at its start: there is no summary to count in then)
			Assembly.Fed fed;
			try {
				fed = assembly.feed(feed);
			} catch (StartupException e) {
				Assembly.sayRefused(assembly.log, e);
				throw e;
			}
			countFedDeadLetters(fed.deadLettered());
			assembly.log.info("feed.accepted", "endpoint", feed.endpoint(), "file", feed.file(), "records", fed.records());
		}
	}

	/**
	 * A record too long for the journal is a dead letter the feed wrote itself, which no worker reads: counted here, as
	 * received and dead-lettered, in the run's summary and the metrics.
	 */
	private void countFedDeadLetters(java.util.Map<String, Long> dead) {
		for (FlowWorker worker : assembly.workers) {
			Long n = dead.get(worker.flow());
			if (n != null) {
				worker.deadLetteredByFeed(n);
			}
		}
	}

	/**
	 * Starts a thread of the runner. An {@link Error} ends its loop, and the runner with it (see {@link #broke}): a
	 * flow whose thread had ended went on taking webhooks it never processed, its health still "up".
	 */
	private void thread(String name, String what, Runnable body) {
		Thread t = new Thread(() -> {
			try {
				body.run();
			} catch (Error e) {
				broke(what, e);
			}
		}, name);
		t.setDaemon(true);
		threads.add(t);
		t.start();
	}

	private void loop(FlowWorker worker) {
		Instant nextExpiry = Instant.now();
		String what = "flow " + worker.flow();
		while (running) {
			assembly.journal.watch().stepping(what);
			try {
				boolean read = worker.step(options.batchSize());
				assembly.health.working(what);
				failures.working(what);
				if (Instant.now().isAfter(nextExpiry)) {
					worker.expire();
					nextExpiry = Instant.now().plusSeconds(60);
				}
				if (!read && running) {
					assembly.await(IDLE_MILLIS);
				}
			} catch (InterruptedException e) {
				return;
			} catch (Exception e) {
				if (leaseLost(e)) {
					return;
				}
				if (!running) {
					break; // stopped while a call waited: the batch was rolled back, and is read again at the next start
				}
				// The journal or a source failed; the batch was rolled back and is read again. Never give up.
				assembly.health.failing(what, FailureReports.words(e));
				failures.failed(what, "flow.failed", "flow", worker.flow(), e);
				pause(1000);
			} finally {
				assembly.journal.watch().stepped();
			}
		}
		if (lost.get() != null) {
			return; // the journal is another runner's: nothing more is written to it
		}
		try {
			// The batches still committing end here, on the flow's thread (files move to done/, counts are added).
			worker.finish();
		} catch (Exception e) {
			assembly.log.error("flow.failed", "flow", worker.flow(), "reason", FailureReports.words(e));
		}
	}

	/**
	 * Every 30 s ({@link #strandedEvery}): records put in the journal meanwhile for an endpoint or flow this configuration has
	 * not (a dead letter replayed to it) become dead letters (see {@link Assembly#deadLetterStrandedSinceStart}); at the
	 * start, {@link Assembly} did so already.
	 */
	private void deadLetterStrandedWork() {
		Duration every = strandedEvery();
		long next = System.nanoTime() + every.toNanos();
		while (running && !Thread.currentThread().isInterrupted()) {
			if (System.nanoTime() < next) {
				pause(100);
				continue;
			}
			try {
				assembly.deadLetterStrandedSinceStart();
			} catch (Exception e) {
				if (leaseLost(e)) {
					return;
				}
				// the journal failing: the flows and deliveries say so; tried again next time
			}
			next = System.nanoTime() + every.toNanos();
		}
	}

	/**
	 * How often a running runner looks for records stranded since its start (see {@link #deadLetterStrandedWork}): 30 s,
	 * or {@code -Disthmus.strandedMillis} (the tests' shorter wait).
	 */
	private static Duration strandedEvery() {
		return Duration.ofMillis(Long.getLong("isthmus.strandedMillis", 30_000));
	}

	private void loop(Deliverer deliverer) {
		String what = "target " + deliverer.endpoint();
		while (running) {
			assembly.journal.watch().stepping(what);
			try {
				int delivered = deliverer.deliverDue();
				// Every delivery failing for the target's sake (a table dropped, a target unreachable) makes it
				// degraded, not only a deliverer that throws: it said "up" while every record became a dead letter.
				String failing = deliverer.failingNow();
				if (failing == null) {
					assembly.health.working(what);
				} else {
					assembly.health.failing(what, "its last delivery failed: " + failing);
				}
				failures.working(what);
				if (delivered == 0 && running) {
					Thread.sleep(IDLE_MILLIS);
				}
			} catch (InterruptedException e) {
				return;
			} catch (Exception e) {
				if (leaseLost(e)) {
					return;
				}
				assembly.health.failing(what, FailureReports.words(e));
				failures.failed(what, "delivery.failed", "endpoint", deliverer.endpoint(), e);
				pause(1000);
			} finally {
				assembly.journal.watch().stepped();
			}
		}
	}

	/**
	 * Whether {@code e} says another runner took the journal (see {@link Journal.LeaseLost}). If so, the first to see
	 * it says so, once, and the runner stops: retrying would fail for ever, and writing would deliver twice.
	 */
	private boolean leaseLost(Exception e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof Journal.LeaseLost l) {
				if (lost.compareAndSet(null, l)) {
					assembly.log.error("journal.lost", "message", l.getMessage(), "journal",
							dev.isthmus.runner.internal.Environment.withoutCredentials(options.journal()));
					assembly.health.status("stopping: another runner took over this journal while this one was cut off from it");
					running = false;
					assembly.stopIntake();
					assembly.wake();
				}
				return true;
			}
		}
		return false;
	}

	/**
	 * {@code what} ("flow usage") met {@code e}, typically an {@link OutOfMemoryError}: its memory (keys, windows,
	 * batches in flight) may be half changed, so rather than go on without it, the runner stops — as after
	 * {@code kill -9}, what was acknowledged is in the journal, and a supervisor starting it again goes on from there.
	 * The first to break says so; saying it may itself fail for want of memory, and the stop goes on regardless.
	 */
	private void broke(String what, Error e) {
		String reason = Broke.words(what, e);
		if (!broken.compareAndSet(null, reason)) {
			return;
		}
		running = false;
		try {
			StackTraceElement[] frames = e.getStackTrace();
			assembly.log.error("runner.failed", "reason", reason, "at", frames.length == 0 ? "" : String.valueOf(frames[0]), "message",
					"the runner stops: what was acknowledged is in the journal, and goes on at the next start");
			assembly.health.status("stopping: " + reason);
		} catch (Throwable unsaid) {
			// out of memory still: the stop below matters more than the words
		}
		assembly.stopIntake();
		assembly.wake();
	}

	/** A thread's {@link Error}, in the words the log, {@code /health} and a drain's end say it in. */
	private static final class Broke extends Exception {
		private static final long serialVersionUID = 1L;

		Broke(String what, Error e) {
			super(words(what, e), e);
		}

		static String words(String what, Error e) {
			return what + (e instanceof OutOfMemoryError ? " ran out of memory (" + e.getMessage() + "); give the runner more (-Xmx, with"
					+ " the isthmus command JAVA_OPTS=-Xmx2g, say)"
					: e instanceof StackOverflowError ? " overflowed its thread's stack" : " failed: " + e);
		}
	}

	/**
	 * Why the runner stopped by itself for one of its threads' {@link Error}s (see {@link #broke}), or {@code null}:
	 * {@code "flow usage ran out of memory (Java heap space)"}.
	 */
	public String broken() {
		return broken.get();
	}

	/**
	 * Why the runner stopped by itself, or {@code null}: another runner took over its journal while this one was cut
	 * off from it (frozen, partitioned). A runner that stops for this is not to be started again on that journal.
	 */
	public String lostJournal() {
		Journal.LeaseLost l = lost.get();
		return l == null ? null : l.getMessage();
	}

	/**
	 * What was still busy when {@link #close} stopped waiting for it, by thread, typically waiting on a database that
	 * does not answer; empty when everything ended. Everything acknowledged is in the journal either way, so a
	 * process may then end without waiting for them.
	 */
	public List<String> unfinished() {
		return unfinished;
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** A database URL as it may be shown: its user and password (in the URL's settings) replaced by {@code ***}. */
	public static String withoutCredentials(String url) {
		return dev.isthmus.runner.internal.Environment.withoutCredentials(url);
	}

	public int webhookPort() {
		return assembly.webhookPort();
	}

	public int managementPort() {
		return assembly.managementPort();
	}

	/** What the runner has done so far. */
	public RunSummary summary() throws SQLException {
		List<RunSummary.FlowCounts> flows = new ArrayList<>();
		for (FlowWorker w : assembly.workers) {
			FlowWorker.Tally t = w.tally();
			flows.add(new RunSummary.FlowCounts(w.flow(), t.received, t.filtered, t.duplicates, t.deadLettered, t.queued, t.held));
		}
		List<RunSummary.EndpointCounts> endpoints = new ArrayList<>();
		for (Deliverer d : assembly.deliverers) {
			endpoints.add(new RunSummary.EndpointCounts(d.endpoint(), d.delivered(), d.retried(), d.deadLettered(), d.pending()));
		}
		return new RunSummary(flows, endpoints, assembly.unreadFiles.list());
	}

	/** Blocks until the runner is closed (by {@link #close} or a shutdown hook). */
	public void awaitStop() throws InterruptedException {
		for (Thread t : threads) {
			t.join();
		}
	}

	/**
	 * Stops as {@link #close} does, saying first in the log why ({@code runner.stopping}): an operator reading a log
	 * that ends in {@code runner.stopped} could not tell a signal from a defect.
	 */
	public synchronized void close(String why) {
		if (!closed) {
			assembly.log.info("runner.stopping", "reason", why);
		}
		close();
	}

	/**
	 * Stops: no more webhooks are taken (503), the batch in flight in each worker commits or rolls back, deliveries
	 * send no new request (a request still unanswered is given up) and commit what was answered, then the journal
	 * closes. Whatever was accepted is in the journal and goes on at the next start.
	 */
	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		if (!running && threads.isEmpty()) {
			assembly.close();
			return;
		}
		running = false;
		assembly.health.status("stopping");
		assembly.stopIntake();
		assembly.wake();
		long deadline = System.nanoTime() + STOP_WITHIN.toNanos();
		for (Thread t : threads) {
			try {
				t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		List<String> busy = new ArrayList<>();
		for (Thread t : threads) {
			if (t.isAlive()) {
				busy.add(t.getName());
				t.interrupt();
			}
		}
		// Closing rolls back on the journal's connections: a database server that does not answer held that, and
		// the process, until it came back. It gets a few seconds; a call into a frozen server cannot be interrupted.
		Thread closing = new Thread(assembly::close, "isthmus-close");
		closing.setDaemon(true);
		closing.start();
		try {
			closing.join(CLOSE_WITHIN.toMillis());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (closing.isAlive()) {
			busy.add("closing the journal");
		}
		unfinished = List.copyOf(busy);
		if (busy.isEmpty()) {
			assembly.log.info("runner.stopped");
		} else {
			assembly.log.warn("runner.stopped", "unfinished", String.join(", ", busy), "message", "stopped without waiting any"
					+ " longer for " + String.join(", ", busy) + " (most likely waiting on a database that does not answer): what"
					+ " was acknowledged is in the journal, and what was under way is done again at the next start");
		}
		threads.clear();
	}
}
