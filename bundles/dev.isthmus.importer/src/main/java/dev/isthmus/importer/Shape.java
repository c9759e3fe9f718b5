package dev.isthmus.importer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An inferred record shape: what the samples or the schema say about each field. Merging two shapes of the same
 * place keeps every field and marks those missing or null in one of them optional.
 */
public sealed interface Shape {

	/** A scalar of the record language: string, integer, decimal, boolean, date, timestamp. */
	record Scalar(String kind) implements Shape {
	}

	/** An object; field order is first appearance. */
	record ObjectShape(Map<String, Field> fields) implements Shape {
		public ObjectShape() {
			this(new LinkedHashMap<>());
		}
	}

	/** A list of elements of one shape. */
	record ArrayShape(Shape element) implements Shape {
	}

	/** Nothing known yet: only nulls or empty lists were seen. */
	record Unknown() implements Shape {
	}

	/** A field of an object. */
	record Field(Shape shape, boolean optional) {
	}

	/** The shape that fits both: the union of object fields; a scalar conflict widens to decimal or string. */
	static Shape merge(Shape a, Shape b) {
		if (a instanceof Unknown) {
			return b;
		}
		if (b instanceof Unknown || a.equals(b)) {
			return a;
		}
		if (a instanceof ObjectShape oa && b instanceof ObjectShape ob) {
			ObjectShape merged = new ObjectShape();
			oa.fields().forEach((name, field) -> {
				Field other = ob.fields().get(name);
				merged.fields().put(name, other == null ? new Field(field.shape(), true)
						: new Field(merge(field.shape(), other.shape()), field.optional() || other.optional()));
			});
			ob.fields().forEach((name, field) -> merged.fields().putIfAbsent(name, new Field(field.shape(), true)));
			return merged;
		}
		if (a instanceof ArrayShape aa && b instanceof ArrayShape ab) {
			return new ArrayShape(merge(aa.element(), ab.element()));
		}
		if (a instanceof Scalar sa && b instanceof Scalar sb) {
			boolean numbers = isNumber(sa) && isNumber(sb);
			boolean times = sa.kind().equals("date") && sb.kind().equals("timestamp")
					|| sa.kind().equals("timestamp") && sb.kind().equals("date");
			return new Scalar(numbers ? "decimal" : times ? "timestamp" : "string");
		}
		return new Scalar("string");
	}

	private static boolean isNumber(Scalar s) {
		return s.kind().equals("integer") || s.kind().equals("decimal");
	}
}
