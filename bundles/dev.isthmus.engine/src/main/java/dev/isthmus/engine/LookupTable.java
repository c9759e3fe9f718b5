package dev.isthmus.engine;

import java.util.Map;

/** A lookup's entries in engine values, with its default ({@code null} when it has none). */
public record LookupTable(Map<Object, Object> entries, Object fallback) {

	public Object get(Object key) {
		Object value = entries.get(key);
		return value != null ? value : fallback;
	}
}
