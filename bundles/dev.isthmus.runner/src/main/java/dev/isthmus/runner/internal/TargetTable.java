package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
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

	private static final java.math.BigDecimal[] BIGINT_RANGE = range(Long.MIN_VALUE, Long.MAX_VALUE);
	private static final java.math.BigDecimal[] INTEGER_RANGE = range(Integer.MIN_VALUE, Integer.MAX_VALUE);
	private static final java.math.BigDecimal[] SMALLINT_RANGE = range(Short.MIN_VALUE, Short.MAX_VALUE);
	private static final java.math.BigDecimal[] TINYINT_RANGE = range(Byte.MIN_VALUE, Byte.MAX_VALUE);

	private static final java.math.BigDecimal[] UNSIGNED_BIGINT_RANGE = { java.math.BigDecimal.ZERO,
			new java.math.BigDecimal(java.math.BigInteger.TWO.pow(64).subtract(java.math.BigInteger.ONE)) };
	private static final java.math.BigDecimal[] UNSIGNED_INTEGER_RANGE = range(0, 4_294_967_295L);
	private static final java.math.BigDecimal[] UNSIGNED_SMALLINT_RANGE = range(0, 65_535);
	private static final java.math.BigDecimal[] UNSIGNED_TINYINT_RANGE = range(0, 255);

	private static java.math.BigDecimal[] range(long least, long most) {
		return new java.math.BigDecimal[] { java.math.BigDecimal.valueOf(least), java.math.BigDecimal.valueOf(most) };
	}

	/**
	 * A value the runner refuses itself, before the database sees it, its message already saying which field, value and
	 * column (see {@link JdbcSink#refusal}); SQLSTATE class 22, a data exception, so the record is a dead letter of its own.
	 */
	static final class RefusedValue extends SQLException {

		private static final long serialVersionUID = 1L;

		RefusedValue(String message, String state) {
			super(message, state);
		}
	}

	/**
	 * A column of the table, as its metadata describes it; {@code postgres} for PostgreSQL's, whose text cannot hold the
	 * character U+0000 and which casts no text parameter to another type (see {@link #bindsTextAsUnknown}).
	 */
	record Column(String name, int type, String typeName, int precision, int scale, boolean postgres, boolean signed) {

		Column(String name, int type, String typeName, int precision, int scale, boolean postgres) {
			this(name, type, typeName, precision, scale, postgres, true);
		}

		/**
		 * Whether a text goes to this column as a parameter of no declared type, for the database to cast: PostgreSQL
		 * refuses a text parameter for a jsonb, uuid or bigint column ("column … is of type jsonb but expression is of type
		 * character varying"), where its driver's {@code stringtype=unspecified} setting would have been needed (review 27).
		 */
		boolean bindsTextAsUnknown() {
			return postgres && switch (type) {
				case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> false;
				default -> true;
			};
		}

		/** Whether the column holds numbers (integers, decimals, binary floats). */
		boolean numeric() {
			return switch (type) {
				case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT,
						Types.DOUBLE -> true;
				default -> false;
			};
		}

		/** Whether the column holds dates or timestamps. */
		boolean temporal() {
			return type == Types.DATE || type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE;
		}

		/** Whether this is a TIMESTAMP column without time zone (see {@link JdbcSink#zoneless}). */
		boolean zoneless() {
			return JdbcSink.zoneless(type, typeName);
		}

		/**
		 * The decimal places the column keeps, for an exact numeric column, else -1 (DECFLOAT, a binary float, a
		 * NUMERIC without precision, whose metadata say 0 and mean none).
		 */
		int decimalPlaces() {
			String upperName = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
			return switch (type) {
				case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> 0;
				case Types.DECIMAL, Types.NUMERIC -> precision <= 0 || scale < 0 || upperName.contains("FLOAT") ? -1 : scale;
				default -> -1;
			};
		}

		/** The characters a text column holds, else -1. */
		int characters() {
			return switch (type) {
				case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR -> precision > 0 && precision < Integer.MAX_VALUE ? precision : -1;
				default -> -1;
			};
		}

		/** The column's type as a user reads it: {@code DECIMAL(12, 2)}, {@code CHARACTER VARYING(100)}. */
		String described() {
			if (decimalPlaces() >= 0 && (type == Types.DECIMAL || type == Types.NUMERIC)) {
				return typeName + "(" + precision + ", " + scale + ")";
			}
			return characters() >= 0 ? typeName + "(" + precision + ")" : typeName;
		}

		/**
		 * The decimal, when the column keeps all its places: a database rounds the others without a word (DECIMAL(12, 2)
		 * takes 1.239 as 1.24), so they are refused (SQLSTATE 22003, as a value out of the column's range), the record a
		 * dead letter of its own. Trailing zeros are no places lost: 10.50 goes into DECIMAL(12, 1) as 10.5.
		 */
		java.math.BigDecimal fitting(java.math.BigDecimal value, String field, String table) throws SQLException {
			if (type == Types.REAL || type == Types.FLOAT || type == Types.DOUBLE) {
				// A binary float keeps about 7 (REAL) or 16 digits: 0.1234567891 went into a REAL as 0.12345679, silently.
				// Its nearest value written back as the shortest decimal that reads as it: equal, or digits were lost.
				double nearest = type == Types.REAL ? value.floatValue() : value.doubleValue();
				String kept = Double.isInfinite(nearest) ? "nothing: it is beyond the type's range"
						: new java.math.BigDecimal(type == Types.REAL ? Float.toString((float) nearest) : Double.toString(nearest)).toPlainString();
				if (Double.isInfinite(nearest) || new java.math.BigDecimal(kept).compareTo(value) != 0) {
					throw new RefusedValue(field + ": " + value.toPlainString() + " does not fit column " + name + " of " + table + ", " + typeName
							+ ", a binary floating-point type that would keep " + (Double.isInfinite(nearest) ? kept : "it as " + kept)
							+ "; make the column DECIMAL (or DOUBLE PRECISION for a REAL), or round the value in the flow's mapping, then replay the record",
							"22003");
				}
				return value;
			}
			java.math.BigDecimal[] range = integerRange();
			if (range != null && (value.compareTo(range[0]) < 0 || value.compareTo(range[1]) > 0)) {
				// The database's refusal said "integer out of range" (or "numeric field overflow") with the statement, not the field.
				throw new RefusedValue(field + ": " + value.toPlainString() + " does not fit column " + name + " of " + table + ", " + typeName
						+ ", which holds whole numbers from " + range[0].toPlainString() + " to " + range[1].toPlainString()
						+ "; widen the column (BIGINT, or DECIMAL for larger numbers) or correct the value, then replay the record", "22003");
			}
			int places = decimalPlaces();
			if (places < 0) {
				return value;
			}
			java.math.BigDecimal stripped = value.stripTrailingZeros();
			int digits = stripped.signum() == 0 ? 0 : Math.max(0, stripped.precision() - stripped.scale());
			if ((type == Types.DECIMAL || type == Types.NUMERIC) && digits > precision - scale) {
				// Before the places: "would round it to …" was said of a number the column cannot hold at all.
				throw new RefusedValue(field + ": " + value.toPlainString() + " has " + digits + " digits before the decimal point and column " + name
						+ " of " + table + " is " + described() + ", which holds " + (precision - scale) + "; widen the column (to a precision of "
						+ (digits + scale) + " or more) or correct the value, then replay the record", "22003");
			}
			if (stripped.scale() > places) {
				int has = stripped.scale();
				throw new RefusedValue(field + ": " + value.toPlainString() + " has " + has + " decimal places and column " + name + " of " + table
						+ " is " + described() + ", which would round it to " + value.setScale(places, java.math.RoundingMode.HALF_UP).toPlainString()
						+ "; widen the column (to a scale of " + has + " or more) or round the value in the flow's mapping (round(" + field + ", "
						+ places + ")), then replay the record", "22003");
			}
			return value;
		}

		/** The least and greatest whole number of an integer column, or {@code null} for other columns. */
		private java.math.BigDecimal[] integerRange() {
			// MySQL's and MariaDB's UNSIGNED columns hold from 0 to twice as far (4294967295 in an INT UNSIGNED, review 29).
			return switch (type) {
				case Types.INTEGER -> signed ? INTEGER_RANGE : UNSIGNED_INTEGER_RANGE;
				case Types.SMALLINT -> signed ? SMALLINT_RANGE : UNSIGNED_SMALLINT_RANGE;
				case Types.TINYINT -> signed ? TINYINT_RANGE : UNSIGNED_TINYINT_RANGE;
				case Types.BIGINT -> signed ? BIGINT_RANGE : UNSIGNED_BIGINT_RANGE;
				default -> null;
			};
		}

		/**
		 * The timestamp, when the column keeps all of it: a DATE column dropped its time of day (15:45Z stored as the
		 * day), a TIMESTAMP(0) rounded 59.9 s up to the next minute, without a word (review 21). Refused (SQLSTATE
		 * 22001, data that would be cut), the record a dead letter of its own.
		 */
		java.time.OffsetDateTime fitting(java.time.OffsetDateTime at, String field, String table) throws SQLException {
			if (type == Types.DATE && !at.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
				throw new RefusedValue(field + ": " + at + " has a time of day and column " + name + " of " + table + " is " + typeName
						+ ", which would keep the day alone; make the column a TIMESTAMP, or declare the field a date in the record (truncating"
						+ " it in the flow's mapping), then replay the record", "22001");
			}
			boolean timestamp = type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE || type == Types.TIME
					|| type == Types.TIME_WITH_TIMEZONE;
			if (timestamp && scale >= 0 && scale < 9 && at.getNano() % (int) Math.pow(10, 9 - scale) != 0) {
				// Six places are as many as PostgreSQL keeps: widening is no way out there.
				throw new RefusedValue(field + ": " + at + " has a finer fraction of a second than column " + name + " of " + table + " keeps ("
						+ typeName + "(" + scale + "), " + scale + " decimal places), which would round it; " + (scale < 6 ? "widen the column's fraction or " : "")
						+ "truncate the value in the flow's mapping" + (scale >= 3 ? " (truncate(" + field + ", 1ms))" : scale == 0 ? " (truncate(" + field + ", 1s))" : "")
						+ ", then replay the record", "22001");
			}
			return at;
		}

		/** The text, when the column holds all of it (otherwise refused here, to name the field; SQLSTATE 22001). */
		String fitting(String value, String field, String table) throws SQLException {
			int most = characters();
			int length = value.codePointCount(0, value.length());
			if (postgres && value.indexOf('\u0000') >= 0) {
				throw new RefusedValue(field + ": the text holds the character U+0000 (at character " + (value.codePointCount(0, value.indexOf('\u0000')) + 1)
						+ "), which column " + name + " of " + table + " cannot hold (PostgreSQL's text has no NUL); remove it where the record comes"
						+ " from or in the flow's mapping, then replay the record", "22021");
			}
			if (most >= 0 && length > most) {
				String start = length > 40 ? value.substring(0, value.offsetByCodePoints(0, 40)) + "…" : value;
				throw new RefusedValue(field + ": a text of " + length + " characters (\"" + start + "\") does not fit column " + name + " of "
						+ table + ", " + described() + "; widen the column or shorten the value in the flow's mapping, then replay the record",
						"22001");
			}
			return value;
		}
	}

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
	Map<String, Column> prepare(Connection connection, boolean create) throws SQLException {
		if (names.lookup(table) == null) {
			if (!create) {
				// With the statement the runner would run, in the database's case for names: "create it (columns ID, …)"
				// gave no types, and upper-case names PostgreSQL would not have folded so (review 27).
				// Its types are H2's and PostgreSQL's SQL; MariaDB refuses them (review 29): there the columns alone.
				String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
				throw new SQLException(endpoint + ": " + names.notFound(table) + "; create it" + (product.contains("h2") || product.contains("postgres")
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
		Map<String, Column> columns = columns(connection);
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
	 * Refuses a MySQL or MariaDB table whose engine keeps no transactions (MyISAM, MEMORY, ARCHIVE…): a batch it refuses
	 * halfway keeps its first rows, which the records tried alone then wrote again (each row three times, review 29), and
	 * rows and delivery marks are not committed together, so a crash between them doubles rows. Other databases have none.
	 */
	private void transactional(Connection connection, String name) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		if (!product.contains("mysql") && !product.contains("mariadb")) {
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

	private static String user(Connection connection) {
		try {
			String user = connection.getMetaData().getUserName();
			return user == null || user.isBlank() ? "the endpoint's user" : "user " + user;
		} catch (SQLException e) {
			return "the endpoint's user";
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
	private Map<String, Column> columns(Connection connection) throws SQLException {
		Map<String, Column> present = new HashMap<>();
		boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		try (Statement s = connection.createStatement();
				ResultSet r = s.executeQuery("SELECT * FROM " + names.table(table) + " WHERE 1 = 0")) {
			ResultSetMetaData meta = r.getMetaData();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				String name = meta.getColumnName(i);
				Column column = new Column(name, meta.getColumnType(i), meta.getColumnTypeName(i), meta.getPrecision(i), meta.getScale(i), postgres,
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
