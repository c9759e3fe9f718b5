package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The rows a polled table or query has that its poll will never read, counted now and then and said in the log, since
 * nothing else would tell: those whose polled column is NULL (no value is above the checkpoint), and those that
 * appeared below the checkpoint after it was read (a transaction that took SEQ 5 committed after SEQ 6 was read, or a
 * row given a lower value). The second count compares the rows below one checkpoint at two looks: rows deleted in
 * between can hide new ones, but what it says is so.
 */
final class SkippedRows {

	private final String flow;
	private final String endpoint;
	private final String table;
	private final String column;
	private final JsonLog log;
	private final Duration every;
	private final String nullRows;
	private final String rowsBelow;
	private Instant lookedAt;
	private long nullsSaid;
	/** The checkpoint at the last look (as bound, and as shown), and how many rows were below it then. */
	private Object below;
	private String belowShown;
	private long countBelow;

	/**
	 * @param from the table or {@code (query) Q}, as the poll reads it
	 * @param polled the polled column, quoted as the poll names it
	 */
	SkippedRows(String flow, String endpoint, String table, String column, String from, String polled, JsonLog log, Duration every) {
		this.flow = flow;
		this.endpoint = endpoint;
		this.table = table;
		this.column = column;
		this.log = log;
		this.every = every;
		this.nullRows = "SELECT COUNT(*) FROM " + from + " WHERE " + polled + " IS NULL";
		this.rowsBelow = "SELECT COUNT(*) FROM " + from + " WHERE " + polled + " < ?";
	}

	/**
	 * At the first poll and then at most once every {@code every}: counts, and says what changed. A count that fails
	 * only loses a warning (the poll itself says what is wrong with the table).
	 *
	 * @param checkpoint the value the poll reads from (as bound), or {@code null} before any was read
	 * @param shown that value as the log shows it
	 */
	void look(Connection connection, Object checkpoint, String shown) {
		Instant now = Instant.now();
		if (lookedAt != null && now.isBefore(lookedAt.plus(every))) {
			return;
		}
		lookedAt = now;
		try {
			sayNulls(count(connection, nullRows, null));
			if (below != null) {
				long nowBelow = count(connection, rowsBelow, below);
				if (nowBelow > countBelow) {
					sayLate(nowBelow - countBelow);
				}
				countBelow = nowBelow;
			}
			if (checkpoint != null && !JdbcSource.same(checkpoint, below)) {
				countBelow = count(connection, rowsBelow, checkpoint);
				below = checkpoint;
				belowShown = shown;
			}
		} catch (SQLException e) {
			// only a warning is lost
		} finally {
			try {
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
			} catch (SQLException e) {
				// the poll that follows finds the connection broken
			}
		}
	}

	private static long count(Connection connection, String sql, Object bound) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement(sql)) {
			if (bound != null) {
				q.setObject(1, bound);
			}
			try (ResultSet r = q.executeQuery()) {
				return r.next() ? r.getLong(1) : 0;
			}
		}
	}

	private void sayNulls(long count) {
		if (count != nullsSaid && count > 0) {
			log.warn("table.rows-skipped", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "rows", count,
					"reason", count + (count == 1 ? " row has" : " rows have") + " no " + column + " (NULL) and will not be read: "
							+ table + " is polled for " + column + " values above the last one read; give "
							+ (count == 1 ? "it a value" : "them values") + " above that, or leave such rows out of the table or query");
		}
		nullsSaid = count;
	}

	private void sayLate(long rows) {
		log.warn("table.rows-below-checkpoint", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "rows", rows,
				"reason", rows + (rows == 1 ? " row" : " rows") + " with " + column + " below " + belowShown + " appeared in " + table
						+ " after " + column + " " + belowShown + " was read, and will not be read: the poll asks for values from the last"
						+ " one read on, and a transaction committed " + (rows == 1 ? "it" : "them") + " late (or gave "
						+ (rows == 1 ? "it" : "them") + " a lower value). Poll by a column that increases in commit order, or poll a query"
						+ " that leaves out rows younger than the longest transaction that writes them (… WHERE CREATED_AT <"
						+ " CURRENT_TIMESTAMP - INTERVAL '5' MINUTE)");
	}
}
