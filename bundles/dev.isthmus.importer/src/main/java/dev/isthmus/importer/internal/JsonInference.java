package dev.isthmus.importer.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.importer.RecordImporter.ImportException;
import dev.isthmus.importer.Shape;

/** Shapes from sample values: the type each value has, merged over every sample and array element. */
public final class JsonInference {

	static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
	static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})");

	private JsonInference() {
	}

	/** One sample document; a top-level array is a list of samples. */
	public static Shape of(JsonNode node) {
		if (node.isArray()) {
			Shape merged = new Shape.Unknown();
			for (JsonNode element : node) {
				merged = Shape.merge(merged, shape(element));
			}
			return merged;
		}
		return shape(node);
	}

	/** One sample per line; blank lines are skipped. */
	public static Shape ofLines(Reader reader, ObjectMapper json, Path file) throws IOException, ImportException {
		Shape merged = new Shape.Unknown();
		BufferedReader lines = new BufferedReader(reader);
		int number = 0;
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			number++;
			if (line.isBlank()) {
				continue;
			}
			try {
				merged = Shape.merge(merged, shape(json.readTree(line)));
			} catch (JsonProcessingException e) {
				throw new ImportException(file + ":" + number + ": not valid JSON: " + e.getOriginalMessage(), e);
			}
		}
		return merged;
	}

	static Shape shape(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return new Shape.Unknown();
		}
		if (node.isObject()) {
			Shape.ObjectShape object = new Shape.ObjectShape();
			for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> field = it.next();
				object.fields().put(field.getKey(), new Shape.Field(shape(field.getValue()), field.getValue().isNull()));
			}
			return object;
		}
		if (node.isArray()) {
			Shape element = new Shape.Unknown();
			for (JsonNode e : node) {
				element = Shape.merge(element, shape(e));
			}
			return new Shape.ArrayShape(element);
		}
		if (node.isBoolean()) {
			return new Shape.Scalar("boolean");
		}
		if (node.isIntegralNumber()) {
			return new Shape.Scalar("integer");
		}
		if (node.isNumber()) {
			return new Shape.Scalar("decimal");
		}
		String text = node.asText();
		return new Shape.Scalar(TIMESTAMP.matcher(text).matches() ? "timestamp" : DATE.matcher(text).matches() ? "date" : "string");
	}
}
