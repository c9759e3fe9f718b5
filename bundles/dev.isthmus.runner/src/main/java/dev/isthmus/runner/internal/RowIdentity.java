package dev.isthmus.runner.internal;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The columns that tell apart a polled table's rows with one value of the polled column, so that a row read at the
 * checkpoint is known again when its other values change: the endpoint's key columns after the first
 * ({@code key "SEQ", "ID"}), or else a table's primary key. Without them a row is known by all its values, and one
 * that changed cannot be told from a new one (see {@link #sayChanged}).
 */
final class RowIdentity {

	private RowIdentity() {
	}

	/**
	 * @param table the table polled, or {@code null} for a query (which has no primary key to ask for)
	 * @param labels the columns the rows have
	 * @return the identifying columns as the rows name them; empty where none is known
	 */
	static List<String> columns(DatabaseMetaData meta, SqlNames names, String table, List<String> keys, List<String> labels, String shown)
			throws SQLException {
		List<String> found = new ArrayList<>();
		for (String key : keys.subList(Math.min(1, keys.size()), keys.size())) {
			String label = labels.stream().filter(key::equalsIgnoreCase).findFirst().orElseThrow(() -> new SQLException(shown
					+ " has no column " + key + ", which the endpoint's key names to tell apart rows with one value of " + keys.get(0)
					+ " (its columns: " + String.join(", ", labels) + "); name a column " + shown + " has, or key it by " + keys.get(0)
					+ " alone"));
			found.add(label);
		}
		return found.isEmpty() && table != null ? primaryKey(meta, names, table, labels) : found;
	}

	/** The table's primary key, where the driver tells it and the rows have its columns. */
	private static List<String> primaryKey(DatabaseMetaData meta, SqlNames names, String table, List<String> labels) {
		TreeMap<Integer, String> columns = new TreeMap<>();
		try {
			String[] found = names.lookup(table); // as the database has it, a "MixedCase" table too
			if (found == null) {
				return List.of();
			}
			try (ResultSet r = meta.getPrimaryKeys(null, found[0], found[1])) {
				while (r.next()) {
					columns.put(r.getInt("KEY_SEQ"), r.getString("COLUMN_NAME"));
				}
			}
		} catch (SQLException e) {
			return List.of(); // a driver without it: rows are known by all their values
		}
		List<String> found = new ArrayList<>();
		for (String column : columns.values()) {
			labels.stream().filter(column::equalsIgnoreCase).findFirst().ifPresent(found::add);
		}
		return found.size() == columns.size() ? found : List.of();
	}

	/** Says that rows at the checkpoint changed, and are not read again. */
	static void sayChanged(JsonLog log, String flow, String endpoint, String table, String column, String mark, int rows) {
		log.warn("table.rows-changed-at-checkpoint", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "value", mark,
				"rows", rows, "reason", rows + (rows == 1 ? " row" : " rows") + " with " + column + " = " + mark + " in " + table
						+ (rows == 1 ? " differs" : " differ") + " from those read at that value (changed, or computed anew at each poll:"
						+ " RAND(), NOW(), CURRENT_TIMESTAMP) and " + (rows == 1 ? "is" : "are") + " not read, so that no row is read twice; a row committed later with " + column + " = " + mark
						+ " is not told from a changed one either. Name a second key column that identifies a row (key \"" + column
						+ "\", \"ID\"), or keep computed columns out of the query");
	}

	/**
	 * Says that the rows read at the checkpoint were remembered by other columns than the source's now (or not at
	 * all), so that those now at its value are taken as read.
	 */
	static void sayRebased(JsonLog log, String flow, String endpoint, String table, String column, String mark, String formerly,
			String now) {
		log.warn("table.ties-rebased", "flow", flow, "endpoint", endpoint, "source", table, "column", column, "value", mark,
				"formerly", formerly, "now", now, "reason", "the rows read with " + column + " = " + mark + " in " + table
						+ " were remembered by " + formerly + ", and rows are now told apart by " + now + ": the rows with " + column + " = " + mark + " now are taken as read, so that"
						+ " none is read twice and a row given that value from now on is read; a row given it between the last run and"
						+ " now, if any, was taken as read too, and is not read");
	}
}
