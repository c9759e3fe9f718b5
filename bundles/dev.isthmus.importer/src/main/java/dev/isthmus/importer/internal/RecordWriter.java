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
			fields(object, 1, "csv".equals(format) ? "only empty cells" : "only null", out);
		}
		return out.append("}\n").toString();
	}

	/** {@code nothing}: what the samples showed of a field whose type they do not say, for the comment on its guess. */
	private void fields(Shape.ObjectShape object, int depth, String nothing, StringBuilder out) {
		for (Map.Entry<String, Shape.Field> field : object.fields().entrySet()) {
			out.append(INDENT.repeat(depth)).append(name(field.getKey())).append(" : ");
			Shape shape = field.getValue().shape();
			type(shape, depth, nothing, out);
			boolean optional = field.getValue().optional() || shape instanceof Shape.Unknown;
			out.append(optional ? "?" : "");
			// A guess is said where it is written: one pasted in unread became a dead letter for the first real value.
			if (shape instanceof Shape.Unknown) {
				out.append("  // ").append(nothing).append(" seen: type guessed");
			} else if (shape instanceof Shape.ArrayShape list && list.element() instanceof Shape.Unknown) {
				out.append("  // only empty lists seen: element type guessed");
			}
			out.append('\n');
		}
	}

	private void type(Shape shape, int depth, String nothing, StringBuilder out) {
		switch (shape) {
			case Shape.Scalar s -> out.append(s.kind());
			case Shape.ArrayShape a -> {
				out.append("[ ");
				type(a.element(), depth, nothing, out);
				out.append(" ]");
			}
			case Shape.ObjectShape o when o.fields().isEmpty() -> out.append("{ }");
			case Shape.ObjectShape o -> {
				out.append("{\n");
				fields(o, depth + 1, nothing, out);
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
