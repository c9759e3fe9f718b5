package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inserts deliveries into a table, or upserts them by the endpoint's key columns — batched, with parameters only.
 * Exactly once across crashes: the rows and a marker per outbox id ({@code ISTHMUS_DELIVERIES}) are written in the
 * same transaction of the target database, and a batch delivered again skips the outbox ids already marked.
 * A {@code TIMESTAMP} column without time zone holds UTC, whatever the host's zone. A value the table's column would
 * round or cut (more decimal places than its scale, a text longer than it holds) refuses its record, in words.
 */
final class JdbcSink implements Sink {

	/**
	 * What a table or key column of the configuration may be (the statements quote them, see {@link SqlNames}, but a
	 * name with anything else in it is more likely a mistake than a name). Fields are quoted as the table names them.
	 */
	static final Pattern IDENTIFIER = SqlNames.PLAIN_TABLE;

	private final String endpoint;
	/** The ENDPOINT of this sink's delivery markers. */
	private final String marker;
	private final String url;
	/** Opened again when found broken (the database restarted): see {@link #deliver}. */
	private Connection connection;
	private final String table;
	private final List<String> fields;
	/** The fields of the endpoint's key columns, in the keys' order. */
	private final List<String> keys;
	private final JsonNode properties;
	/**
	 * The table's columns by upper-case name. A timestamp is written into a TIMESTAMP column without time zone as its
	 * UTC date and time, not converted to the zone of the host, which the same table would then read back differently
	 * on another host.
	 */
	private final Map<String, TableColumn> columns;
	private final String insert;
	private final String update;
	/** The fields the update sets: those not of the key. */
	private final List<String> others;
	/**
	 * The largest statement MySQL or MariaDB takes ({@code max_allowed_packet}), else none: a record larger than it made
	 * the server drop the connection ("Socket error"), taken for the target failing, and its whole batch was retried
	 * and dead-lettered (review 29).
	 */
	private final long largestStatement;
	/** How the records' values are bound to the table's columns. */
	private final ColumnValues values;

	/**
	 * @param create whether to create the table from the record's shape when it is missing (the embedded database)
	 */
	JdbcSink(String endpoint, String url, String table, List<String> keyColumns, JsonNode shape, boolean create, String journal)
			throws SQLException {
		this.endpoint = endpoint;
		// Markers name the journal too (see Journal#id): another journal's outbox ids are not this one's.
		this.marker = journal.isEmpty() ? endpoint : endpoint + "@" + journal;
		if (!IDENTIFIER.matcher(table).matches()) {
			throw new SQLException(endpoint + ": table \"" + table + "\" is not a plain SQL name");
		}
		this.table = table;
		this.properties = shape == null ? null : shape.get("properties");
		this.fields = new ArrayList<>();
		if (properties != null) {
			properties.fieldNames().forEachRemaining(fields::add);
		}
		this.keys = new ArrayList<>();
		for (String key : keyColumns) {
			String upper = key.toUpperCase(Locale.ROOT);
			if (!IDENTIFIER.matcher(key).matches() || fields.stream().noneMatch(f -> f.equalsIgnoreCase(key))) {
				throw new SQLException("key column " + upper + " is not a field of the record (" + TargetTable.columnList(fields) + ")");
			}
			keys.add(fields.stream().filter(f -> f.equalsIgnoreCase(key)).findFirst().orElseThrow());
		}
		this.url = url;
		this.connection = open();
		SqlNames names = new SqlNames(connection.getMetaData());
		this.columns = new TargetTable(endpoint, table, fields, keys.stream().map(k -> k.toUpperCase(Locale.ROOT)).toList(), properties, names)
				.prepare(connection, create);
		String quotedTable = names.table(table);
		this.insert = "INSERT INTO " + quotedTable + " (" + String.join(", ", fields.stream().map(f -> quoted(names, f)).toList())
				+ (keys.isEmpty() ? (fields.isEmpty() ? "" : ", ") + quoted(names, "ISTHMUS_OUTBOX_ID") : "") + ") VALUES ("
				+ String.join(", ", java.util.Collections.nCopies(fields.size() + (keys.isEmpty() ? 1 : 0), "?")) + ")";
		this.others = fields.stream().filter(f -> !keys.contains(f)).toList();
		this.largestStatement = Connections.largestStatement(connection);
		this.values = new ColumnValues(columns, properties, table);
		if (keys.isEmpty()) {
			this.update = null;
		} else {
			String set = others.isEmpty() ? quoted(names, keys.get(0)) + " = " + quoted(names, keys.get(0))
					: String.join(", ", others.stream().map(f -> quoted(names, f) + " = ?").toList());
			this.update = "UPDATE " + quotedTable + " SET " + set + " WHERE "
					+ String.join(" AND ", keys.stream().map(k -> quoted(names, k) + " = ?").toList());
		}
	}

