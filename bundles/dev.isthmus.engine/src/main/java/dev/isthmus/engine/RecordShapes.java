package dev.isthmus.engine;

import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.internal.DeclaredTypes;

/**
 * The record shapes of a flow's configuration: their generated schemas, each parsed once, and the declarations
 * records are typed by when they come in.
 */
final class RecordShapes {

	private final JsonNode config;
	/** A generated schema by its file name, parsed; {@code null} for no file, or a file the texts lack. */
	final Function<String, JsonNode> schemas;

	/** Each record's declaration, read from its schema once. */
	private final Map<String, DeclaredTypes.Declaration> declarations = new java.util.concurrent.ConcurrentHashMap<>();

	RecordShapes(JsonNode config, Function<String, String> schemaTexts) {
		this.config = config;
		// Parsed once per file: records are typed by these on every read.
		Map<String, JsonNode> parsed = new java.util.concurrent.ConcurrentHashMap<>();
		this.schemas = file -> file == null ? null : parsed.computeIfAbsent(file, f -> parse(schemaTexts.apply(f)));
	}

	DeclaredTypes.Declaration declaration(String recordName, JsonNode schema) {
		DeclaredTypes.Declaration d = declarations.get(recordName);
		if (d == null && schema != null) {
			d = DeclaredTypes.declaration(schema, schemas);
			declarations.put(recordName, d);
		}
		return d;
	}

	JsonNode schemaOf(String shape) {
		String file = config.path("shapes").path(shape).asText(null);
		return file == null ? null : schemas.apply(file.substring(file.indexOf('/') + 1));
	}

	private static JsonNode parse(String text) {
		try {
			return text == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IllegalArgumentException("a generated schema is not JSON: " + e.getOriginalMessage(), e);
		}
	}
}
