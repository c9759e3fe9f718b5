package dev.isthmus.runner.internal;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.CsvRows;

/** CSV rows of a file source as journal inputs: typed by the record's shape ({@link CsvRows}), or malformed. */
final class CsvRecords {

	private final CsvRows rows;

	/** @param shape the record's JSON Schema (its {@code properties} name the columns), or {@code null} */
	CsvRecords(JsonNode shape) {
		this.rows = new CsvRows(shape);
	}

	List<String> header(String line) throws IOException {
		return rows.header(line);
	}

	Input record(List<String> header, String line, String origin, String endpoint) {
		CsvRows.Row row = rows.row(header, line);
		return row.record() == null ? Input.malformed(line, row.problem(), origin, endpoint)
				: Input.parsed(line, row.record(), origin, endpoint);
	}
}
