package dev.isthmus.engine;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * CSV rows as JSON records, typed by the record's shape: a column declared {@code integer} becomes a number, so the
 * engine sees the same values whether a record arrived as JSON or as CSV. An unquoted empty cell is a missing value;
 * a quoted empty cell ({@code ""}) is the empty string in a text column (as PostgreSQL's COPY and the runner's CSV
 * target write them) and a missing value in a column of numbers, booleans, dates, timestamps or choices (as files
 * that quote every cell have it). A cell that does not fit its type makes the row malformed, naming the column. The
 * runner's file source, test blocks and the Studio's mapping preview read CSV with this one class.
 */
public final class CsvRows {

	private static final ObjectReader ROW = new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
			.with(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL);

	private final JsonNode properties;
	private final JsonNode required;

	/** A row read: its record, or why it is malformed (then {@code record} is {@code null}). */
	public record Row(ObjectNode record, String problem) {
	}

	/** @param shape the record's JSON Schema (its {@code properties} name and type the columns), or {@code null} */
	public CsvRows(JsonNode shape) {
		this.properties = shape == null ? null : shape.get("properties");
		this.required = shape == null ? null : shape.get("required");
	}

	/** A header row that is no CSV row; the message starts with its line. */
	public static final class BadHeader extends IOException {
		private static final long serialVersionUID = 1L;

		BadHeader(String message, Throwable cause) {
			super(message, cause);
		}
	}

	/** A data row of a whole CSV text read by {@link #rows}: where it starts, and its record or why it is none. */
	public record Line(long line, ObjectNode record, String problem) {
	}

	/**
	 * A whole CSV text's data rows under its header, read as the runner's file source reads them ({@link CsvRowText}:
	 * a quoted value may span lines, a quote left open costs its own line and the rows after it are read; blank lines
	 * are skipped): for the samples of test blocks and of the Studio's mapping preview, which hold them all.
	 *
	 * @param longest a row longer than this is taken as a quote left open
	 * @throws BadHeader {@code "<line>: the header row is not CSV: …"}, for the caller to put the file's name in front
	 */
	public List<Line> rows(java.io.BufferedReader text, int longest) throws IOException {
		return rows(text, longest, false);
	}

	/**
	 * As {@link #rows(java.io.BufferedReader, int)}, with {@code strict}: a header the runner's file source refuses
	 * ({@link #headerProblem}) throws {@link BadHeader} too, as a test block's sample must (review 24). The Studio's
	 * preview shows each row's problem instead, for a sample of any record, a webhook's too.
	 */
	public List<Line> rows(java.io.BufferedReader text, int longest, boolean strict) throws IOException {
		CsvRowText rowText = new CsvRowText(text, longest);
		CsvRowText.Row first = rowText.next();
		List<Line> lines = new java.util.ArrayList<>();
		if (first == null) {
			return lines;
		}
		List<String> header;
		try {
			if (first.problem() != null) {
				throw new IOException(first.problem());
			}
			header = header(first.text());
		} catch (IOException e) {
			throw new BadHeader(first.line() + ": the header row is not CSV: " + e.getMessage(), e);
		}
		String problem = strict ? headerProblem(header) : null;
		if (problem != null) {
			throw new BadHeader(first.line() + ": " + problem, null);
		}
		for (CsvRowText.Row row = rowText.next(); row != null; row = rowText.next()) {
			if (row.text().isBlank() && row.lines().size() == 1) {
				continue;
			}
			row = rowText.checked(row, header.size());
			Row parsed = row.problem() != null ? new Row(null, row.problem()) : row(header, row.text());
			lines.add(new Line(row.line(), parsed.record(), parsed.problem()));
		}
		return lines;
	}

	/** The column names of a header line. */
	public List<String> header(String line) throws IOException {
		if (line == null) {
			throw new IOException("the CSV file has no header line");
		}
		return Arrays.stream(cells(line)).map(cell -> cell == null ? "" : cell.trim()).toList();
	}

	/**
	 * What is wrong with a header's column names for the shape, or {@code null}: a column named twice (read last-wins,
	 * the first column's values were dropped), a field's name in another case (ID for id: every row a dead letter
	 * saying "found no such field" of a column the file has; review 20), no column for a required field (another
	 * export, a ';'-separated file read as one column: every row a dead letter; review 23). Said once, for the file,
	 * by the runner and test blocks alike (review 24: a sample read so passed).
	 */
	public String headerProblem(List<String> names) {
		for (int i = 0; i < names.size(); i++) {
			int again = names.subList(i + 1, names.size()).indexOf(names.get(i));
			if (again >= 0) {
				return "the header names the column \"" + names.get(i) + "\" twice (columns " + (i + 1) + " and " + (i + 2 + again)
						+ "), so no record of the file was read: rename or remove one of them and drop the file in again";
			}
		}
		if (properties == null) {
			return null;
		}
		for (String field : (Iterable<String>) properties::fieldNames) {
			if (names.contains(field)) {
				continue;
			}
			for (String name : names) {
				if (name.equalsIgnoreCase(field) && !properties.has(name)) {
					return "the header's column \"" + name + "\" is the record's field \"" + field + "\" in another case, and columns are"
							+ " matched to fields as written, so no record of the file was read: name the column " + field
							+ " and drop the file in again";
				}
			}
		}
		List<String> missing = new java.util.ArrayList<>();
		for (String field : (Iterable<String>) properties::fieldNames) {
			if (required(field) && !names.contains(field)) {
				missing.add(field);
			}
		}
		if (missing.isEmpty()) {
			return null;
		}
		return "the header has no column " + String.join(", ", missing) + " for the record's required field" + (missing.size() == 1 ? "" : "s")
				+ ", so no record of the file was read" + separator(names) + ": give the file " + (missing.size() == 1 ? "that column"
						: "those columns") + " (or declare a field `… : …?` if it may be absent) and drop it in again";
	}

