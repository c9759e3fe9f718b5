package dev.isthmus.runner.internal;

import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/**
 * A column of a table target, as its metadata describes it; {@code postgres} for PostgreSQL's, whose text cannot hold the
 * character U+0000 and which casts no text parameter to another type (see {@link #bindsTextAsUnknown}).
 */
record TableColumn(String name, int type, String typeName, int precision, int scale, boolean postgres, boolean signed) {

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

	TableColumn(String name, int type, String typeName, int precision, int scale, boolean postgres) {
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
