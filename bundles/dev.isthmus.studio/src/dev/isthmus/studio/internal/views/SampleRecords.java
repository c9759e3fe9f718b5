package dev.isthmus.studio.internal.views;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * The records of a sample file for the mapping preview: a JSON file (one record or an array of them), NDJSON (a
 * record per line) or CSV (a header line, then a record per row, cells typed by the source shape as the runner types
 * them). A line that cannot be read becomes a record with a problem, so the other records still show; a JSON file
 * that is not JSON at all is one {@link SampleException} naming file, line and column.
 */
final class SampleRecords {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final ObjectReader CSV_ROW = new CsvMapper().readerFor(String[].class)
			.with(CsvParser.Feature.WRAP_AS_ARRAY);

	/**
	 * One record of the sample.
	 *
	 * @param origin  {@code file:line} where it starts (for JSON arrays: the element's line)
	 * @param json    the record, or {@code null} when it could not be read
	 * @param problem why it could not be read, or {@code null}
	 */
	record Sample(String origin, JsonNode json, String problem) {
	}

	/** The whole sample cannot be read: not JSON, not readable, an unknown kind of file. */
	static final class SampleException extends Exception {
		private static final long serialVersionUID = 1L;

		SampleException(String message) {
			super(message);
		}
	}

	private SampleRecords() {
	}

	/**
	 * @param shape the source shape's JSON Schema (its {@code properties} type CSV cells), or {@code null}
	 */
	static List<Sample> read(Path file, JsonNode shape) throws SampleException {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new SampleException("cannot read the sample " + file + ": " + e.getMessage());
		}
		if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
			return ndjson(file, lines);
		}
		if (name.endsWith(".csv")) {
			return csv(file, lines, shape == null ? null : shape.get("properties"));
		}
		if (name.endsWith(".json")) {
			return json(file, String.join("\n", lines));
		}
		throw new SampleException(file.getFileName() + " is not a sample the preview reads: choose a .json, .ndjson or .csv file");
	}

	private static List<Sample> json(Path file, String text) throws SampleException {
		JsonNode tree;
		try {
			tree = JSON.readTree(text);
		} catch (JsonProcessingException e) {
			JsonLocation at = e.getLocation();
			throw new SampleException(file.getFileName() + ":" + (at == null ? 1 : at.getLineNr()) + ":"
					+ (at == null ? 1 : at.getColumnNr()) + ": not valid JSON: " + reason(e)
					+ " — fix the sample or choose another file");
		}
		List<Sample> samples = new ArrayList<>();
		if (tree == null || tree.isMissingNode()) {
			return samples; // an empty file: no records
		}
		if (tree.isArray()) {
			int[] starts = elementLines(text);
			for (int i = 0; i < tree.size(); i++) {
				samples.add(record(file, i < starts.length ? starts[i] : 1, tree.get(i)));
			}
		} else {
			samples.add(record(file, 1, tree));
		}
		return samples;
	}

	private static Sample record(Path file, int line, JsonNode json) {
		String origin = file.getFileName() + ":" + line;
		return json.isObject() ? new Sample(origin, json, null)
				: new Sample(origin, null, "a record is a JSON object, this is " + json.getNodeType().name().toLowerCase(Locale.ROOT));
	}

	/** The line on which each element of the top-level array starts. */
	private static int[] elementLines(String text) {
		List<Integer> lines = new ArrayList<>();
		try (var parser = JSON.getFactory().createParser(text)) {
			parser.nextToken(); // [
			while (parser.nextToken() != null && parser.currentToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
				lines.add(parser.currentTokenLocation().getLineNr());
				parser.skipChildren();
			}
		} catch (IOException e) {
			// already parsed once: cannot happen; the records then say line 1
		}
		return lines.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Jackson's words without its source-location appendix, which the message gives as file:line:col already. */
	private static String reason(JsonProcessingException e) {
		return e.getOriginalMessage().replaceAll("(?s)\\s*\\(start marker at .*$", "").replaceAll("(?s)\\s*at \\[Source:.*$", "").trim();
	}

	private static List<Sample> ndjson(Path file, List<String> lines) {
		List<Sample> samples = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank()) {
				continue;
			}
			try {
				samples.add(record(file, i + 1, JSON.readTree(line)));
			} catch (JsonProcessingException e) {
				JsonLocation at = e.getLocation();
				samples.add(new Sample(file.getFileName() + ":" + (i + 1), null, "not valid JSON at column "
						+ (at == null ? 1 : at.getColumnNr()) + ": " + reason(e)));
			}
		}
		return samples;
	}

	private static List<Sample> csv(Path file, List<String> lines, JsonNode properties) throws SampleException {
		List<Sample> samples = new ArrayList<>();
		if (lines.isEmpty()) {
			return samples;
		}
		List<String> header;
		try {
			header = Arrays.stream(cells(lines.get(0))).map(String::trim).toList();
		} catch (IOException e) {
			throw new SampleException(file.getFileName() + ":1: the header line is not CSV: " + e.getMessage());
		}
		for (int i = 1; i < lines.size(); i++) {
			if (!lines.get(i).isBlank()) {
				samples.add(row(file.getFileName() + ":" + (i + 1), header, lines.get(i), properties));
			}
		}
		return samples;
	}

	private static Sample row(String origin, List<String> header, String line, JsonNode properties) {
		String[] cells;
		try {
			cells = cells(line);
		} catch (IOException e) {
			return new Sample(origin, null, "not a CSV row: " + e.getMessage());
		}
		if (cells.length != header.size()) {
			return new Sample(origin, null, "the row has " + cells.length + " cells, the header " + header.size());
		}
		ObjectNode record = JsonNodeFactory.instance.objectNode();
		for (int i = 0; i < cells.length; i++) {
			String column = header.get(i);
			String cell = cells[i].trim();
			if (cell.isEmpty()) {
				continue; // an empty cell is a missing value, as in the runner
			}
			String type = properties == null ? "string" : typeOf(properties.path(column));
			try {
				switch (type) {
					case "integer" -> record.put(column, Long.parseLong(cell));
					case "number" -> record.put(column, new BigDecimal(cell));
					case "boolean" -> {
						if (!cell.equalsIgnoreCase("true") && !cell.equalsIgnoreCase("false")) {
							throw new NumberFormatException(cell);
						}
						record.put(column, Boolean.parseBoolean(cell));
					}
					default -> record.put(column, cells[i]);
				}
			} catch (NumberFormatException e) {
				return new Sample(origin, null, "column " + column + ": '" + cell + "' is not "
						+ (type.equals("integer") ? "an " : "a ") + type);
			}
		}
		return new Sample(origin, record, null);
	}

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

	private static String[] cells(String line) throws IOException {
		return CSV_ROW.readValue(line);
	}
}
