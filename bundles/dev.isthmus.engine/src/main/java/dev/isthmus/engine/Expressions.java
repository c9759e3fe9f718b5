package dev.isthmus.engine;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.internal.Operators;
import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.StandardLibrary;

/**
 * Compiles the typed expression trees of a connector configuration into evaluators, once; the evaluators run per
 * record. Library functions are called through their one declaration in {@link StandardLibrary}.
 */
public final class Expressions {

	private Expressions() {
	}

	/**
	 * @param where names the place for record errors, e.g. {@code mapping acme.M, rule total}
	 */
	public static Compiled compile(JsonNode tree, String where) {
		String kind = tree.path("expr").asText();
		return switch (kind) {
			case "literal" -> literal(tree);
			case "field" -> field(name(tree, "name"));
			case "variable" -> variable(name(tree, "name"));
			case "enum" -> constant(tree.get("value").asText());
			case "navigate" -> navigate(tree, where);
			case "call" -> call(tree, where);
			case "lookup" -> lookup(tree, where);
			case "binary" -> Operators.binary(tree.get("op").asText(), compile(tree.get("left"), where),
					compile(tree.get("right"), where), where);
			case "unary" -> Operators.unary(tree.get("op").asText(), compile(tree.get("operand"), where), where);
			case "if" -> conditional(tree, where);
			case "match" -> match(tree, where);
			case "each" -> each(tree, where);
			case "object" -> object(tree, where);
			case "list" -> list(tree, where);
			default -> throw new IllegalArgumentException(where + ": unknown expression kind '" + kind
					+ "'; the configuration was made by a newer generator or edited by hand");
		};
	}

	/**
	 * A field, variable or lookup name, interned: record keys come interned from Jackson's field names, so the maps'
	 * key comparisons per record end at the identity check.
	 */
	static String name(JsonNode tree, String property) {
		return tree.get(property).asText().intern();
	}

	private static Compiled constant(Object value) {
		return e -> value;
	}

	private static Compiled literal(JsonNode tree) {
		JsonNode value = tree.get("value");
		if (value == null || value.isNull()) {
			return constant(null);
		}
		String type = tree.path("type").path("kind").asText("string");
		Object converted = switch (type) {
			case "integer", "long" -> value.asLong();
			case "decimal" -> new BigDecimal(value.asText());
			case "boolean" -> value.asBoolean();
			case "duration" -> Duration.parse(value.asText());
			default -> value.isBoolean() ? value.asBoolean() : value.asText();
		};
		return constant(converted);
	}

	private static Compiled field(String name) {
		return e -> e.record() == null ? null : e.record().get(name);
	}

	private static Compiled variable(String name) {
		return e -> e.variable(name);
	}

	private static Compiled navigate(JsonNode tree, String where) {
		Compiled receiver = compile(tree.get("receiver"), where);
		String member = name(tree, "member");
		boolean nullSafe = tree.path("nullSafe").asBoolean(false);
		return e -> {
			Object from = receiver.evaluate(e);
			if (from == null) {
				if (nullSafe) {
					return null;
				}
				throw new RecordError(where, "a value is missing, so its '" + member + "' cannot be read; use ?." + member
						+ " where it may be missing", null);
			}
			if (!(from instanceof Map<?, ?> object)) {
				throw new RecordError(where, "'" + member + "' cannot be read from a " + from.getClass().getSimpleName(),
						String.valueOf(from));
			}
			return object.get(member);
		};
	}

	private static Compiled call(JsonNode tree, String where) {
		String name = tree.get("function").asText();
		List<JsonNode> argumentTrees = new ArrayList<>();
		tree.get("arguments").forEach(argumentTrees::add);
		FunctionDeclaration f = StandardLibrary.resolve(name, argumentTrees.size());
		if (f == null) {
			throw new IllegalArgumentException(where + ": the library has no " + name + " taking "
					+ argumentTrees.size() + " arguments; the configuration does not match this engine");
		}
		List<Compiled> arguments = new ArrayList<>();
		for (JsonNode argument : argumentTrees) {
			arguments.add("lambda".equals(argument.path("expr").asText()) ? lambda(argument, where) : compile(argument, where));
		}
		return e -> {
			List<Object> values = new ArrayList<>(arguments.size());
			for (Compiled argument : arguments) {
				Object value = argument.evaluate(e);
				if (value == null && f.nullPropagating()) {
					return null;
				}
				values.add(value);
			}
			try {
				return f.implementation().apply(e, values);
			} catch (IllegalArgumentException | ArithmeticException | DateTimeException | ClassCastException x) {
				throw new RecordError(where, name + "(…) failed: " + x.getMessage(), values.toString());
			}
		};
	}

	/** A lambda argument: compiled to a function of the engine's evaluation, bound per call. */
	private static Compiled lambda(JsonNode tree, String where) {
		String parameter = name(tree, "parameter");
		Compiled body = compile(tree.get("body"), where);
		return e -> (FunctionDeclaration.Lambda) argument -> body.evaluate(e.with(parameter, argument));
	}

	private static Compiled lookup(JsonNode tree, String where) {
		String name = name(tree, "lookup");
		Compiled key = compile(tree.get("key"), where);
		return e -> {
			LookupTable table = e.lookup(name);
			if (table == null) {
				throw new RecordError(where, "lookup " + name + " is not loaded", null);
			}
			Object k = key.evaluate(e);
			return k == null ? table.fallback() : table.get(k);
		};
	}

	private static Compiled conditional(JsonNode tree, String where) {
		Compiled condition = compile(tree.get("condition"), where);
		Compiled then = compile(tree.get("then"), where);
		Compiled otherwise = compile(tree.get("else"), where);
		return e -> Boolean.TRUE.equals(condition.evaluate(e)) ? then.evaluate(e) : otherwise.evaluate(e);
	}

	private static Compiled match(JsonNode tree, String where) {
		Compiled subject = compile(tree.get("subject"), where);
		List<Compiled[]> cases = new ArrayList<>();
		tree.get("cases").forEach(c -> cases.add(new Compiled[] { compile(c.get("value"), where), compile(c.get("result"), where) }));
		Compiled otherwise = tree.has("otherwise") ? compile(tree.get("otherwise"), where) : constant(null);
		return e -> {
			Object value = subject.evaluate(e);
			for (Compiled[] c : cases) {
				if (Operators.same(value, c[0].evaluate(e))) {
					return c[1].evaluate(e);
				}
			}
			return otherwise.evaluate(e);
		};
	}

	private static Compiled each(JsonNode tree, String where) {
		Compiled source = compile(tree.get("source"), where);
		String variable = name(tree, "variable");
		Rules rules = Rules.compile(tree.get("rules"), where + ", each " + variable);
		return e -> {
			Object list = source.evaluate(e);
			if (list == null) {
				return List.of();
			}
			List<Object> out = new ArrayList<>();
			for (Object element : (List<?>) list) {
				out.add(rules.apply(e.with(variable, element)));
			}
			return out;
		};
	}

	private static Compiled object(JsonNode tree, String where) {
		Rules rules = Rules.compile(tree.get("rules"), where);
		return rules::apply;
	}

	private static Compiled list(JsonNode tree, String where) {
		List<Compiled> elements = new ArrayList<>();
		tree.get("elements").forEach(x -> elements.add(compile(x, where)));
		return e -> {
			List<Object> out = new ArrayList<>();
			for (Compiled element : elements) {
				out.add(element.evaluate(e));
			}
			return out;
		};
	}
}
