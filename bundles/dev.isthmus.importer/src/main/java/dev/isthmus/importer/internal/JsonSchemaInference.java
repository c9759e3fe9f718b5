package dev.isthmus.importer.internal;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.importer.RecordImporter.ImportException;
import dev.isthmus.importer.Shape;

/**
 * Shapes from a JSON Schema (draft 4 to 2020-12): properties and required, items, formats date and date-time,
 * nullable types, local $ref to definitions or $defs, allOf merged. A $ref cycle ends as a string field.
 */
public final class JsonSchemaInference {

	private final JsonNode document;
	private final Path file;
	private final Set<String> resolving = new HashSet<>();

	public JsonSchemaInference(JsonNode document, Path file) {
		this.document = document;
		this.file = file;
	}

	public Shape root() throws ImportException {
		Shape shape = shape(document);
		if (!(shape instanceof Shape.ObjectShape)) {
			throw new ImportException(file + ": the schema describes a " + describe(shape)
					+ ", not an object; point at an object schema with --pointer", null);
		}
		return shape;
	}

	private Shape shape(JsonNode schema) throws ImportException {
		if (schema.has("$ref")) {
			String ref = schema.get("$ref").asText();
			if (!ref.startsWith("#")) {
				throw new ImportException(file + ": only local references (#/...) are followed, not " + ref, null);
			}
			if (!resolving.add(ref)) {
				return new Shape.Scalar("string");
			}
			JsonNode target = document.at(ref.substring(1));
			if (target.isMissingNode()) {
				throw new ImportException(file + ": $ref " + ref + " points at nothing", null);
			}
			Shape shape = shape(target);
			resolving.remove(ref);
			return shape;
		}
		if (schema.has("allOf")) {
			Shape merged = new Shape.Unknown();
			for (JsonNode part : schema.get("allOf")) {
				merged = Shape.merge(merged, shape(part));
			}
			return merged;
		}
		for (String alternatives : new String[] { "anyOf", "oneOf" }) {
			if (schema.has(alternatives)) {
				Shape merged = new Shape.Unknown();
				for (JsonNode part : schema.get(alternatives)) {
					if (!"null".equals(part.path("type").asText())) {
						merged = Shape.merge(merged, shape(part));
					}
				}
				return merged;
			}
		}
		String type = type(schema);
		return switch (type) {
			case "object" -> object(schema);
			case "array" -> new Shape.ArrayShape(schema.has("items") ? shape(schema.get("items")) : new Shape.Unknown());
			case "integer" -> new Shape.Scalar("integer");
			case "number" -> new Shape.Scalar("decimal");
			case "boolean" -> new Shape.Scalar("boolean");
			case "string" -> switch (schema.path("format").asText()) {
				case "date" -> new Shape.Scalar("date");
				case "date-time" -> new Shape.Scalar("timestamp");
				default -> new Shape.Scalar("string");
			};
			default -> schema.has("properties") ? object(schema) : new Shape.Unknown();
		};
	}

	private Shape object(JsonNode schema) throws ImportException {
		Set<String> required = new HashSet<>();
		schema.path("required").forEach(n -> required.add(n.asText()));
		Shape.ObjectShape object = new Shape.ObjectShape();
		for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> property = it.next();
			boolean nullable = property.getValue().path("nullable").asBoolean(false) || allowsNull(property.getValue());
			object.fields().put(property.getKey(),
					new Shape.Field(shape(property.getValue()), !required.contains(property.getKey()) || nullable));
		}
		return object;
	}

	/** The non-null type of a schema: "type": ["string", "null"] is a nullable string. */
	private static String type(JsonNode schema) {
		JsonNode type = schema.path("type");
		if (type.isArray()) {
			for (JsonNode t : type) {
				if (!"null".equals(t.asText())) {
					return t.asText();
				}
			}
			return "";
		}
		return type.asText("");
	}

	private static boolean allowsNull(JsonNode schema) {
		JsonNode type = schema.path("type");
		if (type.isArray()) {
			for (JsonNode t : type) {
				if ("null".equals(t.asText())) {
					return true;
				}
			}
		}
		for (String alternatives : new String[] { "anyOf", "oneOf" }) {
			for (JsonNode part : schema.path(alternatives)) {
				if ("null".equals(part.path("type").asText())) {
					return true;
				}
			}
		}
		return false;
	}

	private static String describe(Shape shape) {
		return switch (shape) {
			case Shape.Scalar s -> s.kind();
			case Shape.ArrayShape a -> "list";
			default -> "schema of no type";
		};
	}
}
