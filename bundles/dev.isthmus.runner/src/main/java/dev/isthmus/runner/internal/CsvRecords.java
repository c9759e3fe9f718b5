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
	/** @param shape the record's JSON Schema (its {@code properties} name the columns), or {@code null} */
	CsvRecords(JsonNode shape) {
		this.rows = new CsvRows(shape);
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
		String problem = rows.headerProblem(names);
		if (problem != null) {
			throw new IOException(file + ":" + row.line() + ": " + problem);
		}
		return names;
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
		return Input.csvRow(row.text(), parsed.record(), origin, endpoint);
	}
}
