package dev.isthmus.runner.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record's values as a table target's statements take them, each checked against its column first (see
 * {@link TableColumn}): a value the column would round, cut or shift is refused, naming field, value and column,
 * rather than changed without a word; numbers and times sent as text are checked as what they write.
 */
final class ColumnValues {

	/** The table's columns by upper-case name (see {@link TargetTable#prepare}). */
	private final Map<String, TableColumn> columns;
	/** The record's declared fields ({@code format} says a date or a timestamp); {@code null} when the shape is unknown. */
	private final JsonNode properties;
	private final String table;

	ColumnValues(Map<String, TableColumn> columns, JsonNode properties, String table) {
		this.columns = columns;
		this.properties = properties;
		this.table = table;
	}

	/** Binds {@code value} of {@code field} as parameter {@code index}; a value its column cannot take is refused (SQLSTATE 22…). */
	private String lastTimestampText;
	private java.time.OffsetDateTime lastTimestamp;

	/** A timestamp column's value; the last one is kept, as the rows of a batch mostly share their window. */
	private java.time.OffsetDateTime timestamp(String text) {
		if (!text.equals(lastTimestampText)) {
			lastTimestamp = dev.isthmus.engine.Values.instant(text).atOffset(java.time.ZoneOffset.UTC);
			lastTimestampText = text;
		}
		return lastTimestamp;
	}

	void bind(PreparedStatement s, int index, JsonNode value, String field) throws SQLException {
		try {
			bindValue(s, index, value, field);
		} catch (RuntimeException e) {
			// A value that cannot be read as its column's type is the data's fault: SQLSTATE 22018, invalid character value.
			TableColumn.RefusedValue refused = new TableColumn.RefusedValue(field + ": " + e.getMessage(), "22018");
			refused.initCause(e);
			throw refused;
		}
	}

	private void bindValue(PreparedStatement s, int index, JsonNode value, String field) throws SQLException {
		if (value == null || value.isNull()) {
			s.setObject(index, null);
			return;
		}
		String format = properties == null ? "" : properties.path(field).path("format").asText();
		TableColumn column = columns.get(field.toUpperCase(Locale.ROOT));
		if (value.isIntegralNumber() && value.canConvertToLong()) {
			column.fitting(value.decimalValue(), field, table); // a binary float column may not keep every digit
			s.setLong(index, value.longValue());
		} else if (value.isNumber()) {
			// beyond a long too (asLong would wrap 2^63 round to a negative number): the column says whether it fits
			s.setBigDecimal(index, column.fitting(value.decimalValue(), field, table));
		} else if (value.isBoolean()) {
			s.setBoolean(index, value.asBoolean());
		} else if (value.isTextual() && format.equals("date-time")) {
			java.time.OffsetDateTime at = column.fitting(timestamp(value.asText()), field, table);
			// A column without zone gets the UTC date and time: an OffsetDateTime would be converted to the host's zone.
			s.setObject(index, column.zoneless() ? at.toLocalDateTime() : at);
		} else if (value.isTextual() && format.equals("date")) {
			s.setObject(index, LocalDate.parse(value.asText()));
		} else if (value.isTextual()) {
			text(s, index, value.asText(), field, column);
		} else {
			bindString(s, index, value.toString(), column);
		}
	}

	/**
	 * A text value. A number sent as text goes in as the number it is, checked as a number would be: the database cast
	 * it and rounded it without a word ("12.345" into DECIMAL(12, 2) became 12.35, "12.7" into an INT 13; review 29);
	 * likewise a time, checked for what the column would drop (its fraction, a DATE's time of day).
	 */
	private void text(PreparedStatement s, int index, String text, String field, TableColumn column) throws SQLException {
		java.math.BigDecimal number = column.numeric() ? number(text) : null;
		java.time.OffsetDateTime at = number == null && column.temporal() ? timestampOf(text) : null;
		if (number != null) {
			s.setBigDecimal(index, column.fitting(number, field, table));
		} else if (at != null) {
			at = column.fitting(at, field, table);
			s.setObject(index, column.type() == Types.DATE ? at.toLocalDate() : column.zoneless() ? at.toLocalDateTime() : at);
		} else {
			bindString(s, index, column.fitting(text, field, table), column);
		}
	}

	private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

	/** The number a text writes in plain decimal notation ({@code 12.345}, {@code -7}), or {@code null}. */
	private static java.math.BigDecimal number(String text) {
		return PLAIN_NUMBER.matcher(text).matches() ? new java.math.BigDecimal(text) : null;
	}

	/**
	 * The instant a text writes as an ISO-8601 instant (with its offset), or, without one, its date and time taken as UTC
	 * as the runner writes a zoneless column ({@code 2026-11-01 10:00:00.7}, {@code 2026-11-01T10:00}); {@code null} else.
	 */
	private static java.time.OffsetDateTime timestampOf(String text) {
		try {
			return java.time.OffsetDateTime.parse(text);
		} catch (java.time.format.DateTimeParseException e) {
			// not an instant with an offset: a date and time without one, below
		}
		try {
			return java.time.LocalDateTime.parse(text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11) : text)
					.atOffset(java.time.ZoneOffset.UTC);
		} catch (java.time.format.DateTimeParseException e) {
			return null; // the database reads it, or refuses it
		}
	}

	/** A text as its column takes it (see {@link TableColumn#bindsTextAsUnknown}). */
	private static void bindString(PreparedStatement s, int index, String text, TableColumn column) throws SQLException {
		if (column.bindsTextAsUnknown()) {
			s.setObject(index, text, Types.OTHER);
		} else {
			s.setString(index, text);
		}
	}
}
