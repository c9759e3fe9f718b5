package dev.isthmus.runner.internal;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.engine.CsvRowText;
import dev.isthmus.engine.CsvRows;

/**
 * CSV rows of a file source as journal inputs: typed by the record's shape ({@link CsvRows}), or malformed. A quoted
 * empty cell ({@code ""}) is the empty string and an unquoted one no value, as PostgreSQL's COPY and {@link FileSink}
 * write them; {@link CsvRows} reads both as no value, so the empty strings are put back here.
 */
final class CsvRecords {

	private static final String QUOTES = "; a quote starts a quoted value only at the value's start and ends it before a comma"
			+ " or the row's end, a quote inside the value is written twice (\"\"): correct the row and drop it in again in a"
			+ " file of its own";

	private final CsvRows rows;
	/** The shape's properties and required names, or {@code null} (no shape: every cell is text). */
	private final JsonNode properties;
	private final JsonNode required;

	/** @param shape the record's JSON Schema (its {@code properties} name the columns), or {@code null} */
	CsvRecords(JsonNode shape) {
		this.rows = new CsvRows(shape);
		this.properties = shape == null ? null : shape.get("properties");
		this.required = shape == null ? null : shape.get("required");
	}

	/** The header row's column names; a header that is no CSV row leaves the file unreadable. */
	List<String> header(CsvRowText.Row row, String file) throws IOException {
		if (row == null) {
			return rows.header(null);
		}
		if (row.problem() != null) {
			throw new IOException(file + ":" + row.line() + ": the header is not a CSV row: " + row.problem() + QUOTES);
		}
		try {
			return rows.header(row.text());
		} catch (IOException e) {
			throw new IOException(file + ":" + row.line() + ": the header is not a CSV row: " + e.getMessage() + QUOTES, e);
		}
	}

	/**
	 * One row as an input. A row over several lines whose text is no row of the header's width was not meant to span
	 * them: a quote left open on its first line took in the lines after it. That line alone is the dead letter, and
	 * {@code text} reads the lines after it again as rows.
	 */
	Input record(List<String> header, CsvRowText.Row row, CsvRowText text, String file, String endpoint) {
		row = text.checked(row, header.size());
		String origin = "file:" + file + ":" + row.line();
		if (row.problem() != null) {
			return Input.malformed(row.text(), file + ":" + row.line() + ": " + row.problem() + QUOTES, origin, endpoint);
		}
		CsvRows.Row parsed = rows.row(header, row.text());
		if (parsed.record() == null) {
			return Input.malformed(row.text(), file + ":" + row.line() + ": " + parsed.problem(), origin, endpoint);
		}
		// Built again in the columns' order, the empty strings in their places.
		ObjectNode record = parsed.record().objectNode();
		boolean[] quotedEmpty = quotedEmpty(row.text(), header.size());
		for (int i = 0; i < header.size(); i++) {
			String column = header.get(i);
			if (parsed.record().has(column)) {
				record.set(column, parsed.record().get(column)); // a cell with text in it
			} else if (quotedEmpty[i] && plainText(column)) {
				record.put(column, "");
			} else if (required(column)) {
				// Said here: the engine would say "found no such field" of a column the file has.
				return Input.malformed(row.text(), file + ":" + row.line() + ": " + column + " is required, and its CSV cell is empty ("
						+ (plainText(column) ? "write \"\" for an empty string, or " : "") + "declare it `" + column
						+ " : …?` if it may be absent)", origin, endpoint);
			}
		}
		return Input.parsed(row.text(), record, origin, endpoint);
	}

	/**
	 * Which of a row's {@code width} cells are exactly {@code ""}; none when the text does not split into that many
	 * (the row was read as {@link CsvRows} reads it, so this does not happen). RFC 4180 quoting, as CsvRowText scans it.
	 */
	static boolean[] quotedEmpty(String row, int width) {
		final int start = 0, plain = 1, quoted = 2, closed = 3;
		boolean[] empty = new boolean[width];
		int cell = 0;
		int state = start;
		boolean bare = false; // the cell so far is "" and nothing else
		for (int i = 0; i <= row.length(); i++) {
			char ch = i < row.length() ? row.charAt(i) : ',';
			switch (state) {
				case start -> {
					state = ch == '"' ? quoted : ch == ',' ? start : plain;
					bare = ch == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"';
				}
				case quoted -> {
					if (ch == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
						i++; // a quote inside the value, written twice
						bare = false;
					} else if (ch == '"') {
						state = closed;
					} else {
						bare = false;
					}
				}
				default -> { // plain, or after the closing quote
					if (ch != ',') {
						bare = false;
					}
				}
			}
			if (ch == ',' && state != quoted) {
				if (cell < width) {
					empty[cell] = state == closed && bare;
				}
				cell++;
				state = start;
				bare = false;
			}
		}
		return cell == width ? empty : new boolean[width];
	}

	/** Whether a column holds any text ({@code ""} is then the empty string), not a number, a timestamp, a choice. */
	private boolean plainText(String column) {
		JsonNode p = properties == null ? null : properties.get(column);
		if (p == null) {
			return true; // a column the shape does not name is text to CsvRows too
		}
		if (p.has("format") || p.has("enum") || p.has("const") || p.has("$ref") || p.has("anyOf") || p.has("oneOf")) {
			return false;
		}
		JsonNode type = p.get("type");
		if (type != null && type.isArray()) {
			boolean text = false;
			for (JsonNode t : type) {
				if (t.asText().equals("string")) {
					text = true;
				} else if (!t.asText().equals("null")) {
					return false;
				}
			}
			return text;
		}
		return type != null && type.asText().equals("string");
	}

	/** Whether the shape requires a value of the column (not {@code x : string?}). */
	private boolean required(String column) {
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
}
