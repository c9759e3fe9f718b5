package dev.isthmus.runner.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The kinds of column a table or query may be polled by, and for each how a value is read, kept as the checkpoint's
 * text and bound again as the column's own type. The checkpoint goes back to the database as that type, never as text:
 * text compared with a DOUBLE is converted to an exact decimal (0.1 is then below the double 0.1, and the row at the
 * checkpoint was read again at every poll), and a DATE or TIME column refused text it could not parse. A column of
 * another kind (binary, boolean, a LOB, an array…) has no order a checkpoint can keep, and is refused at start.
 */
enum PolledColumn {

	/** Integers and decimals, exactly. */
	NUMBER,
	/** DOUBLE and FLOAT: as a double, which {@link Double#toString} writes and reads back exactly. */
	DOUBLE,
	/** REAL: as a float, likewise. */
	REAL,
	TEXT,
	DATE,
	/** A time of day, with fractions of a second ({@code java.sql.Time} drops them). */
	TIME,
	TIME_WITH_OFFSET,
	/**
	 * A {@code TIMESTAMP} without time zone, as the wall time it holds ({@code LocalDateTime}): {@code java.sql.Timestamp}
	 * would pass it through the host's zone, where a time in a daylight-saving gap (02:30 on the night clocks go forward)
	 * does not exist and comes out an hour later, and the checkpoint would then skip the rows of that hour.
	 */
	TIMESTAMP,
	/** An instant with its offset (PostgreSQL's timestamptz is TIMESTAMP to JDBC, and a Timestamp). */
	TIMESTAMP_WITH_OFFSET,
	UUID;

	/** The kind of the column {@code i}, or {@code null} for one that cannot be polled (see {@link #refusal}). */
	static PolledColumn of(ResultSetMetaData meta, int i) throws SQLException {
		int type = meta.getColumnType(i);
		String name = meta.getColumnTypeName(i) == null ? "" : meta.getColumnTypeName(i).toUpperCase(Locale.ROOT);
		if (name.equals("UUID")) {
			return UUID; // H2 says BINARY, PostgreSQL OTHER
		}
		return switch (type) {
			case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DECIMAL, Types.NUMERIC -> NUMBER;
			case Types.DOUBLE, Types.FLOAT -> DOUBLE;
			case Types.REAL -> REAL;
			case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> TEXT;
			case Types.DATE -> DATE;
			case Types.TIME -> TIME;
			case Types.TIME_WITH_TIMEZONE -> TIME_WITH_OFFSET;
			case Types.TIMESTAMP -> JdbcSink.zoneless(type, name) ? TIMESTAMP : TIMESTAMP_WITH_OFFSET;
			case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_WITH_OFFSET;
			// a driver's own code for a timestamp with a zone (Oracle's -101, SQL Server's datetimeoffset)
			default -> name.contains("TIME ZONE") || name.equals("DATETIMEOFFSET") ? TIMESTAMP_WITH_OFFSET : null;
		};
	}

	/** Why a column of type {@code typeName} cannot be polled, and what to do, in words. */
	static String refusal(String source, String column, String typeName) {
		return source + " is polled by its column " + column + ", of type " + typeName + ", which the runner cannot poll by: it"
				+ " reads the rows above the last value it read and keeps that value as a checkpoint, and a binary, boolean,"
				+ " JSON, LOB or array value cannot be kept so; key the endpoint by an increasing column of a number, text, date,"
				+ " time or timestamp type, such as a sequence or the time a row was written";
	}

	/**
	 * What the poll adds to its condition on the column {@code polled} to leave out the values no checkpoint can be kept
	 * at: a DOUBLE's or REAL's NaN and infinities, bound by {@link #bindFinite}. NaN sorts above every number, and a
	 * NaN read became the checkpoint, above which no row is: the table was read no more, and every later row was said
	 * to have been committed late. Such rows are not read, like rows without a value, and the log counts them.
	 */
	String finite(String polled) {
		return this == DOUBLE || this == REAL ? " AND " + polled + " BETWEEN ? AND ?" : "";
	}

	/** Binds {@link #finite}'s bounds from the parameter {@code at} on (the largest finite values, not the infinities, which not every driver takes). */
	void bindFinite(PreparedStatement q, int at) throws SQLException {
		if (this == DOUBLE) {
			q.setDouble(at, -Double.MAX_VALUE);
			q.setDouble(at + 1, Double.MAX_VALUE);
		} else if (this == REAL) {
			q.setFloat(at, -Float.MAX_VALUE);
			q.setFloat(at + 1, Float.MAX_VALUE);
		}
	}

	/** The column's value in the row, as the poll compares it. */
	Object read(ResultSet r, int i) throws SQLException {
		Class<?> as = switch (this) {
			case DATE -> java.time.LocalDate.class;
			case TIME -> java.time.LocalTime.class;
			case TIME_WITH_OFFSET -> java.time.OffsetTime.class;
			case TIMESTAMP -> java.time.LocalDateTime.class;
			case TIMESTAMP_WITH_OFFSET -> java.time.OffsetDateTime.class;
			default -> null;
		};
		if (as == null || this == TIMESTAMP) {
			return as == null ? r.getObject(i) : r.getObject(i, as);
		}
		try {
			return r.getObject(i, as);
		} catch (SQLException e) {
			return r.getObject(i); // a driver without java.time: as it gives it
		}
	}

	/** A value {@link #read} as the checkpoint keeps it. */
	String text(Object raw) {
		return switch (raw) {
			case java.time.LocalDateTime t -> t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
			case java.time.LocalTime t -> t.format(DateTimeFormatter.ISO_LOCAL_TIME);
			case java.time.OffsetTime t -> t.format(DateTimeFormatter.ISO_OFFSET_TIME);
			default -> String.valueOf(raw);
		};
	}

	/**
	 * The checkpoint, as the column's type. A timestamp's is ISO text; a checkpoint written before that (by
	 * {@code java.sql.Timestamp}, {@code 2026-11-01 10:00:00.0}) is read too, and one no parse takes goes to the
	 * database as text, as it used to.
	 */
	Object bind(String mark) {
		try {
			return switch (this) {
				case NUMBER -> new java.math.BigDecimal(mark);
				case DOUBLE -> Double.valueOf(mark);
				case REAL -> Float.valueOf(mark);
				case TEXT -> mark;
				case DATE -> java.time.LocalDate.parse(mark);
				case TIME -> java.time.LocalTime.parse(mark);
				case TIME_WITH_OFFSET -> java.time.OffsetTime.parse(mark);
				case TIMESTAMP -> java.time.LocalDateTime.parse(mark.replace(' ', 'T'));
				case TIMESTAMP_WITH_OFFSET -> java.time.OffsetDateTime.parse(mark.replace(' ', 'T'));
				case UUID -> java.util.UUID.fromString(mark);
			};
		} catch (DateTimeParseException | IllegalArgumentException e) {
			return mark;
		}
	}
}
