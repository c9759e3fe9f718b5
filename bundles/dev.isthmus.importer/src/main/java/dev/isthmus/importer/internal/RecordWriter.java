package dev.isthmus.importer.internal;

import java.util.Map;
import java.util.function.Predicate;

import dev.isthmus.importer.Shape;

/** Writes an inferred shape as a {@code record} declaration of the Isthmus language. */
public final class RecordWriter {

	private static final String INDENT = "    ";

	private final Predicate<String> reserved;

	public RecordWriter(Predicate<String> reserved) {
		this.reserved = reserved;
	}

	public String write(String name, String format, Shape shape) {
		StringBuilder out = new StringBuilder("record ").append(name).append(' ').append(format).append(" {\n");
		if (shape instanceof Shape.ObjectShape object) {
			fields(object, 1, out);
		}
		return out.append("}\n").toString();
	}

	private void fields(Shape.ObjectShape object, int depth, StringBuilder out) {
		for (Map.Entry<String, Shape.Field> field : object.fields().entrySet()) {
			out.append(INDENT.repeat(depth)).append(name(field.getKey())).append(" : ");
			type(field.getValue().shape(), depth, out);
			boolean optional = field.getValue().optional() || field.getValue().shape() instanceof Shape.Unknown;
			out.append(optional ? "?" : "").append('\n');
		}
	}

	private void type(Shape shape, int depth, StringBuilder out) {
		switch (shape) {
			case Shape.Scalar s -> out.append(s.kind());
			case Shape.ArrayShape a -> {
				out.append("[ ");
				type(a.element(), depth, out);
				out.append(" ]");
			}
			case Shape.ObjectShape o when o.fields().isEmpty() -> out.append("{ }");
			case Shape.ObjectShape o -> {
				out.append("{\n");
				fields(o, depth + 1, out);
				out.append(INDENT.repeat(depth)).append('}');
			}
			default -> out.append("string"); // only nulls seen: the samples do not say more
		}
	}

	/** A name the grammar reads as a name, else quoted. */
	private String name(String name) {
		boolean plain = name.matches("[A-Za-z_][A-Za-z0-9_]*") && !reserved.test(name);
		return plain ? name : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}
}
