package dev.isthmus.runner.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a polled table's or query's rows become records: columns map to the record's fields by name, ignoring case; a
 * NULL column is a null field; a {@code TIMESTAMP} column without time zone holds UTC, whatever the host's zone; the
 * polled column's value is kept as the checkpoint compares and stores it.
 */
final class PolledRows {

	/**
	 * A polled row: its column's value (as the checkpoint keeps it, and as read), the record, and how it is told from
	 * other rows with its value once read: a digest of its identity columns' values, or of all its values where no
	 * column identifies a row.
	 */
	record Row(String value, Object raw, ObjectNode record, String digest) {
	}

	private final String column;
	private final PolledColumn kind;
	/** The columns that identify a row among those with one value (upper case); none: all its values do. */
	private final List<String> identity;
	private final List<String> fields = new ArrayList<>();
	/** The fields the record declares as strings: a numeric column is read into them as its digits. */
	private final Set<String> textFields = new HashSet<>();
	/** The fields the record declares as integers and as booleans (see {@link #asDeclared}). */
	private final Set<String> integerFields = new HashSet<>();
	private final Set<String> booleanFields = new HashSet<>();

	PolledRows(String column, PolledColumn kind, List<String> identity, JsonNode shape) {
		this.column = column;
		this.kind = kind;
		this.identity = List.copyOf(identity);
		if (shape != null) {
			shape.path("properties").fieldNames().forEachRemaining(fields::add);
			shape.path("properties").fields().forEachRemaining(p -> {
				// An optional field's type is ["string", "null"]: the first that is not null (an optional string field took
				// a numeric column's number, and the type check refused it).
				JsonNode declared = p.getValue().path("type");
				String type = declared.isArray() ? java.util.stream.StreamSupport.stream(declared.spliterator(), false).map(JsonNode::asText)
						.filter(t -> !t.equals("null")).findFirst().orElse("") : declared.asText();
				if (type.equals("string")) {
					textFields.add(p.getKey());
				} else if (type.equals("integer")) {
					integerFields.add(p.getKey());
				} else if (type.equals("boolean")) {
					booleanFields.add(p.getKey());
				}
			});
		}
	}

	void read(PreparedStatement q, List<Row> rows) throws SQLException {
		try (ResultSet r = q.executeQuery()) {
			ResultSetMetaData columns = r.getMetaData();
			PolledColumn[] kinds = kinds(columns);
			String[] typeNames = new String[columns.getColumnCount() + 1];
			for (int i = 1; i <= columns.getColumnCount(); i++) {
				typeNames[i] = columns.getColumnTypeName(i) == null ? "" : columns.getColumnTypeName(i).toUpperCase(Locale.ROOT);
			}
			while (r.next()) {
				ObjectNode record = JsonNodeFactory.instance.objectNode();
				for (int i = 1; i <= columns.getColumnCount(); i++) {
					String label = columns.getColumnLabel(i);
					String field = fields.stream().filter(f -> f.equalsIgnoreCase(label)).findFirst().orElse(label.toLowerCase(Locale.ROOT));
					Object value = asDeclared(r, typeNames[i], i, field, value(r, kinds, i));
					if (value instanceof Number n && textFields.contains(field)) {
						// A numeric column read into a string field (an INT id into id : string) is its digits: the
						// record's type check would refuse the number, and nothing is lost in the text.
						record.put(field, n instanceof java.math.BigDecimal d ? d.toPlainString() : n.toString());
					} else if (value != null) {
						record.set(field, json(value));
					} else {
						// carried as null, so that a required field's check says it is null, not that it is missing
						record.putNull(field);
					}
				}
				Object raw = polled(r, columns);
				rows.add(new Row(kind.text(raw), raw, record, CheckpointTies.digest(identity.isEmpty() ? record.toString() : identify(r, columns, kinds))));
			}
		}
	}

	/** Each column's kind, as {@link PolledColumn} reads it; {@code null} for one read as the driver gives it. */
	private static PolledColumn[] kinds(ResultSetMetaData columns) throws SQLException {
		PolledColumn[] kinds = new PolledColumn[columns.getColumnCount() + 1];
		for (int i = 1; i <= columns.getColumnCount(); i++) {
			kinds[i] = PolledColumn.of(columns, i);
		}
		return kinds;
	}

