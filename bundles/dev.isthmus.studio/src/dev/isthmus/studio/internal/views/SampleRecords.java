package dev.isthmus.studio.internal.views;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.engine.CsvRows;
import dev.isthmus.engine.SampleText;

/**
 * The records of a sample file for the mapping preview: a JSON file (one record or an array of them), NDJSON (a
 * record per line) or CSV (a header line, then a record per row, cells typed by the source shape as the runner types
 * them). A line that cannot be read becomes a record with a problem, so the other records still show; a JSON file
 * that is not JSON at all is one {@link SampleException} naming file, line and column.
 */
final class SampleRecords {

	private static final ObjectMapper JSON = new ObjectMapper();

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
	 * The records of a sample in the encoding the preview chose for it ({@link PreviewFlow}).
	 *
	 * @param shape    the source shape's JSON Schema (its {@code properties} type CSV cells), or {@code null}
	 * @param encoding the charset the sample is in, as an endpoint names it ({@code null}: UTF-8); bytes that are not
	 *                 text of it are one {@link SampleException} naming file, line, byte and encoding
	 */
	static List<Sample> read(Path file, JsonNode shape, String encoding) throws SampleException {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		List<String> lines;
		try {
			lines = SampleText.read(file, file.getFileName().toString(), encoding).lines().toList();
		} catch (SampleText.NotInEncoding e) {
			throw new SampleException(e.getMessage());
		} catch (IOException | IllegalArgumentException e) {
			throw new SampleException("cannot read the sample " + file + ": " + e.getMessage());
		}
		if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
			return ndjson(file, lines);
		}
		if (name.endsWith(".csv")) {
			return csv(file, String.join("\n", lines), shape);
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

	/**
	 * A header row, then a record per row, read as the runner reads them ({@link CsvRows#rows}): a quoted value may
	 * span lines, and a quote left open costs its own line, the rows after it still show.
	 */
	private static List<Sample> csv(Path file, String text, JsonNode shape) throws SampleException {
		List<Sample> samples = new ArrayList<>();
		try {
			// typed as the runner types them
			for (CsvRows.Line line : new CsvRows(shape).rows(new BufferedReader(new StringReader(text)), LONGEST_ROW)) {
				samples.add(new Sample(file.getFileName() + ":" + line.line(), line.record(), line.problem()));
			}
		} catch (CsvRows.BadHeader e) {
			throw new SampleException(file.getFileName() + ":" + e.getMessage());
		} catch (IOException e) {
			throw new SampleException("cannot read the sample " + file + ": " + e.getMessage()); // a string reader: cannot happen
		}
		return samples;
	}

	/** A sample row longer than this is taken as a quote left open (the runner's journal keeps no longer record). */
	private static final int LONGEST_ROW = 1_000_000;
}
