package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A flow's journal writer: a thread with its own connection that writes and commits the transactions the flow's
 * worker decides, in order, while the worker decides the next ones (a second core is there for it). Up to
 * {@link #AHEAD} transactions are in flight. Memory follows each commit on the worker's thread (its
 * {@code afterCommit}); when one fails, those after it are not written, and the worker's memory is reset to the
 * journal's before the failure is thrown.
 */
final class JournalWriter {

	/**
	 * At most this many transactions are in flight: memory runs ahead of the journal by no more. Several may be:
	 * deciding a batch and writing one take about as long, but not batch by batch (a close of many groups is long on
	 * both sides), and with one in flight each side waited for the other a third of the time.
	 */
	static final int AHEAD = 4;

	/**
	 * A transaction as the worker decided it: what to insert, the held rows to delete, the source's checkpoint, and
	 * what memory does once it has committed (run on the worker's thread).
	 */
	record Transaction(JournalWrites writes, List<JournalKeys.Row> keyRows, List<Long> heldGone, Map<Long, byte[]> heldKept,
			Source.Step inTransaction, Runnable afterCommit) {
	}

	/** A transaction handed to the writer's thread, and its future. */
	private record InFlight(Transaction transaction, Future<Void> future) {
	}

	private final String flow;
	private final Journal journal;
	/** Puts the worker's memory back to what the journal holds, after a failed commit. */
	private final Runnable reset;
	/** The transactions handed over whose commit memory has not followed yet, oldest first. */
	private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
	/** Set by the writer's thread when a transaction fails; until the reset, later ones are skipped. */
	private final AtomicReference<Throwable> failed = new AtomicReference<>();
	/** The writer's thread (started at the first transaction). */
	private final ExecutorService thread;
	/** Set by {@link #close}: nothing more is taken. */
	private volatile boolean closed;
	/** The writer's own connection to the journal: a connection is one transaction at a time. */
	private Connection connection;

	JournalWriter(String flow, Journal journal, Runnable reset) {
		this.flow = flow;
		this.journal = journal;
		this.reset = reset;
		this.thread = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "isthmus-journal-" + flow);
			t.setDaemon(true);
			return t;
		});
	}

	/** Hands a transaction over, once fewer than {@link #AHEAD} are in flight. */
	synchronized void submit(Transaction transaction) throws SQLException {
		if (closed) {
			throw new IllegalStateException("flow " + flow + " is stopping: its journal writer takes nothing more");
		}
		settle(AHEAD - 1);
		Future<Void> future = thread.submit(() -> {
			// A transaction after a failed one was decided on top of it: it is not written, and is decided again.
			if (failed.get() != null) {
				throw new IllegalStateException("not written: a transaction before it failed");
			}
			try {
				write(transaction);
			} catch (Throwable e) {
				failed.compareAndSet(null, e);
				throw e;
			}
			return null;
		});
		inFlight.add(new InFlight(transaction, future));
		// Memory follows the commits that have happened meanwhile, without waiting.
		while (!inFlight.isEmpty() && inFlight.peek().future().isDone()) {
			settle(inFlight.size() - 1);
		}
	}

	/** Waits for every transaction in flight, and lets memory follow (see {@link #settle}). */
	void complete() throws SQLException {
		settle(0);
	}

	/**
	 * Waits until at most {@code keep} transactions are in flight. Memory follows each commit, in order. When one
	 * failed, the ones after it are not written; once all have ended, memory is reset and the failure thrown.
	 */
	private synchronized void settle(int keep) throws SQLException {
		while (inFlight.size() > keep) {
			InFlight oldest = inFlight.poll();
			Throwable failure = outcome(oldest.future());
			if (failure == null) {
				try {
					oldest.transaction().afterCommit().run();
					continue;
				} catch (RuntimeException e) {
					// Committed, but memory could not follow (a defect): it is read back from the journal, as for a
					// failed commit, once the transactions after it have ended.
					failure = e;
				}
			}
			for (InFlight later : inFlight) {
				outcome(later.future());
			}
			inFlight.clear();
			failed.set(null);
			reset.run();
			if (failure instanceof SQLException sql) {
				throw sql;
			}
			if (failure instanceof RuntimeException r) {
				throw r;
			}
			if (failure instanceof Error fatal) {
				throw fatal;
			}
			throw new IllegalStateException(failure);
		}
	}

	/** Waits for a transaction to end; its failure, or {@code null}. */
	private static Throwable outcome(Future<Void> future) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					future.get();
					return null;
				} catch (InterruptedException e) {
					// The commit is on its way whatever this thread is told: memory must learn how it ended.
					interrupted = true;
				} catch (ExecutionException e) {
					return e.getCause();
				}
			}
		} finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** On the writer's thread: everything the transaction holds, and its sources' checkpoints, committed at once. */
	private void write(Transaction transaction) throws SQLException {
		connection = connection == null ? journal.connect() : journal.working(connection);
		Connection c = connection;
		try {
			// The text is written before the lock: a deliverer may commit meanwhile.
			transaction.writes().prepare();
			Journal.WRITES.lock();
			try {
				JournalKeys.insert(c, transaction.keyRows());
				transaction.writes().flush(c);
				if (!transaction.heldGone().isEmpty()) {
					try (PreparedStatement d = c.prepareStatement("DELETE FROM ISTHMUS_HELD WHERE FLOW = ? AND SEQ = ?")) {
						for (long seq : transaction.heldGone()) {
							d.setString(1, flow);
							d.setLong(2, seq);
							d.addBatch();
						}
						d.executeBatch();
					}
				}
				if (!transaction.heldKept().isEmpty()) {
					try (PreparedStatement u = c.prepareStatement("UPDATE ISTHMUS_HELD SET RECORD = ? WHERE FLOW = ? AND SEQ = ?")) {
						for (Map.Entry<Long, byte[]> row : transaction.heldKept().entrySet()) {
							u.setBytes(1, row.getValue());
							u.setString(2, flow);
							u.setLong(3, row.getKey());
							u.addBatch();
						}
						u.executeBatch();
					}
				}
				transaction.inTransaction().run(c);
				c.commit();
			} finally {
				Journal.WRITES.unlock();
			}
		} catch (Throwable e) {
			// Whatever failed (an OutOfMemoryError too), nothing of the transaction may stay for the next to commit.
			Journal.rollback(c);
			throw e;
		}
	}

	/**
	 * Ends the writer: it takes nothing more, and the transactions in flight are given two seconds to commit (memory
	 * does not follow them: the flow is stopping, and the journal has what they committed). Normally there are none
	 * left: the flow's thread has waited for them ({@link FlowWorker#finish}) within the runner's ten seconds to stop.
	 * Not synchronized with the rest, so that a worker stuck behind a stalled journal cannot hold up the stop.
	 */
	void close(JsonLog log) {
		closed = true;
		thread.shutdown();
		try {
			if (!thread.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) {
				log.warn("flow.journal-stalled", "flow", flow, "reason", "a journal transaction did not end in time; it is rolled back"
						+ " with its connection, and its records are read again at the next start");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (connection != null) {
			try {
				connection.close();
			} catch (SQLException e) {
				// closing: what it held is rolled back
			}
		}
	}
}
