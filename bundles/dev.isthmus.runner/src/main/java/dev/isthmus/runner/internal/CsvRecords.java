package dev.isthmus.runner.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * CSV rows as JSON records, typed by the record's shape: a column declared {@code integer} becomes a number, so
 * the engine sees the same values whether a record arrived as JSON or as CSV. A cell that does not fit its type
 * makes the row a dead letter that names the column.
 */
final class CsvRecords {

	private static final ObjectReader ROW = new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY);

	private final JsonNode properties;

	/** @param shape the record's JSON Schema (its {@code properties} name the columns), or {@code null} */
	CsvRecords(JsonNode shape) {
		this.properties = shape == null ? null : shape.get("properties");
	}

	List<String> header(String line) throws IOException {
		if (line == null) {
			throw new IOException("the CSV file has no header line");
		}
		return Arrays.stream(cells(line)).map(String::trim).toList();
	}

	Input record(List<String> header, String line, String origin, String endpoint) {
		String[] cells;
		try {
			cells = cells(line);
		} catch (IOException e) {
			return Input.malformed(line, "not a CSV row: " + e.getMessage(), origin, endpoint);
		}
		if (cells.length != header.size()) {
			return Input.malformed(line, "the row has " + cells.length + " cells, the header " + header.size(), origin, endpoint);
		}
		ObjectNode record = JsonNodeFactory.instance.objectNode();
		for (int i = 0; i < cells.length; i++) {
			String column = header.get(i);
			String cell = cells[i];
			if (cell.isEmpty()) {
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
				return Input.malformed(line, "column " + column + ": '" + cell + "' is not " + (type.equals("integer") ? "an " : "a ")
						+ type, origin, endpoint);
			}
		}
		return Input.parsed(line, record, origin, endpoint);
	}

	private static String typeOf(JsonNode property) {
		JsonNode type = property.get("type");
		if (type == null) {
			return "string";
		}
		if (type.isArray()) {
			for (JsonNode t : type) {
				if (!"null".equals(t.asText())) {
					return t.asText();
				}
			}
		}
		return type.asText();
	}

	/** One line's cells, quotes and escapes as RFC 4180 has them. */
	private static String[] cells(String line) throws IOException {
		try (com.fasterxml.jackson.databind.MappingIterator<String[]> rows = ROW.readValues(line)) {
			return rows.hasNext() ? rows.next() : new String[0];
		}
	}
}
