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
 * row given a lower value). The second count compares the rows below the checkpoint with the count kept beside it in
 * the journal (written with the checkpoint, as the rows read add to it), so a later run and {@code --once} say it too:
 * rows deleted in between can hide new ones, but what it says is so.
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
	/** The rows whose DOUBLE or REAL column is NaN or an infinity ({@link PolledColumn#finite}); {@code null} for other kinds. */
	private final String nonFiniteRows;
	private final PolledColumn kind;
	private final String stored;
	private Instant lookedAt;
	private long nullsSaid;
	private long nonFiniteSaid;
	/**
	 * How many rows were below the checkpoint the source reads from (in memory, it may be ahead of the journal's),
	 * when they were last known; {@code null} when not known (a checkpoint written before they were kept).
	 */
	private Long countBelow;
	/** Whether {@link #countBelow} is not yet in the journal. */
	private boolean unstored;

	/**
	 * @param checkpoint the source's checkpoint, beside which the count below it is kept (under a name of its own)
	 * @param from the table or {@code (query) Q}, as the poll reads it
	 * @param polled the polled column, quoted as the poll names it
	 * @param kind the polled column's kind: a DOUBLE's or REAL's NaN and infinities are counted apart, and not as below the checkpoint
	 */
	SkippedRows(String flow, String endpoint, String table, String column, String checkpoint, String from, String polled, PolledColumn kind,
			JsonLog log, Duration every) {
		this.flow = flow;
		this.endpoint = endpoint;
		this.table = table;
		this.column = column;
		this.log = log;
		this.every = every;
		this.stored = checkpoint + " below";
		this.nullRows = "SELECT COUNT(*) FROM " + from + " WHERE " + polled + " IS NULL";
		this.rowsBelow = "SELECT COUNT(*) FROM " + from + " WHERE " + polled + " < ?" + kind.finite(polled);
		this.kind = kind;
		this.nonFiniteRows = kind.finite(polled).isEmpty() ? null
				: "SELECT COUNT(*) FROM " + from + " WHERE " + polled + " IS NOT NULL AND NOT (" + polled + " BETWEEN ? AND ?)";
	}

	/**
	 * The count the journal keeps below {@code mark}, its checkpoint: a later run (or {@code --once}) compares against
	 * it. Kept as the count and a digest of the value it was counted below; none, or one for another value, is no
	 * count yet.
	 */
	void load(Connection journal, String mark) throws SQLException {
		String kept = mark == null ? null : Journal.checkpoint(journal, stored);
		String[] parts = kept == null ? new String[0] : kept.split(" ", 2);
		countBelow = parts.length == 2 && parts[1].equals(CheckpointTies.digest(mark)) ? Long.valueOf(parts[0]) : null;
		unstored = false;
	}

	/**
	 * The checkpoint moves from where the source read (its count below known, or {@code null} before any value was
	 * read) to a value with {@code read} rows below it in the poll, all of the rows between the two.
	 *
	 * @param whole whether the poll read every row from the old checkpoint's value on (not where it read above it only)
	 */
	void moved(boolean fromNothing, long read, boolean whole) {
		Long before = fromNothing ? Long.valueOf(0) : countBelow;
		countBelow = before == null || !(whole || fromNothing) ? null : before + read;
		unstored = true;
	}

	/** Whether the count below changed since the journal had it: the next batch must write it, even without records. */
	boolean unstored() {
		return unstored;
	}

	/**
	 * What to write, in the checkpoint's transaction, beside the checkpoint set to {@code value}: the count below it
	 * as it is now (the batch commits later, while the source reads on).
	 */
	Source.Step store(String value) {
		String text = countBelow == null || value == null ? null : countBelow + " " + CheckpointTies.digest(value);
		unstored = false;
		return journal -> Journal.checkpoint(journal, stored, text);
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
			sayNulls(count(connection, nullRows, null, false));
			if (nonFiniteRows != null) {
				sayNonFinite(count(connection, nonFiniteRows, null, true));
			}
			if (checkpoint != null) {
				long nowBelow = count(connection, rowsBelow, checkpoint, true);
				if (countBelow != null && nowBelow > countBelow) {
					sayLate(nowBelow - countBelow, shown);
				}
				if (countBelow == null || nowBelow != countBelow) {
					countBelow = nowBelow;
					unstored = true;
				}
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

	/** {@code finite}: the statement ends with a DOUBLE's or REAL's finite bounds ({@link PolledColumn#finite}), to bind. */
	private long count(Connection connection, String sql, Object bound, boolean finite) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement(sql)) {
			if (bound != null) {
				q.setObject(1, bound);
			}
			if (finite) {
				kind.bindFinite(q, bound == null ? 1 : 2);
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

	private void sayNonFinite(long count) {
		if (count != nonFiniteSaid && count > 0) {
			log.warn("table.rows-skipped", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "rows", count,
					"reason", count + (count == 1 ? " row has" : " rows have") + " " + column + " NaN or an infinity and will not be read:"
							+ " " + table + " is polled for " + column + " values above the last one read, and no value is above NaN, so the"
							+ " runner keeps no such value as its checkpoint; to have " + (count == 1 ? "it" : "them") + " read, give "
							+ (count == 1 ? "it a number" : "them numbers") + " above the last one read, or else leave such rows out of the"
							+ " table or query");
		}
		nonFiniteSaid = count;
	}

	private void sayLate(long rows, String belowShown) {
		log.warn("table.rows-below-checkpoint", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "rows", rows,
				"reason", rows + (rows == 1 ? " row" : " rows") + " with " + column + " below " + belowShown + " appeared in " + table
						+ " after " + column + " " + belowShown + " was read, and will not be read: the poll asks for values from the last"
						+ " one read on, and a transaction committed " + (rows == 1 ? "it" : "them") + " late (or gave "
						+ (rows == 1 ? "it" : "them") + " a lower value). Poll by a column that increases in commit order, or poll a query"
						+ " that leaves out rows younger than the longest transaction that writes them (… WHERE CREATED_AT <"
						+ " CURRENT_TIMESTAMP - INTERVAL '5' MINUTE)");
	}
}