	/** What a header read as one column says of its separator, when it holds another one than the comma. */
	private static String separator(List<String> names) {
		if (names.size() != 1) {
			return "";
		}
		for (String other : List.of(";", "\t", "|")) {
			if (names.get(0).contains(other)) {
				String header = names.get(0).length() > 200 ? names.get(0).substring(0, 200) + "…" : names.get(0);
				return " (the header is one column, \"" + header.replace("\t", "\\t") + "\": its values are separated by "
						+ (other.equals("\t") ? "tabs" : "'" + other + "'") + ", and a CSV file's by commas)";
			}
		}
		return "";
	}

	/** Whether the shape requires a value of the column (not {@code x : string?}). */
	public boolean required(String column) {
		if (required == null || properties == null || !properties.has(column)) {
			return false;
		}
		boolean listed = false;
		for (JsonNode r : required) {
			listed |= r.asText().equals(column);
		}
		JsonNode type = properties.get(column).get("type");
		boolean nullable = false;
		if (type != null && type.isArray()) {
			for (JsonNode t : type) {
				nullable |= t.asText().equals("null");
			}
		}
		return listed && !nullable;
	}

	/** One data line under {@code header}. */
	public Row row(List<String> header, String line) {
		String[] cells;
		try {
			cells = cells(line);
		} catch (IOException e) {
			return new Row(null, "not a CSV row: " + e.getMessage());
		}
		if (cells.length != header.size()) {
			return new Row(null, "the row has " + cells.length + " cells, the header " + header.size());
		}
		ObjectNode record = JsonNodeFactory.instance.objectNode();
		for (int i = 0; i < cells.length; i++) {
			String column = header.get(i);
			String cell = cells[i];
			if (cell == null) {
				continue;
			}
			JsonNode property = properties == null ? null : properties.get(column);
			if (cell.isEmpty()) {
				if (plainText(property)) {
					record.put(column, "");
				}
				continue;
			}
			String type = properties == null ? "string" : typeOf(properties.path(column));
			try {
				switch (type) {
					case "integer" -> record.put(column, Long.parseLong(cell.trim()));
					case "number" -> record.put(column, new BigDecimal(cell.trim()));
					case "boolean" -> {
						if (!cell.trim().equalsIgnoreCase("true") && !cell.trim().equalsIgnoreCase("false")) {
							throw new NumberFormatException();
						}
						record.put(column, Boolean.parseBoolean(cell.trim()));
					}
					default -> record.put(column, cell);
				}
			} catch (NumberFormatException e) {
				return new Row(null, "column " + column + ": '" + cell + "' is not "
						+ (type.equals("integer") ? "an " : "a ") + type);
			}
		}
		for (String column : header) {
			if (!record.has(column) && required(column)) {
				// Said here, for the runner and test samples alike: the engine would say "found no such field" of a
				// column the file has.
				return new Row(null, column + " is required, and its CSV cell is empty (" + (text(column) ? "write \"\" for an empty string, or "
						: "") + "declare it `" + column + " : …?` if it may be absent)");
			}
		}
		return new Row(record, null);
	}

	/** Whether {@code column} holds text, where {@code ""} is the empty string (see {@link #plainText}). */
	public boolean text(String column) {
		return plainText(properties == null ? null : properties.get(column));
	}

	/**
	 * Whether a column holds any text, so that {@code ""} is the empty string there: not a number, a boolean, a date
	 * or timestamp ({@code format}) or a choice. A column the shape does not name is text.
	 */
	private static boolean plainText(JsonNode property) {
		if (property == null) {
			return true;
		}
		if (property.has("format") || property.has("enum") || property.has("const") || property.has("$ref") || property.has("anyOf")
				|| property.has("oneOf")) {
			return false;
		}
		return typeOf(property).equals("string");
	}

	/** The JSON Schema type of a column, skipping {@code null} in a union ({@code ["integer", "null"]}, anyOf). */
	private static String typeOf(JsonNode property) {
		JsonNode type = property.get("type");
		if (type != null && type.isArray()) {
			for (JsonNode t : type) {
				if (!"null".equals(t.asText())) {
					return t.asText();
				}
			}
		}
		if (type == null && property.has("anyOf")) {
			for (JsonNode option : property.get("anyOf")) {
				if (!"null".equals(option.path("type").asText("null"))) {
					return typeOf(option);
				}
			}
		}
		return type == null || !type.isTextual() ? "string" : type.asText();
	}

	/**
	 * How many cells one row's text has (a quoted value may hold line breaks), or -1 when it is not one CSV row: a
	 * reader that joins lines into rows asks this to tell a value over several lines from a quote left open.
	 */
	public static int cellCount(String row) {
		try {
			return cells(row).length;
		} catch (IOException e) {
			return -1;
		}
	}

	/** One row's cells, quotes and escapes as RFC 4180 has them. */
	private static String[] cells(String row) throws IOException {
		try (MappingIterator<String[]> rows = ROW.readValues(row)) {
			String[] cells = rows.hasNext() ? rows.next() : new String[0];
			// A second row would otherwise be dropped without a word.
			if (rows.hasNext()) {
				throw new IOException("the text holds more than one row");
			}
			return cells;
		} catch (RuntimeException e) {
			// Jackson's iterator reports a broken row (a quote left open, text after a closing quote) unchecked: it is
			// this row's problem, not the reader's.
			throw new IOException(e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
					: e.getMessage(), e);
		}
	}
}
