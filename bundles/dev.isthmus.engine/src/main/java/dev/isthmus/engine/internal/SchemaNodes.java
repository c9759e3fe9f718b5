package dev.isthmus.engine.internal;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading a generated record schema the way both the engine's typing of values ({@code Values.fromJson}) and the
 * check of declared types ({@link DeclaredTypes}) need it: {@code $ref}s followed, an optional value's
 * {@code anyOf [T, null]} taken as T, a union type's non-null member as the type.
 */
public final class SchemaNodes {

	private SchemaNodes() {
	}

	/** The schema behind {@code $ref}s (at most 16 hops) and an optional value's {@code anyOf}. */
	public static JsonNode resolve(JsonNode schema, Function<String, JsonNode> schemas) {
		JsonNode s = schema;
		for (int hops = 0; s != null && s.has("$ref") && hops < 16; hops++) {
			s = schemas.apply(s.get("$ref").asText());
		}
		if (s != null && s.has("anyOf")) {
			for (JsonNode option : s.get("anyOf")) {
				if (!"null".equals(option.path("type").asText())) {
					return resolve(option, schemas);
				}
			}
		}
		return s;
	}

	/** The declared type, skipping {@code null} in a union; empty when none is declared. */
	public static String type(JsonNode schema) {
		if (schema == null) {
			return "";
		}
		JsonNode type = schema.get("type");
		if (type != null && type.isArray()) {
			for (JsonNode t : type) {
				if (!"null".equals(t.asText())) {
					return t.asText();
				}
			}
		}
		return type == null ? "" : type.asText();
	}
}