	/** A field's column, quoted as the table names it. */
	private String quoted(SqlNames names, String field) {
		return names.quoted(columns.get(field.toUpperCase(Locale.ROOT)).name());
	}

	/**
	 * Whether a column is a TIMESTAMP without time zone. PostgreSQL's driver reports its {@code timestamptz} as
	 * {@link Types#TIMESTAMP} too, so the type's name is read as well.
	 */
	static boolean zoneless(int type, String typeName) {
		String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
		return type == Types.TIMESTAMP && !name.contains("TZ") && !name.contains("TIME ZONE");
	}

	/** A thousand rows a transaction: the database's commit, not the rows, is what a small batch pays for. */
	@Override
	public int batchSize() {
		return 1000;
	}

	/** A pack is one transaction here, marked by its outbox id like any row. */
	@Override
	public boolean packs() {
		return true;
	}

	/**
	 * Delivers the rows in one transaction. When the database refuses the data (a constraint, a value that does not
	 * fit), each row is tried in a transaction of its own, so that one bad record does not hold back the others:
	 * the rows it takes are delivered, the refused ones are permanent failures (a refused pack is split by the
	 * deliverer and its records tried alone). Any other failure (a login or right refused too) is for the deliverer to retry.
	 */
	@Override
	public List<Result> deliver(List<Pending> rows) throws SQLException {
		try {
			return deliverAll(rows);
		} catch (SQLException e) {
			SQLException cause = databaseCause(e);
			if (RefusedCredentials.byDatabase(cause)) {
				throw new SQLException(RefusedCredentials.databaseAdvice(cause, reason(cause), table, connection, !keys.isEmpty()), cause.getSQLState(),
						cause.getErrorCode(), e);
			}
			// A batch's error as the database gave it for its first row, not the batch's statement with that row's values,
			// which every record of the batch showed in its dead letter (review 27, PostgreSQL's "Batch entry 0 …").
			throw cause == e ? e : new SQLException(reason(cause), cause.getSQLState(), cause.getErrorCode(), e);
		}
	}

	private List<Result> deliverAll(List<Pending> rows) throws SQLException {
		connection = Connections.working(connection, this::open);
		try {
			deliverInOne(rows);
			return new ArrayList<>(java.util.Collections.nCopies(rows.size(), Result.OK));
		} catch (SQLException e) {
			rollback();
			if (!refused(e)) {
				throw e;
			}
			if (rows.size() == 1) {
				return List.of(new Result(Kind.PERMANENT, refusal(e)));
			}
		}
		List<Result> results = new ArrayList<>();
		for (Pending row : rows) {
			try {
				deliverInOne(List.of(row));
				results.add(Result.OK);
			} catch (SQLException e) {
				rollback();
				if (!refused(e) && results.isEmpty()) {
					throw e;
				}
				if (!refused(e)) {
					// The rows before it are in the table, each in a transaction of its own: said delivered, not failed
					// with the batch (they ended dead letters while in the table, review 29); this one is tried again,
					// the rest wait unanswered.
					results.add(new Result(Kind.RETRY, reason(databaseCause(e))));
					break;
				}
				results.add(new Result(Kind.PERMANENT, refusal(e)));
				if (row.packed()) {
					// The deliverer splits the pack and sends its records alone first: rows after it, which may hold
					// a later record of one of its keys, are not written before them (they stay pending, unanswered).
					break;
				}
			}
		}
		return results;
	}

