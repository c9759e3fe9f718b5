package dev.isthmus.engine;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A lookup's entries in engine values, with its default ({@code null} when it has none). */
public record LookupTable(Map<Object, Object> entries, Object fallback) {

	public Object get(Object key) {
		Object value = entries.get(key);
		return value != null ? value : fallback;
	}

	/** The inline lookup tables of a configuration, typed by their key and value types. */
	public static Map<String, LookupTable> inline(JsonNode config) {
		Map<String, LookupTable> tables = new HashMap<>();
		config.path("lookups").fields().forEachRemaining(l -> {
			if (l.getValue().has("entries")) {
				Map<Object, Object> entries = new HashMap<>();
				String keyKind = l.getValue().path("key").path("kind").asText();
				String valueKind = l.getValue().path("value").path("kind").asText();
				l.getValue().get("entries").forEach(e -> entries.put(typed(e.get(0).asText(), keyKind), typed(e.get(1).asText(), valueKind)));
				JsonNode fallback = l.getValue().get("default");
				tables.put(l.getKey(), new LookupTable(entries, fallback == null ? null : typed(fallback.asText(), valueKind)));
			}
		});
		return tables;
	}

	private static Object typed(String text, String kind) {
		return switch (kind) {
			case "integer", "long" -> Long.parseLong(text);
			case "decimal" -> new java.math.BigDecimal(text);
			case "boolean" -> Boolean.parseBoolean(text);
			default -> text;
		};
	}
}
