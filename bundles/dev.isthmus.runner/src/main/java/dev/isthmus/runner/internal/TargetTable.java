package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.RefusedCredentials.user;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The table a JDBC endpoint writes into, as its sink finds it at start-up: created from the record's shape when it
 * is missing and the sink may create it, with the table of delivery markers beside it, and checked for a column per
 * field of the record. Statements name the table and its columns quoted (see {@link SqlNames}).
 */
final class TargetTable {

	/**
	 * Decimals in a column the runner creates, unless the record's schema gives a scale ({@code x-isthmus-scale}):
	 * no H2 type keeps both every digit and the scale a value came with (NUMERIC without precision has scale 0,
	 * DECFLOAT drops trailing zeros, 10.50 becoming 10.5 and 100 1E+2), so a fixed scale that holds a DECIMAL128
	 * quotient (34 digits) down to about 0.000001, and a value with more decimal places is refused, not rounded.
	 */
	static final String DECIMAL = "DECIMAL(1000, 40)";


	private final String endpoint;
	private final String table;
	private final List<String> fields;
	private final List<String> keys;
	private final JsonNode properties;
	private final SqlNames names;

	TargetTable(String endpoint, String table, List<String> fields, List<String> keys, JsonNode properties, SqlNames names) {
		this.endpoint = endpoint;
		this.table = table;
		this.fields = fields;
		this.keys = keys;
		this.properties = properties;
		this.names = names;
	}

	/**
	 * Creates what is missing and checks the columns, in a transaction of {@code connection} that it commits.
	 *
	 * @param create whether to create the table from the record's shape when it is missing (the embedded database)
	 * @return the table's columns by their names in upper case
	 */
	Map<String, TableColumn> prepare(Connection connection, boolean create) throws SQLException {
		if (names.lookup(table) == null) {
			if (!create) {
				// With the statement the runner would run, in the database's case for names: "create it (columns ID, …)"
				// gave no types, and upper-case names PostgreSQL would not have folded so (review 27).
				// Its types are H2's and PostgreSQL's SQL; MariaDB refuses them (review 29): there the columns alone.
				DatabaseKind kind = DatabaseKind.of(connection);
				throw new SQLException(endpoint + ": " + names.notFound(table) + "; create it" + (kind == DatabaseKind.H2 || kind == DatabaseKind.POSTGRESQL
						? " — " + createTable() + " holds every value the record may have —" : " (columns " + columnList(fields) + ")")
						+ " or point the endpoint at another table");
			}
			try (Statement s = connection.createStatement()) {
				s.execute(createTable());
			}
		}
		// Reachable as the runner names it, not merely somewhere in the database: one in another schema, off the user's
		// search path, passed this check, and every delivery then failed on it (review 27).
		if (!reachable(connection, "SELECT OUTBOX_ID FROM ISTHMUS_DELIVERIES WHERE 1 = 0")) {
			try (Statement s = connection.createStatement()) {
				s.execute(DELIVERIES_TABLE);
			} catch (SQLException e) {
				throw new SQLException(endpoint + ": cannot create the table ISTHMUS_DELIVERIES, where the runner marks each delivery in the"
						+ " transaction that writes its rows, so that none is written twice (" + JdbcSink.reason(e) + "); have the database's owner"
						+ " create it where the endpoint's user finds it — " + DELIVERIES_TABLE + " — and grant " + user(connection)
						+ " SELECT, INSERT on it (if it is there already, the grant is what is missing)", e.getSQLState(), e);
			}
		}
		Map<String, TableColumn> columns = columns(connection);
		connection.commit();
		transactional(connection, table);
		transactional(connection, "ISTHMUS_DELIVERIES");
		// The rights the deliveries will need, checked now: a user without UPDATE on an upsert's table passed the start
		// and every delivery failed (review 29). Statements that touch no row: the rights are checked all the same.
		// The columns as the deliveries write them: MariaDB refuses an insert leaving out a column without default even
		// when it selects no row, which is what a delivery would meet (review 29's 'Field doesn't have a default value').
		String quotedTable = names.table(table);
		List<String> written = new ArrayList<>(fields.stream().map(f -> names.quoted(columns.get(f.toUpperCase(Locale.ROOT)).name())).toList());
		if (keys.isEmpty()) {
			written.add(names.quoted(columns.get("ISTHMUS_OUTBOX_ID").name()));
		}
		String list = String.join(", ", written);
		SQLException insert = refusal(connection, "INSERT INTO " + quotedTable + " (" + list + ") SELECT " + list + " FROM " + quotedTable + " WHERE 1 = 0");
		SQLException update = keys.isEmpty() ? null
				: refusal(connection, "UPDATE " + quotedTable + " SET " + written.get(0) + " = " + written.get(0) + " WHERE 1 = 0");
		for (SQLException refused : java.util.Arrays.asList(insert, update)) {
			if (refused == null) {
				continue;
			}
			connection.rollback();
			String rights = " SELECT, INSERT" + (keys.isEmpty() ? "" : ", UPDATE") + " on " + table;
			throw new SQLException(endpoint + ": " + user(connection) + " cannot " + (refused == insert ? "insert into " : "update ") + table + " ("
					+ JdbcSink.reason(refused) + "); " + (RefusedCredentials.byDatabase(refused) ? "grant " + user(connection) + rights
							: "give every column of " + table + " the record has no field for a default, or the record a field for it"),
					refused.getSQLState(), refused);
		}
		if (DatabaseKind.of(connection) == DatabaseKind.POSTGRESQL) {
			java.util.Set<String> writtenNames = new java.util.HashSet<>();
			fields.forEach(f -> writtenNames.add(f.toUpperCase(Locale.ROOT)));
			writtenNames.add("ISTHMUS_OUTBOX_ID");
			sequencesUsable(connection, quotedTable, writtenNames);
		}
		// Written to, not only seen: a user allowed to read it and not to insert passed the start, and every delivery failed.
		if (!reachable(connection, "INSERT INTO ISTHMUS_DELIVERIES (ENDPOINT, OUTBOX_ID) VALUES ('isthmus start-up check', -1)")) {
			connection.rollback();
			throw new SQLException(endpoint + ": " + user(connection) + " may not insert into ISTHMUS_DELIVERIES, where the runner marks each"
					+ " delivery in the transaction that writes its rows; grant " + user(connection) + " SELECT, INSERT on ISTHMUS_DELIVERIES", "42501");
		}
		connection.rollback();
		return columns;
	}

