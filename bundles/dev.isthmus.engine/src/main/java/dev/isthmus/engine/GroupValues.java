package dev.isthmus.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's values by field, each the list of its records' values, in their order (records without the field
 * left out), as an aggregate's rules read them. Gathered when a rule reads the field: rules read a few of the
 * records' fields, and gathering every field of every record up front showed in the runner's profile.
 */
final class GroupValues extends java.util.AbstractMap<String, Object> {
	private final List<FlowEngine.Held> group;
	private final Map<String, Object> gathered = new HashMap<>();

	GroupValues(List<FlowEngine.Held> group) {
		this.group = group;
	}

	@Override
	public Object get(Object field) {
		// A field no record has is remembered too (as null): a rule may read it once per element of a list.
		if (!gathered.containsKey(field) && field instanceof String name) {
			gathered.put(name, gather(name));
		}
		return gathered.get(field);
	}

	@Override
	public boolean containsKey(Object field) {
		return get(field) != null;
	}

	/** The field's values, or {@code null} when no record has it. */
	@SuppressWarnings("unchecked")
	private List<Object> gather(String field) {
		List<Object> values = null;
		for (FlowEngine.Held h : group) {
			Map<String, Object> record = (Map<String, Object>) h.record();
			Object value = record.get(field);
			if (value != null || record.containsKey(field)) {
				if (values == null) {
					values = new ArrayList<>(group.size());
				}
				values.add(value);
			}
		}
		return values;
	}

	/** Every field, in the order the records first have it (as the values were gathered before). */
	@Override
	@SuppressWarnings("unchecked")
	public java.util.Set<Map.Entry<String, Object>> entrySet() {
		Map<String, Object> all = new java.util.LinkedHashMap<>();
		for (FlowEngine.Held h : group) {
			for (String field : ((Map<String, Object>) h.record()).keySet()) {
				all.computeIfAbsent(field, this::get);
			}
		}
		return java.util.Collections.unmodifiableMap(all).entrySet();
	}
}