	/**
	 * A column's value. Dates, times and timestamps are read as {@code java.time} values, as the polled column is: a
	 * {@code java.sql.Date} or {@code Timestamp} counts its days in the Julian calendar before 1582-10-15, and the
	 * DATE 0001-01-01 came out as 0001-01-03 (its checkpoint and origin, read so already, were right); a TIMESTAMP
	 * without zone is read as the UTC time it holds, where a {@code Timestamp} would take it in the host's zone.
	 */
	private static Object value(ResultSet r, PolledColumn[] kinds, int i) throws SQLException {
		if (kinds[i] == PolledColumn.TIME) {
			// MySQL's and MariaDB's TIME is a duration (-838:59:59 to 838:59:59): one that is no time of day is kept as
			// written, where reading it as one wrapped -01:00:00 to 23:00:00 and 24:00:00 to 00:00:00 (review 29).
			String text = r.getString(i);
			if (text != null && !text.matches("([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?")) {
				return text;
			}
		}
		try {
			return kinds[i] == null ? r.getObject(i) : kinds[i].read(r, i);
		} catch (RuntimeException e) {
			// A value no java.time type holds — MariaDB's partial date 2026-01-00 — stopped the flow at that row for good
			// (review 29): taken as the database writes it, for the record's type check to refuse with the field's name.
			String text = r.getString(i);
			if (text == null) {
				throw e;
			}
			return text;
		}
	}

	/**
	 * MySQL's and MariaDB's drivers hand a YEAR out as a date (2026 as 2026-01-01) and a TINYINT(1) as a boolean (5 as
	 * true): read as the number the column holds when the record declares an integer — and, for a boolean field, a
	 * TINYINT holding neither 0 nor 1 as that number, for the type check to refuse rather than take it as true (review 29).
	 */
	private Object asDeclared(ResultSet r, String type, int i, String field, Object value) throws SQLException {
		if (value == null) {
			return null;
		}
		if (type.equals("YEAR") && (integerFields.contains(field) || textFields.contains(field))) {
			return r.getInt(i);
		}
		if (value instanceof Boolean && (type.startsWith("TINYINT") || type.equals("BIT") || type.equals("BOOLEAN"))) {
			long held;
			try {
				held = r.getLong(i);
			} catch (SQLException e) {
				return value; // a BIT the driver gives no number of
			}
			if (integerFields.contains(field) || booleanFields.contains(field) && held != 0 && held != 1) {
				return held;
			}
		}
		return value;
	}

	/** The identity columns' values, in their order, as JSON text. */
	private String identify(ResultSet r, ResultSetMetaData columns, PolledColumn[] kinds) throws SQLException {
		com.fasterxml.jackson.databind.node.ArrayNode values = JsonNodeFactory.instance.arrayNode();
		for (String name : identity) {
			for (int i = 1; i <= columns.getColumnCount(); i++) {
				if (columns.getColumnLabel(i).equalsIgnoreCase(name)) {
					Object value = value(r, kinds, i);
					values.add(value == null ? JsonNodeFactory.instance.nullNode() : json(value));
					break;
				}
			}
		}
		return values.toString();
	}

	/** The polled column's value, as {@link PolledColumn} reads it. */
	private Object polled(ResultSet r, ResultSetMetaData columns) throws SQLException {
		for (int i = 1; i <= columns.getColumnCount(); i++) {
			if (columns.getColumnLabel(i).equalsIgnoreCase(column)) {
				return kind.read(r, i);
			}
		}
		return r.getObject(column);
	}

	/**
	 * A column's value as JSON. Every kind a driver hands out is read for what it holds: a CLOB's text (its
	 * {@code toString} is the driver's description of the object, which went into records), a REAL's number as
	 * written (a Float, which became the string "1.5").
	 */
	static JsonNode json(Object value) throws SQLException {
		JsonNodeFactory f = JsonNodeFactory.instance;
		return switch (value) {
			case Long l -> f.numberNode(l);
			case Integer i -> f.numberNode(i.longValue());
			case Short s -> f.numberNode(s.longValue());
			case Byte b -> f.numberNode(b.longValue());
			case java.math.BigInteger i -> f.numberNode(i);
			case java.math.BigDecimal d -> f.numberNode(d);
			case Double d -> f.numberNode(d);
			case Float x when Float.isFinite(x) -> f.numberNode(new java.math.BigDecimal(Float.toString(x)));
			case java.sql.Clob clob -> f.textNode(clob.length() == 0 ? "" : clob.getSubString(1, (int) Math.min(clob.length(), Integer.MAX_VALUE)));
			case byte[] bytes -> f.textNode(java.util.Base64.getEncoder().encodeToString(bytes));
			case java.sql.Blob blob -> f.textNode(java.util.Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length())));
			case Boolean b -> f.booleanNode(b);
			case java.sql.Timestamp t -> f.textNode(t.toInstant().toString());
			case java.time.OffsetDateTime t -> f.textNode(t.toInstant().toString());
			case java.time.LocalDateTime t -> f.textNode(t.toInstant(java.time.ZoneOffset.UTC).toString());
			case java.time.LocalDate d -> f.textNode(d.toString());
			// with its seconds, as java.sql.Time wrote it (LocalTime's toString leaves out ":00"), and its fraction
			case java.time.LocalTime t -> f.textNode(t.format(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME));
			case java.sql.Date d -> f.textNode(d.toLocalDate().toString()); // a driver without java.time
			default -> f.textNode(String.valueOf(value));
		};
	}
}