	/**
	 * Why the table refused a record, on one line. The runner's own refusals (a value the column would round or cut)
	 * say it already; the database's (a CHECK, a value out of range) come with the statement, line breaks and the
	 * driver's error code, which split {@code dlq show} and traces: those are cut to the database's reason.
	 */
	static String refusal(SQLException e) {
		if (e instanceof TableColumn.RefusedValue) {
			return e.getMessage();
		}
		SQLException cause = databaseCause(e);
		return "the table refused the record: " + reason(cause) + " (SQLSTATE " + cause.getSQLState() + "); correct the record (or the table),"
				+ " then replay it";
	}

	/**
	 * The database's own error behind a batch's: a driver reports a failed batch as a {@link java.sql.BatchUpdateException}
	 * naming the batch (PostgreSQL's "Batch entry 0 UPDATE … was aborted: … Call getNextException to see other errors"),
	 * with the error itself as the next exception.
	 */
	static SQLException databaseCause(SQLException e) {
		return e instanceof java.sql.BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
	}

	private Connection open() throws SQLException {
		Connection c = Connections.open(url);
		c.setAutoCommit(false);
		return c;
	}

	private void rollback() {
		try {
			connection.rollback();
		} catch (SQLException e) {
			// the connection is broken: its transaction is gone with it, and the next delivery opens another
		}
	}

	/**
	 * The database's reason, on one line: without the statement and H2's error code, or PostgreSQL's "ERROR:" (see
	 * {@link #refusal}).
	 */
	static String reason(SQLException e) {
		String message = String.valueOf(e.getMessage());
		int statement = message.indexOf("; SQL statement:");
		return (statement >= 0 ? message.substring(0, statement) : message).replaceAll("\\s*\\[\\d+-\\d+\\]\\s*$", "")
				.replaceAll("\\s+", " ").replaceFirst("^ERROR: ", "").replaceFirst("^\\(conn=\\d+\\) ", "").trim();
	}

