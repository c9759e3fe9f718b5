package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections that outlive their database: one restarted (or a network that dropped) leaves a connection broken for
 * good, so the runner's long-lived connections (journal, table sinks, polled tables) are checked before each batch
 * and opened again when broken, and the runner carries on once the database is back.
 */
final class Connections {

	/** How a connection is opened, settings included. */
	interface Opener {
		Connection open() throws SQLException;
	}

	private Connections() {
	}

	/** {@code connection} while it works; otherwise it is closed and a new one opened. */
	static Connection working(Connection connection, Opener opener) throws SQLException {
		if (!connection.isClosed() && connection.isValid(5)) {
			return connection;
		}
		try {
			connection.close();
		} catch (SQLException e) {
			// broken already
		}
		return opener.open();
	}
}
