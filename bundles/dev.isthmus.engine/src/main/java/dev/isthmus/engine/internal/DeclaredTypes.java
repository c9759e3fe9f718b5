package dev.isthmus.engine.internal;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a record as it arrived fits the types its endpoint's record declares: every declared field present
 * unless optional ({@code ?}), of its type, numbers in range, dates and timestamps readable. Constraints (patterns,
 * ranges, enums) are the {@code validate} step's; fields the record does not declare are not looked at (the
 * engine drops them). Checked at the {@code from} step for every source alike, so that a wrong value is refused
 * where it came in, naming the field, rather than written to one target and refused by another.
 */
public final class DeclaredTypes {

	private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
	private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

	private DeclaredTypes() {
	}

	/**
	 * The first misfit as "{@code field} must be …, found …", or {@code null} when the record fits.
	 *
	 * @param schema  the record's JSON Schema (generated), {@code null} when there is none to check against
	 * @param schemas a schema by its file name, for {@code $ref}
	 */
	public static String misfit(JsonNode record, JsonNode schema, Function<String, JsonNode> schemas) {
		if (schema == null) {
			return null;
		}
		if (record == null || !record.isObject()) {
			return "the record is " + found(record) + ", not a JSON object";
		}
		return fields(record, SchemaNodes.resolve(schema, schemas), "", schemas);
	}

	/**
	 * A record schema's top-level fields, read once: the check then walks arrays rather than the schema's nodes for
	 * every record (walking them was a few percent of the runner's benchmark).
	 */
	public static final class Declaration {
		private final JsonNode schema;
		private final boolean opaque;
		private final String[] names;
		private final JsonNode[] declared;
		private final String[] types;
		private final boolean[] plainText;
		private final boolean[] mayBeAbsent;

		private Declaration(JsonNode schema, Function<String, JsonNode> schemas) {
			this.schema = schema;
			JsonNode properties = schema.get("properties");
			opaque = properties == null || properties.isEmpty();
			int n = opaque ? 0 : properties.size();
			names = new String[n];
			declared = new JsonNode[n];
			types = new String[n];
			plainText = new boolean[n];
			mayBeAbsent = new boolean[n];
			JsonNode required = schema.path("required");
			int i = 0;
			for (Map.Entry<String, JsonNode> p : opaque ? java.util.List.<Map.Entry<String, JsonNode>>of() : properties.properties()) {
				names[i] = p.getKey();
				declared[i] = SchemaNodes.resolve(p.getValue(), schemas);
				types[i] = SchemaNodes.type(declared[i]);
				plainText[i] = types[i].equals("string") && declared[i].path("format").asText("").isEmpty();
				mayBeAbsent[i] = !contains(required, p.getKey()) || nullable(p.getValue(), schemas);
				i++;
			}
		}
	}

	/** The declaration to check records against, or {@code null} when there is no schema to check against. */
	public static Declaration declaration(JsonNode schema, Function<String, JsonNode> schemas) {
		return schema == null ? null : new Declaration(SchemaNodes.resolve(schema, schemas), schemas);
	}