	/**
	 * Whether the database refused the data itself: SQLSTATE class 22 (a data exception) or 23 (an integrity constraint),
	 * or MySQL's and MariaDB's refusals of a record under a state of no such class — a value outside an ENUM or SET
	 * ("Data truncated", 1265, state 01000), a column without default the record leaves out (1364), a CHECK in MySQL
	 * (3819) — which were taken for the target failing, the batch retried and all of it dead-lettered (review 29).
	 */
	static boolean refused(SQLException e) {
		SQLException cause = databaseCause(e);
		String state = cause.getSQLState();
		if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
			return true;
		}
		int code = cause.getErrorCode();
		return (code == 1265 || code == 1364 || code == 3819) && state != null && (state.equals("01000") || state.equals("HY000"));
	}

	private void deliverInOne(List<Pending> rows) throws SQLException {
		// One range query, not one per row: the batch's outbox ids already marked (a re-delivery after a crash).
		Set<Long> done = new HashSet<>();
		long low = rows.stream().mapToLong(Pending::id).min().orElse(0);
		long high = rows.stream().mapToLong(Pending::id).max().orElse(0);
		try (PreparedStatement q = connection.prepareStatement(
				"SELECT OUTBOX_ID FROM ISTHMUS_DELIVERIES WHERE ENDPOINT = ? AND OUTBOX_ID BETWEEN ? AND ?")) {
			q.setString(1, marker);
			q.setLong(2, low);
			q.setLong(3, high);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					done.add(r.getLong(1));
				}
			}
		}
		List<Pending> fresh = rows.stream().filter(r -> !done.contains(r.id())).toList();
		if (!fresh.isEmpty()) {
			write(fresh);
			try (PreparedStatement mark = connection.prepareStatement("INSERT INTO ISTHMUS_DELIVERIES (ENDPOINT, OUTBOX_ID) VALUES (?, ?)")) {
				for (Pending row : fresh) {
					mark.setString(1, marker);
					mark.setLong(2, row.id());
					mark.addBatch();
				}
				mark.executeBatch();
			}
		}
		connection.commit();
	}

	private void write(List<Pending> rows) throws SQLException {
		List<JsonNode> records = new ArrayList<>();
		List<Long> outboxIds = new ArrayList<>();
		for (Pending row : rows) {
			try {
				for (JsonNode record : Pack.records(row)) {
					records.add(record);
					outboxIds.add(row.id());
				}
			} catch (java.io.IOException e) {
				throw new SQLException("outbox row " + row.id() + " is not JSON", e);
			}
		}
		if (!keys.isEmpty()) {
			records = lastOfEachKey(records); // outboxIds, which only a table without key uses, no longer line up
		}
		if (largestStatement < Long.MAX_VALUE) {
			for (JsonNode record : records) {
				long bytes = record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
				if (bytes > largestStatement - 1024) {
					throw new TableColumn.RefusedValue("the record is " + bytes + " bytes, more than the " + largestStatement + " bytes a statement"
							+ " may have on this server (max_allowed_packet); raise the server's max_allowed_packet, or shorten the record in the"
							+ " flow's mapping, then replay the record", "22001");
				}
			}
		}
		boolean[] updated = keys.isEmpty() ? new boolean[records.size()] : update(records);
		try (PreparedStatement insert = connection.prepareStatement(this.insert)) {
			boolean any = false;
			for (int r = 0; r < records.size(); r++) {
				if (updated[r]) {
					continue;
				}
				int i = 1;
				for (String f : fields) {
					values.bind(insert, i++, records.get(r).get(f), f);
				}
				if (keys.isEmpty()) {
					insert.setLong(i, outboxIds.get(r));
				}
				insert.addBatch();
				any = true;
			}
			if (any) {
				insert.executeBatch();
			}
		}
	}

	/**
	 * Updates the rows of the records' keys and says which records found theirs; the others are to be inserted. With
	 * nothing but keys to set, the update sets a key to itself: its count still says whether the row is there.
	 */
	private boolean[] update(List<JsonNode> records) throws SQLException {
		boolean[] updated = new boolean[records.size()];
		try (PreparedStatement update = connection.prepareStatement(this.update)) {
			for (JsonNode record : records) {
				int i = 1;
				for (String f : others) {
					values.bind(update, i++, record.get(f), f);
				}
				for (String k : keys) {
					values.bind(update, i++, record.get(k), k);
				}
				update.addBatch();
			}
			int[] counts = update.executeBatch();
			for (int i = 0; i < counts.length; i++) {
				updated[i] = counts[i] > 0;
			}
		}
		return updated;
	}

	/**
	 * The last record of each key, in outbox order: the update of a batch runs before its inserts, so two records
	 * of a new key would both be inserted (two rows where the table has no unique key, a refused batch where it
	 * has). The earlier ones are superseded and count as delivered. A record without a key is refused: it would
	 * be inserted again on every delivery, as no update finds a NULL key.
	 */
	private List<JsonNode> lastOfEachKey(List<JsonNode> records) throws SQLException {
		java.util.Map<List<String>, JsonNode> last = new LinkedHashMap<>();
		for (JsonNode record : records) {
			List<String> key = new ArrayList<>();
			for (String k : keys) {
				JsonNode value = record.get(k);
				if (value == null || value.isNull()) {
					// SQLSTATE 23502, a NULL where none may be: refused, so the record is a dead letter of its own.
					throw new TableColumn.RefusedValue("the key field " + k + " is empty (null or missing): the rows of " + table
							+ " are updated by their " + k.toUpperCase(Locale.ROOT) + ", and a record without one would be inserted again on every delivery;"
							+ " give the record its " + k + " where it comes from (or in the flow's mapping) and replay it", "23502");
				}
				// Numbers by value (5 and 5.0 are one key to the database); text as it is.
				key.add(value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString()
						: value.isValueNode() ? value.asText() : value.toString());
			}
			last.remove(key); // the later record takes the key's place in the order too
			last.put(key, record);
		}
		return last.size() == records.size() ? records : new ArrayList<>(last.values());
	}

	@Override
	public void close() {
		try {
			connection.close();
		} catch (SQLException e) {
			// nothing uncommitted is left to lose
		}
	}
}