	/**
	 * The table's columns, read from a query of no row: a user who may insert and not read (an audit table's grants)
	 * was refused with the database's words alone; the start names the grant.
	 */
	private ResultSet selectNothing(Statement s, String quotedTable) throws SQLException {
		try {
			return s.executeQuery("SELECT * FROM " + quotedTable + " WHERE 1 = 0");
		} catch (SQLException e) {
			if (!RefusedCredentials.byDatabase(e)) {
				throw e;
			}
			throw new SQLException(endpoint + ": " + user(s.getConnection()) + " cannot read " + table + " (" + JdbcSink.reason(e)
					+ "), which the runner does at start for its columns; grant " + user(s.getConnection()) + " SELECT, INSERT" + (keys.isEmpty() ? ""
							: ", UPDATE") + " on " + table, e.getSQLState(), e);
		}
	}

	/**
	 * PostgreSQL checks the right to use a sequence only when a row takes a value from it: an insert-only table's
	 * {@code id bigserial}, which no field writes, passed the insert check above for a user without USAGE on its
	 * sequence, and every delivery then failed ("permission denied for sequence audit_id_seq"). The sequences the
	 * defaults of the columns not written use are checked ({@code written}: upper case); an identity column needs no
	 * such right.
	 */
	private void sequencesUsable(Connection connection, String quotedTable, java.util.Set<String> written) throws SQLException {
		String query = "SELECT a.attname, c.oid::regclass::text FROM pg_attrdef ad"
				+ " JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
				+ " JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid AND d.refclassid = 'pg_class'::regclass"
				+ " JOIN pg_class c ON c.oid = d.refobjid WHERE ad.adrelid = ?::regclass"
				// (a default depends on its table too, which has_sequence_privilege refuses to look at)
				+ " AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE') ELSE false END";
		try (java.sql.PreparedStatement q = connection.prepareStatement(query)) {
			q.setString(1, quotedTable);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					if (!written.contains(r.getString(1).toUpperCase(Locale.ROOT))) {
						String column = r.getString(1);
						String sequence = r.getString(2);
						connection.rollback();
						throw new SQLException(endpoint + ": " + user(connection) + " cannot insert into " + table + ": its column " + column
								+ " takes its value from sequence " + sequence + ", which " + user(connection) + " may not use; have the database's"
								+ " owner run GRANT USAGE ON SEQUENCE " + sequence + " TO " + connection.getMetaData().getUserName(), "42501");
					}
				}
			}
		}
	}

	/**
	 * Refuses a MySQL or MariaDB table whose engine keeps no transactions (MyISAM, MEMORY, ARCHIVE…): a batch it refuses
	 * halfway keeps its first rows, which the records tried alone then wrote again (each row three times, review 29), and
	 * rows and delivery marks are not committed together, so a crash between them doubles rows. Other databases have none.
	 */
	private void transactional(Connection connection, String name) throws SQLException {
		if (DatabaseKind.of(connection) != DatabaseKind.MYSQL) {
			return;
		}
		String[] found = names.lookup(name);
		if (found == null) {
			return;
		}
		try (java.sql.PreparedStatement q = connection.prepareStatement("SELECT t.ENGINE, e.TRANSACTIONS FROM information_schema.TABLES t"
				+ " LEFT JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_NAME = ?")) {
			q.setString(1, found[0]);
			q.setString(2, found[1]);
			try (ResultSet r = q.executeQuery()) {
				if (r.next() && r.getString(1) != null && !"YES".equalsIgnoreCase(r.getString(2))) {
					connection.rollback();
					throw new SQLException(endpoint + ": table " + found[1] + " is ENGINE=" + r.getString(1) + ", which keeps no transactions: a batch"
							+ " it refuses halfway keeps its first rows, and rows and their delivery marks are not committed together, so rows would"
							+ " be written twice; make it transactional (ALTER TABLE " + found[1] + " ENGINE=InnoDB)", "55000");
				}
			}
		} finally {
			connection.commit();
		}
	}

	/** The table the runner marks deliveries in, as it creates it (and as the README gives it to create by hand). */
	static final String DELIVERIES_TABLE = "CREATE TABLE ISTHMUS_DELIVERIES (ENDPOINT VARCHAR(300) NOT NULL, OUTBOX_ID BIGINT NOT NULL,"
			+ " PRIMARY KEY (ENDPOINT, OUTBOX_ID))";

	/**
	 * Whether {@code sql} runs, in a savepoint rolled back after it either way: a failed statement spoils a
	 * PostgreSQL transaction for the statements after it.
	 */
	private static boolean reachable(Connection connection, String sql) throws SQLException {
		return refusal(connection, sql) == null;
	}

	/** Why {@code sql} does not run, or {@code null} when it does; in a savepoint, as {@link #reachable}. */
	private static SQLException refusal(Connection connection, String sql) throws SQLException {
		java.sql.Savepoint before = connection.setSavepoint();
		try (Statement s = connection.createStatement()) {
			s.execute(sql);
			return null;
		} catch (SQLException e) {
			return e;
		} finally {
			connection.rollback(before);
		}
	}


	/** Whether a column is an integer column without sign (MySQL's and MariaDB's UNSIGNED); drivers that cannot tell say signed. */
	private static boolean unsigned(ResultSetMetaData meta, int column) {
		try {
			return !meta.isSigned(column) && meta.getColumnTypeName(column).toUpperCase(Locale.ROOT).contains("UNSIGNED");
		} catch (SQLException e) {
			return false;
		}
	}

	/** The statement that creates the table from the record's shape, as the runner does in its embedded database. */
	private String createTable() {
		StringBuilder ddl = new StringBuilder("CREATE TABLE " + names.created(table) + " (");
		for (String f : fields) {
			ddl.append(column(f)).append(' ').append(sqlType(properties.get(f))).append(", ");
		}
		ddl.append(keys.isEmpty() ? column("ISTHMUS_OUTBOX_ID") + " BIGINT)"
				: "PRIMARY KEY (" + String.join(", ", keys.stream().map(this::column).toList()) + "))");
		return ddl.toString();
	}

	/** A name of the configuration as a column of a table the runner creates, or of a statement it suggests. */
	private String column(String name) {
		return names.quoted(names.folded(name.toUpperCase(Locale.ROOT)));
	}

	/**
	 * Checks that the table has a column for each field of the record (and for the outbox id, without a key): a
	 * missing one would otherwise turn every record into a dead letter. Names match ignoring case; the statements
	 * quote the names the table's metadata give. Other columns of the table are left to their defaults.
	 */
	private Map<String, TableColumn> columns(Connection connection) throws SQLException {
		Map<String, TableColumn> present = new HashMap<>();
		boolean postgres = DatabaseKind.of(connection) == DatabaseKind.POSTGRESQL;
		try (Statement s = connection.createStatement();
				ResultSet r = selectNothing(s, names.table(table))) {
			ResultSetMetaData meta = r.getMetaData();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				String name = meta.getColumnName(i);
				TableColumn column = new TableColumn(name, meta.getColumnType(i), meta.getColumnTypeName(i), meta.getPrecision(i), meta.getScale(i), postgres,
						!unsigned(meta, i));
				// The exact name first, should two differ in case only.
				present.merge(name.toUpperCase(Locale.ROOT), column, (a, b) -> a.name().equals(a.name().toUpperCase(Locale.ROOT)) ? a : b);
			}
		}
		List<String> missing = new ArrayList<>();
		List<String> missingFields = new ArrayList<>();
		List<String> additions = new ArrayList<>();
		for (String f : fields) {
			String column = f.toUpperCase(Locale.ROOT);
			if (!present.containsKey(column)) {
				missing.add(column);
				missingFields.add(f);
				additions.add("ALTER TABLE " + names.table(table) + " ADD " + column(f) + " " + sqlType(properties.get(f)));
			}
		}
		List<String> problems = new ArrayList<>();
		if (!missing.isEmpty()) {
			boolean one = missing.size() == 1;
			problems.add("table " + table + " has no column" + (one ? " " : "s ") + String.join(", ", missing) + " for the record's "
					+ (one ? "field " : "fields ") + String.join(", ", missingFields) + "; add " + (one ? "it" : "them") + " ("
					+ String.join("; ", additions) + ") or point the endpoint at a table that has " + (one ? "it" : "them"));
		}
		if (keys.isEmpty() && !present.containsKey("ISTHMUS_OUTBOX_ID")) {
			problems.add("table " + table + " has no column ISTHMUS_OUTBOX_ID, where the runner keeps each row's outbox id when the"
					+ " endpoint has no key; add it (ALTER TABLE " + names.table(table) + " ADD " + column("ISTHMUS_OUTBOX_ID")
					+ " BIGINT) or give the endpoint a key");
		}
		if (!problems.isEmpty()) {
			throw new SQLException(endpoint + ": " + String.join("; ", problems));
		}
		return present;
	}

	static String columnList(List<String> fields) {
		return String.join(", ", fields.stream().map(f -> f.toUpperCase(Locale.ROOT)).toList());
	}

	/**
	 * A column's type for a field, holding whatever the field's declared type allows: text of any length (H2's
	 * CHARACTER VARYING holds up to 1,000,000,000 characters, more than a record may have), decimals to the scale
	 * the record's schema gives, else {@link #DECIMAL}.
	 */
	static String sqlType(JsonNode property) {
		JsonNode typed = property.has("anyOf") ? firstTyped(property.get("anyOf")) : property;
		String type = typed.path("type").isArray() ? typed.path("type").get(0).asText() : typed.path("type").asText();
		String format = typed.path("format").asText();
		return switch (type) {
			case "integer" -> "BIGINT";
			case "number" -> typed.has("x-isthmus-scale") ? "DECIMAL(1000, " + typed.path("x-isthmus-scale").asInt() + ")" : DECIMAL;
			case "boolean" -> "BOOLEAN";
			case "string" -> switch (format) {
				case "date-time" -> "TIMESTAMP(9) WITH TIME ZONE"; // to the nanosecond a record may carry (H2 keeps 6 digits unless told)
				case "date" -> "DATE";
				default -> "CHARACTER VARYING";
			};
			default -> "CLOB";
		};
	}

	/** The first alternative of an {@code anyOf} that is not {@code null} (an optional field's). */
	private static JsonNode firstTyped(JsonNode alternatives) {
		for (JsonNode alternative : alternatives) {
			if (!alternative.path("type").asText().equals("null")) {
				return alternative;
			}
		}
		return alternatives.path(0);
	}
}
