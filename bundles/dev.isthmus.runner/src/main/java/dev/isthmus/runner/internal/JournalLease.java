package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A runner's hold on its journal (see {@link Journal#lease}): a lock on the lease row, held by a connection of its
 * own until the runner stops or dies, and taken again when the journal's database restarted.
 */
final class JournalLease {

	private final Journal journal;
	private final String holder;
	private Connection connection;

	JournalLease(Journal journal, String holder) {
		this.journal = journal;
		this.holder = holder;
	}

	synchronized void take() throws SQLException {
		Connection c = journal.connect();
		try (Statement s = c.createStatement()) {
			// NOWAIT: a lock held by a live runner is an answer, not something to wait for.
			s.executeQuery("SELECT ID FROM ISTHMUS_LEASE WHERE ID = 1 FOR UPDATE NOWAIT").close();
		} catch (SQLException e) {
			close(c);
			String other = null;
			try (Connection r = journal.connect()) {
				other = Journal.checkpoint(r, "journal:holder");
			} catch (SQLException unread) {
				e.addSuppressed(unread);
			}
			throw "HYT00".equals(e.getSQLState()) || e.getErrorCode() == 50200 ? new Journal.InUse(other, e) : e;
		}
		connection = c;
		// Who holds it, for the message a second runner gives: written apart, the lease row stays locked.
		Journal.WRITES.lock();
		try (Connection w = journal.connect()) {
			Journal.checkpoint(w, "journal:holder", holder);
			w.commit();
		} finally {
			Journal.WRITES.unlock();
		}
	}

	synchronized void retake() throws SQLException {
		if (holder == null || connection != null && !connection.isClosed() && connection.isValid(5)) {
			return;
		}
		close(connection);
		connection = null;
		try {
			take();
		} catch (Journal.InUse e) {
			// This runner was cut off (frozen, partitioned) long enough for the database to let go of its lease, and
			// another runner took the journal meanwhile: it is that one's now, for good.
			throw new Journal.LeaseLost(e);
		}
	}

	private void close(Connection c) {
		if (c != null) {
			try {
				c.close();
			} catch (SQLException e) {
				// broken already: its locks went with it
			}
		}
	}
}
