package dev.isthmus.runner.internal;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.CsvRowText;
import dev.isthmus.engine.CsvRows;

/**
 * CSV rows of a file source as journal inputs: typed by the record's shape ({@link CsvRows}, where a quoted empty cell
 * of a text column is the empty string and an unquoted one no value, as {@link FileSink} writes them), or malformed.
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
		List<String> names;
		try {
			names = rows.header(row.text());
		} catch (IOException e) {
			throw new IOException(file + ":" + row.line() + ": the header is not a CSV row: " + e.getMessage() + QUOTES, e);
		}
		// A column named twice was read last-wins: the first column's values were dropped without a word.
		for (int i = 0; i < names.size(); i++) {
			int again = names.subList(i + 1, names.size()).indexOf(names.get(i));
			if (again >= 0) {
				throw new IOException(file + ":" + row.line() + ": the header names the column \"" + names.get(i) + "\" twice (columns "
						+ (i + 1) + " and " + (i + 2 + again) + "), so no record of the file was read: rename or remove one of them and"
						+ " drop the file in again");
			}
		}
		// A column named as a field but in another case (ID for id) was no field: every row a dead letter saying "found no
		// such field" of a column the file has (review 20). Said once, for the file.
		if (properties != null) {
			for (String field : (Iterable<String>) properties::fieldNames) {
				if (names.contains(field)) {
					continue;
				}
				for (String name : names) {
					if (name.equalsIgnoreCase(field) && !properties.has(name)) {
						throw new IOException(file + ":" + row.line() + ": the header's column \"" + name + "\" is the record's field \"" + field
								+ "\" in another case, and columns are matched to fields as written, so no record of the file was read: name the"
								+ " column " + field + " and drop the file in again");
					}
				}
			}
			// A header without a required field's column (another export, a ';'-separated file read as one column) made
			// every row a dead letter, the file "done" (review 23): said once, and the file is left whole for a fix.
			List<String> missing = new java.util.ArrayList<>();
			for (String field : (Iterable<String>) properties::fieldNames) {
				if (required(field) && !names.contains(field)) {
					missing.add(field);
				}
			}
			if (!missing.isEmpty()) {
				throw new IOException(file + ":" + row.line() + ": the header has no column " + String.join(", ", missing) + " for the record's"
						+ " required field" + (missing.size() == 1 ? "" : "s") + ", so no record of the file was read" + separator(names)
						+ ": give the file " + (missing.size() == 1 ? "that column" : "those columns") + " (or declare a field `… : …?` if it"
						+ " may be absent) and drop it in again");
			}
		}
		return names;
	}

	/** What a header read as one column says of its separator, when it holds another one than the comma. */
	private static String separator(List<String> names) {
		if (names.size() != 1) {
			return "";
		}
		for (String other : List.of(";", "\t", "|")) {
			if (names.get(0).contains(other)) {
				return " (the header is one column, \"" + TextCuts.start(names.get(0), 200).replace("\t", "\\t") + "\": its values are separated by "
						+ (other.equals("\t") ? "tabs" : "'" + other + "'") + ", and a CSV file's by commas)";
			}
		}
		return "";
	}

	/**
	 * One row as an input. A row over several lines whose text is no row of the header's width was not meant to span
	 * them: a quote left open on its first line took in the lines after it. That line alone is the dead letter, and
	 * {@code text} reads the lines after it again as rows. {@code charset} is the file's encoding, which the origin
	 * names when it is not UTF-8.
	 */
	Input record(List<String> header, CsvRowText.Row row, CsvRowText text, String file, java.nio.charset.Charset charset, String endpoint) {
		row = text.checked(row, header.size());
		String origin = FileEncoding.origin(file, row.line(), charset);
		if (row.problem() != null) {
			return Input.malformed(row.text(), file + ":" + row.line() + ": " + row.problem() + QUOTES, origin, endpoint);
		}
		CsvRows.Row parsed = rows.row(header, row.text());
		if (parsed.record() == null) {
			return Input.malformed(row.text(), file + ":" + row.line() + ": " + parsed.problem(), origin, endpoint);
		}
		for (String column : header) {
			if (!parsed.record().has(column) && required(column)) {
				// Said here: the engine would say "found no such field" of a column the file has.
				return Input.malformed(row.text(), file + ":" + row.line() + ": " + column + " is required, and its CSV cell is empty ("
						+ (rows.text(column) ? "write \"\" for an empty string, or " : "") + "declare it `" + column
						+ " : …?` if it may be absent)", origin, endpoint);
			}
		}
		return Input.csvRow(row.text(), parsed.record(), origin, endpoint);
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