	/** As {@link #misfit(JsonNode, JsonNode, Function)}, against a declaration read once. */
	public static String misfit(JsonNode record, Declaration declaration, Function<String, JsonNode> schemas) {
		if (declaration == null) {
			return null;
		}
		if (record == null || !record.isObject()) {
			return "the record is " + found(record) + ", not a JSON object";
		}
		if (declaration.opaque) {
			return fields(record, declaration.schema, "", schemas);
		}
		for (int i = 0; i < declaration.names.length; i++) {
			String name = declaration.names[i];
			JsonNode value = record.get(name);
			if (value == null || value.isNull()) {
				if (!declaration.mayBeAbsent[i]) {
					return name + " is required (declare it `" + name + " : …?` if it may be absent), found "
							+ (value == null ? "no such field" : "null");
				}
				continue;
			}
			// The common cases first, without the general check's work.
			if (declaration.plainText[i] && value.isTextual()
					|| value.isIntegralNumber() && value.canConvertToLong() && declaration.types[i].equals("integer")) {
				continue;
			}
			String problem = value(value, declaration.declared[i], name, schemas);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static String fields(JsonNode object, JsonNode schema, String path, Function<String, JsonNode> schemas) {
		JsonNode properties = schema.get("properties");
		if (properties == null || properties.isEmpty()) {
			// An empty shape `{ }` is opaque: carried whole, whatever it holds, but as numbers the engine can carry.
			String inside = unreadableNumber(object, path.isEmpty() ? "" : path.substring(0, path.length() - 1));
			return inside == null ? null : inside + " is a number out of range (beyond ±1.8e308, or not a number)";
		}
		JsonNode required = schema.path("required");
		for (Map.Entry<String, JsonNode> p : properties.properties()) {
			String name = path + p.getKey();
			JsonNode value = object.get(p.getKey());
			JsonNode declared = SchemaNodes.resolve(p.getValue(), schemas);
			if (value == null || value.isNull()) {
				if (contains(required, p.getKey()) && !nullable(p.getValue(), schemas)) {
					return name + " is required (declare it `" + p.getKey() + " : …?` if it may be absent), found "
							+ (value == null ? "no such field" : "null");
				}
				continue;
			}
			String problem = value(value, declared, name, schemas);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static String value(JsonNode value, JsonNode declared, String name, Function<String, JsonNode> schemas) {
		String type = SchemaNodes.type(declared);
		switch (type) {
			case "object" -> {
				return value.isObject() ? fields(value, declared, name + ".", schemas) : wrong(name, "an object { … }", value);
			}
			case "array" -> {
				if (!value.isArray()) {
					return wrong(name, "a list [ … ]", value);
				}
				JsonNode items = SchemaNodes.resolve(declared.get("items"), schemas);
				for (int i = 0; items != null && i < value.size(); i++) {
					JsonNode element = value.get(i);
					String problem = element == null || element.isNull()
							? nullable(declared.get("items"), schemas) ? null : name + "[" + i + "] must not be null"
							: value(element, items, name + "[" + i + "]", schemas);
					if (problem != null) {
						return problem;
					}
				}
				return null;
			}
			case "integer" -> {
				if (value.isIntegralNumber() && value.canConvertToLong()) {
					// The common case, checked without making a BigDecimal of every integer of every record.
					return null;
				}
				if (!value.isNumber()) {
					return wrong(name, "an integer", value);
				}
				if (!finite(value)) {
					return outOfRange(name, "an integer");
				}
				BigDecimal number = value.decimalValue();
				if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
					return wrong(name, "an integer", value);
				}
				if (number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0) {
					return name + " is " + value + ", out of an integer's range (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE
							+ "); declare it `number` or `string` if the sender's values are that large";
				}
				return null;
			}
			case "number" -> {
				if (!value.isNumber()) {
					return wrong(name, "a number", value);
				}
				return finite(value) ? null : outOfRange(name, "a number");
			}
			case "boolean" -> {
				return value.isBoolean() ? null : wrong(name, "true or false", value);
			}
			case "string" -> {
				if (!value.isTextual()) {
					return wrong(name, "a string", value);
				}
				return format(value.asText(), declared.path("format").asText(""), name);
			}
			default -> {
				return null; // no type to check (an enum, an untyped shape): the validate step has the constraints
			}
		}
	}

	private static String format(String text, String format, String name) {
		try {
			switch (format) {
				case "date-time" -> dev.isthmus.engine.Values.instant(text);
				case "date" -> java.time.LocalDate.parse(text);
				case "duration" -> java.time.Duration.parse(text);
				default -> {
					return null;
				}
			}
			return null;
		} catch (java.time.format.DateTimeParseException e) {
			String expected = switch (format) {
				case "date-time" -> "a timestamp (ISO-8601, such as 2026-11-01T09:30:00Z)";
				case "date" -> "a date (ISO-8601, such as 2026-11-01)";
				default -> "a duration (ISO-8601, such as PT5M)";
			};
			return wrong(name, expected, com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
		}
	}

	/** Where, inside a value carried whole, a number is out of range; {@code null} when none is. */
	private static String unreadableNumber(JsonNode value, String path) {
		if (value.isNumber()) {
			return finite(value) ? null : path;
		}
		if (value.isObject()) {
			for (Map.Entry<String, JsonNode> f : value.properties()) {
				String inside = unreadableNumber(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey());
				if (inside != null) {
					return inside;
				}
			}
		} else if (value.isArray()) {
			for (int i = 0; i < value.size(); i++) {
				String inside = unreadableNumber(value.get(i), path + "[" + i + "]");
				if (inside != null) {
					return inside;
				}
			}
		}
		return null;
	}

	/** A double that Jackson read as infinite ({@code 1.5e400}) or a NaN a database returned. */
	private static boolean finite(JsonNode value) {
		return !(value.isDouble() || value.isFloat()) || Double.isFinite(value.doubleValue());
	}

	private static String outOfRange(String name, String expected) {
		return name + " must be " + expected + ", found a number out of range (beyond ±1.8e308, or not a number)";
	}

	private static String wrong(String name, String expected, JsonNode value) {
		return name + " must be " + expected + ", found " + found(value);
	}

	/** A value as a person would name it: {@code the string "x"}, {@code the number 12.5}, {@code a list}. */
	static String found(JsonNode value) {
		if (value == null || value.isMissingNode()) {
			return "nothing";
		}
		if (value.isNull()) {
			return "null";
		}
		if (value.isTextual()) {
			String text = value.asText();
			return "the string " + com.fasterxml.jackson.databind.node.TextNode.valueOf(text.length() > 60 ? startOf(text, 60) + "…" : text);
		}
		if (value.isNumber()) {
			return finite(value) ? "the number " + value : "a number out of range";
		}
		if (value.isBoolean()) {
			return value.asText();
		}
		return value.isArray() ? "a list" : "an object";
	}

	/**
	 * At most {@code units} UTF-16 units of a user's text, one fewer where the cut would part an emoji's two: half a
	 * character in a reason is a broken glyph in the dead letter, and no encoding writes it.
	 */
	static String startOf(String text, int units) {
		return Character.isHighSurrogate(text.charAt(units - 1)) && Character.isLowSurrogate(text.charAt(units))
				? text.substring(0, units - 1) : text.substring(0, units);
	}

	/** Whether {@code names} (a schema's {@code required}) holds {@code name}. */
	static boolean contains(JsonNode names, String name) {
		for (JsonNode n : names) {
			if (n.asText().equals(name)) {
				return true;
			}
		}
		return false;
	}

	/** Whether the declaration admits null: an optional field ({@code ["string", "null"]}, or anyOf with null). */
	static boolean nullable(JsonNode declared, Function<String, JsonNode> schemas) {
		if (declared == null) {
			return true;
		}
		JsonNode type = declared.get("type");
		if (type != null && type.isArray()) {
			for (JsonNode t : type) {
				if ("null".equals(t.asText())) {
					return true;
				}
			}
		}
		if ("null".equals(declared.path("type").asText())) {
			return true;
		}
		if (declared.has("anyOf")) {
			for (JsonNode option : declared.get("anyOf")) {
				if ("null".equals(option.path("type").asText())) {
					return true;
				}
			}
		}
		return false;
	}
}
