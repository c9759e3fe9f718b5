package dev.isthmus.importer.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.isthmus.importer.RecordImporter.ImportException;
import dev.isthmus.importer.Shape;

/** Columns from a CSV header, typed by the sample rows: a column empty in some row is optional. */
public final class CsvInference {

	private CsvInference() {
	}

	public static Shape of(Reader reader, Path file) throws IOException, ImportException {
		CsvMapper csv = new CsvMapper();
		csv.enable(CsvParser.Feature.TRIM_SPACES);
		List<String> header = null;
		List<Map<String, String>> rows = new ArrayList<>();
		try (MappingIterator<Map<String, String>> it = csv.readerForMapOf(String.class)
				.with(CsvSchema.emptySchema().withHeader()).readValues(reader)) {
			while (it.hasNext()) {
				rows.add(it.next());
			}
			CsvSchema schema = (CsvSchema) it.getParserSchema();
			header = new ArrayList<>();
			for (CsvSchema.Column column : schema) {
				header.add(column.getName());
			}
		} catch (RuntimeException e) {
			throw new ImportException(file + ": not valid CSV: " + e.getMessage(), e);
		}
		if (header.isEmpty()) {
			throw new ImportException(file + ": no header row; the first line names the columns", null);
		}
		Shape.ObjectShape object = new Shape.ObjectShape();
		for (String column : header) {
			Shape shape = new Shape.Unknown();
			boolean optional = rows.isEmpty();
			for (Map<String, String> row : rows) {
				String cell = row.get(column);
				if (cell == null || cell.isEmpty()) {
					optional = true;
				} else {
					shape = Shape.merge(shape, cell(cell));
				}
			}
			object.fields().put(column, new Shape.Field(shape, optional));
		}
		return object;
	}

	private static Shape cell(String text) {
		if (text.matches("-?\\d{1,18}")) {
			return new Shape.Scalar("integer");
		}
		if (text.matches("-?\\d+\\.\\d+")) {
			return new Shape.Scalar("decimal");
		}
		if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
			return new Shape.Scalar("boolean");
		}
		if (JsonInference.TIMESTAMP.matcher(text).matches()) {
			return new Shape.Scalar("timestamp");
		}
		return new Shape.Scalar(JsonInference.DATE.matcher(text).matches() ? "date" : "string");
	}
}
