package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Webhook records journaled in groups: a request waits until its record is committed (it is answered 2xx only then),
 * and the requests that arrive while a commit is under way are committed together by the next one, in one
 * transaction. A commit per request made H2 write a chunk of rewritten pages per webhook (about 20 KB): 850 MB of
 * journal file for 42,000 webhooks in 36 s, at about 1,400 webhooks/s at most. The thread of the first request
 * waiting commits for all of them (group commit), so there is no thread of its own to start, stop or lose.
 */
final class Intake implements AutoCloseable {

	/** One request's record, and what became of it: written by the committing thread, read by the request's own. */
	private static final class Request {
		final Journal.Accepted record;
		List<Long> ids;
		Exception failure;
		boolean done;

		Request(Journal.Accepted record) {
			this.record = record;
		}
	}

	private final Journal journal;
	private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();
	/** Held by the thread committing a group; {@link #connection} is used only under it. */
	private final ReentrantLock committing = new ReentrantLock();
	private volatile Connection connection;
	/** Whether the last commit failed: the connection is checked (and opened again if broken) before the next. */
	private boolean suspect;
	/** When the last commit was made ({@link System#nanoTime}); see {@link #commit}. */
	private long lastCommit = System.nanoTime();
	private static final long IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
	/** Commits made, for tests and the benchmark's figures. */
	private long commits;

	Intake(Journal journal) {
		this.journal = journal;
	}

	/**
	 * Journals a record for each flow that reads its endpoint, with the records of other requests arriving meanwhile;
	 * returns its inbox ids once committed. A failed commit fails every record of its group: nothing of them is in the
	 * journal, and each request is answered so (the sender sends again). A record cannot fail alone: its size is checked
	 * before, and the rest comes from the configuration.
	 */
	List<Long> accept(List<String> flows, String endpoint, String origin, String payload, Instant at) throws SQLException {
		Request request = new Request(new Journal.Accepted(flows, endpoint, origin, payload, at));
		waiting.add(request);
		committing.lock();
		try {
			if (!request.done) {
				commit();
			}
		} finally {
			committing.unlock();
		}
		if (request.failure instanceof SQLException e) {
			throw e;
		}
		if (request.failure instanceof RuntimeException e) {
			throw e;
		}
		return request.ids;
	}

	/** Commits every record waiting now (this thread's among them), under {@link #committing}. */
	private void commit() {
		List<Request> group = new ArrayList<>();
		for (Request next; (next = waiting.poll()) != null;) {
			group.add(next);
		}
		try {
			if (connection == null) {
				connection = journal.connect();
			} else if (suspect || System.nanoTime() - lastCommit > IDLE_NANOS) {
				// The database may have restarted: a new connection, and the lease taken again (see Journal#working).
				// Checked after a second without commits too: a journal server restarted while no webhook came left the
				// connection broken, and the first webhook after it was answered 503 with /health "up" (review 35). A
				// commit that fails is not tried again: its answer lost, it may have committed after all.
				connection = journal.working(connection);
			}
			List<Journal.Accepted> records = new ArrayList<>(group.size());
			group.forEach(r -> records.add(r.record));
			List<List<Long>> ids = journal.accept(connection, records);
			for (int i = 0; i < group.size(); i++) {
				group.get(i).ids = ids.get(i);
			}
			commits++;
			suspect = false;
			lastCommit = System.nanoTime();
		} catch (SQLException | RuntimeException e) {
			suspect = true;
			group.forEach(r -> r.failure = e);
		} finally {
			group.forEach(r -> r.done = true);
		}
	}

	/** How many records wait for a commit now. */
	int waiting() {
		return waiting.size();
	}

	/** How many commits journaled the records so far. */
	long commits() {
		committing.lock();
		try {
			return commits;
		} finally {
			committing.unlock();
		}
	}

	/**
	 * Closes the connection. A commit still under way after the webhook server's wait (a journal that stopped
	 * answering) is not waited for any longer: closing its connection ends it, and its requests are not answered 2xx.
	 */
	@Override
	public void close() {
		boolean locked = false;
		try {
			locked = committing.tryLock(2, java.util.concurrent.TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		try {
			Connection c = connection;
			if (c != null) {
				c.close();
			}
		} catch (SQLException e) {
			// accepted records were committed before they were answered
		} finally {
			if (locked) {
				connection = null;
				committing.unlock();
			}
		}
	}
}
