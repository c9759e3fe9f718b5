package dev.isthmus.engine.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a record the engine makes — a mapping's result, an aggregate's group — must hold beyond its values' types,
 * which the language checks before it runs: a required field set (a record held for a window under an earlier
 * configuration lacks a field renamed since), a {@code Decimal(s)} with at most {@code s} fraction digits (a plain
 * {@code decimal} of the source may have more: the language asks to round it, {@code round(x, s)}), a
 * {@code Currency} an ISO 4217 code. Read from the record's generated schema once; checked on every record made.
 */
public final class StoredValues {

	/** No field to check: a record without a schema, or one with nothing of the above. */
	private static final StoredValues NONE = new StoredValues(new Field[0]);

	private record Field(String name, boolean required, int scale, boolean currency, StoredValues inside) {
	}

	private final Field[] fields;

	private StoredValues(Field[] fields) {
		this.fields = fields;
	}

	/** The checks of {@code schema}'s record, nested records and lists of them included. */
	public static StoredValues of(JsonNode schema, Function<String, JsonNode> schemas) {
		return of(schema, schemas, 0);
	}

	private static StoredValues of(JsonNode schema, Function<String, JsonNode> schemas, int depth) {
		JsonNode s = SchemaNodes.resolve(schema, schemas);
		JsonNode properties = s == null ? null : s.get("properties");
		if (properties == null || properties.isEmpty() || depth > 16) {
			return NONE;
		}
		JsonNode required = s.path("required");
		List<Field> fields = new ArrayList<>();
		for (Map.Entry<String, JsonNode> p : properties.properties()) {
			JsonNode declared = SchemaNodes.resolve(p.getValue(), schemas);
			// A field with a default may be left out by a mapping: its default is the target's to fill.
			boolean mustBeSet = DeclaredTypes.contains(required, p.getKey()) && !p.getValue().has("default")
					&& !DeclaredTypes.nullable(p.getValue(), schemas);
			JsonNode single = declared != null && "array".equals(SchemaNodes.type(declared)) ? SchemaNodes.resolve(declared.get("items"), schemas)
					: declared;
			int scale = single != null && single.has("x-isthmus-scale") ? single.get("x-isthmus-scale").asInt() : -1;
			boolean currency = single != null && single.path("x-isthmus-currency").asBoolean(false);
			StoredValues inside = single != null && single.has("properties") ? of(single, schemas, depth + 1) : NONE;
			if (mustBeSet || scale >= 0 || currency || inside != NONE) {
				fields.add(new Field(p.getKey(), mustBeSet, scale, currency, inside));
			}
		}
		return fields.isEmpty() ? NONE : new StoredValues(fields.toArray(Field[]::new));
	}

	/** The first problem of {@code record} as "{@code field}: …", or {@code null} when it holds what it must. */
	public String problem(Object record) {
		return this == NONE ? null : problem(record, "");
	}

	@SuppressWarnings("unchecked")
	private String problem(Object record, String path) {
		if (!(record instanceof Map<?, ?> object)) {
			return null; // not a record: its type is the language's to check
		}
		for (Field field : fields) {
			Object value = ((Map<String, Object>) object).get(field.name);
			String name = path + field.name;
			if (value == null) {
				if (field.required) {
					return name + " is required, found " + (object.containsKey(field.name) ? "null" : "no value");
				}
				continue;
			}
			if (value instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					String problem = single(field, list.get(i), name + "[" + i + "]");
					if (problem != null) {
						return problem;
					}
				}
				continue;
			}
			String problem = single(field, value, name);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static String single(Field field, Object value, String name) {
		if (field.scale >= 0 && value instanceof BigDecimal d && d.stripTrailingZeros().scale() > field.scale) {
			return name + " is Decimal(" + field.scale + "), found " + d.toPlainString() + " with " + d.stripTrailingZeros().scale()
					+ " fraction digits: round it where it is made (round(…, " + field.scale + "))";
		}
		if (field.currency && value instanceof String code && !isoCurrency(code)) {
			return name + " is a Currency, found \"" + code + "\", which is no ISO 4217 currency code (USD, EUR, JPY, …)";
		}
		return field.inside == NONE ? null : field.inside.problem(value, name + ".");
	}

	private static boolean isoCurrency(String code) {
		try {
			return java.util.Currency.getInstance(code).getCurrencyCode().equals(code);
		} catch (IllegalArgumentException e) {
			return false;
		}
	}
}
