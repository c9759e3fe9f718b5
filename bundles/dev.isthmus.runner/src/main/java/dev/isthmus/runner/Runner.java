package dev.isthmus.runner;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.isthmus.runner.internal.Assembly;
import dev.isthmus.runner.internal.Deliverer;
import dev.isthmus.runner.internal.FlowWorker;

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

	private final Assembly assembly;
	private final RunnerOptions options;
	private final List<Thread> threads = new ArrayList<>();
	private volatile boolean running;

	private Runner(Assembly assembly, RunnerOptions options) {
		this.assembly = assembly;
		this.options = options;
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
		for (FlowWorker worker : assembly.workers) {
			runner.thread("isthmus-flow-" + worker.flow(), () -> runner.loop(worker));
		}
		for (Deliverer deliverer : assembly.deliverers) {
			runner.thread("isthmus-deliver-" + deliverer.endpoint(), () -> runner.loop(deliverer));
		}
		assembly.health.status("running");
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
			try {
				runner.drainAndDeliver(stop);
				if (stop.getAsBoolean()) {
					assembly.log.info("runner.stopped", "drained", false);
					return runner.summary();
				}
				for (FlowWorker worker : assembly.workers) {
					worker.expire();
				}
				return runner.summary();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new StartupException("interrupted");
			} catch (Exception e) {
				throw new StartupException("the run stopped: " + assembly.environment.redact(String.valueOf(e)));
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
				}
			}, "isthmus-deliver-" + deliverer.endpoint());
			t.setDaemon(true);
			delivering.add(t);
			t.start();
		}
		try {
			for (FlowWorker worker : assembly.workers) {
				if (failure.get() != null) {
					break;
				}
				worker.drain(options.batchSize(), stop);
			}
		} catch (Exception e) {
			failure.compareAndSet(null, e);
		} finally {
			drained.set(true);
			for (Thread t : delivering) {
				t.join();
			}
		}
		if (failure.get() != null) {
			throw failure.get();
		}
	}

	private void feed() throws StartupException {
		for (RunnerOptions.Feed feed : options.feeds()) {
			int n = assembly.feed(feed);
			assembly.log.info("feed.accepted", "endpoint", feed.endpoint(), "file", feed.file(), "records", n);
		}
	}

	private void thread(String name, Runnable body) {
		Thread t = new Thread(body, name);
		t.setDaemon(true);
		threads.add(t);
		t.start();
	}

	private void loop(FlowWorker worker) {
		Instant nextExpiry = Instant.now();
		while (running) {
			try {
				boolean read = worker.step(options.batchSize());
				assembly.health.working("flow " + worker.flow());
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
				// The journal or a source failed; the batch was rolled back and is read again. Never give up.
				assembly.log.error("flow.failed", "flow", worker.flow(), "reason", String.valueOf(e));
				assembly.health.failing("flow " + worker.flow(), String.valueOf(e));
				pause(1000);
			}
		}
		try {
			// The batches still committing end here, on the flow's thread (files move to done/, counts are added).
			worker.finish();
		} catch (Exception e) {
			assembly.log.error("flow.failed", "flow", worker.flow(), "reason", String.valueOf(e));
		}
	}

	private void loop(Deliverer deliverer) {
		while (running) {
			try {
				int delivered = deliverer.deliverDue();
				assembly.health.working("target " + deliverer.endpoint());
				if (delivered == 0 && running) {
					Thread.sleep(IDLE_MILLIS);
				}
			} catch (InterruptedException e) {
				return;
			} catch (Exception e) {
				assembly.log.error("delivery.failed", "endpoint", deliverer.endpoint(), "reason", String.valueOf(e));
				assembly.health.failing("target " + deliverer.endpoint(), String.valueOf(e));
				pause(1000);
			}
		}
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
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
		return new RunSummary(flows, endpoints);
	}

	/** Blocks until the runner is closed (by {@link #close} or a shutdown hook). */
	public void awaitStop() throws InterruptedException {
		for (Thread t : threads) {
			t.join();
		}
	}

	/**
	 * Stops: no more webhooks are taken (503), the batch in flight in each worker commits or rolls back, deliveries
	 * send no new request (a request still unanswered is given up) and commit what was answered, then the journal
	 * closes. Whatever was accepted is in the journal and goes on at the next start.
	 */
	@Override
	public void close() {
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
		for (Thread t : threads) {
			if (t.isAlive()) {
				t.interrupt();
			}
		}
		assembly.log.info("runner.stopped");
		assembly.close();
		threads.clear();
	}
}
