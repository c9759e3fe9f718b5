package dev.isthmus.dsl.typing;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.FUNCTION_CALL__FUNCTION;
import static dev.isthmus.dsl.typing.ExpressionTyper.TYPE_MISMATCH;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.FunctionCall;
import dev.isthmus.dsl.isthmus.Lambda;
import dev.isthmus.dsl.isthmus.Lookup;
import dev.isthmus.dsl.isthmus.StringLiteral;
import dev.isthmus.library.Assignability;
import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.FunctionType;
import dev.isthmus.library.IslType.ListType;
import dev.isthmus.library.IslType.OptionalType;
import dev.isthmus.library.IslType.Scalar;
import dev.isthmus.library.IslType.Variable;
import dev.isthmus.library.StandardLibrary;

/** Calls of library functions (checked against their one declaration) and of the project's lookups. */
public final class Calls {

	public static final String UNKNOWN_FUNCTION = "dev.isthmus.dsl.unknownFunction";
	public static final String WRONG_ARGUMENTS = "dev.isthmus.dsl.wrongArguments";

	private final ExpressionTyper typer;

	Calls(ExpressionTyper typer) {
		this.typer = typer;
	}

	IslType type(FunctionCall call, TypeScope scope, Problems problems) {
		String name = call.getFunction();
		List<Expression> args = call.getArguments();
		List<FunctionDeclaration> declarations = StandardLibrary.named(name);
		if (!declarations.isEmpty()) {
			FunctionDeclaration f = StandardLibrary.resolve(name, args.size());
			if (f == null) {
				problems.error(call, FUNCTION_CALL__FUNCTION, name + " takes " + arities(declarations) + ", not "
						+ args.size() + ": " + String.join(" or ", declarations.stream()
								.map(FunctionDeclaration::signature).toList()), WRONG_ARGUMENTS);
				args.forEach(a -> typer.type(a, scope, null, problems));
				return IslType.ANY;
			}
			checkLiterals(f, args, problems);
			return library(f, call, scope, problems);
		}
		Lookup lookup = scope.project().lookup(name);
		if (lookup != null) {
			return lookup(lookup, call, scope, problems);
		}
		List<String> known = new ArrayList<>(StandardLibrary.names());
		known.addAll(scope.project().lookupNames());
		problems.error(call, FUNCTION_CALL__FUNCTION, "there is no function or lookup '" + name + "'"
				+ Suggestions.didYouMean(name, known), UNKNOWN_FUNCTION, name, Suggestions.closest(name, known));
		args.forEach(a -> typer.type(a, scope, null, problems));
		return IslType.ANY;
	}

	private static String arities(List<FunctionDeclaration> declarations) {
		return String.join(" or ", declarations.stream().map(f -> f.parameters().size() + (f.variadic() ? "+" : "")
				+ (f.parameters().size() == 1 && !f.variadic() ? " argument" : " arguments")).toList());
	}

	private IslType library(FunctionDeclaration f, FunctionCall call, TypeScope scope, Problems problems) {
		Map<String, IslType> bindings = new HashMap<>();
		boolean anyOptional = false;
		List<Expression> args = call.getArguments();
		for (int i = 0; i < args.size(); i++) {
			IslType declared = f.parameterType(i);
			Expression arg = args.get(i);
			if (declared instanceof FunctionType fn && arg instanceof Lambda lambda) {
				IslType parameter = substitute(fn.parameters().get(0), bindings);
				IslType body = typer.type(lambda.getBody(), scope.with(lambda.getParameter(), parameter), null, problems);
				bind(fn.result(), body, bindings, arg, f, problems);
				continue;
			}
			if (declared instanceof FunctionType) {
				problems.error(arg, null, f.name() + " wants a function here, e.g. x -> x.amount: " + f.signature(),
						WRONG_ARGUMENTS);
				continue;
			}
			IslType actual = typer.type(arg, scope, substitute(declared, bindings), problems);
			if (actual.isOptional() && !declared.isOptional() && !(actual instanceof IslType.Null)) {
				anyOptional = true;
				actual = actual.required();
			}
			bind(declared, actual, bindings, arg, f, problems);
		}
		IslType result = substitute(f.result(), bindings);
		return f.nullPropagating() && anyOptional ? result.optional() : result;
	}

	/** Checks that {@code actual} fits {@code declared}, binding its type variables on the way. */
	private void bind(IslType declared, IslType actual, Map<String, IslType> bindings, Expression where,
			FunctionDeclaration f, Problems problems) {
		if (actual instanceof IslType.Any) {
			return;
		}
		if (declared instanceof Variable v) {
			IslType bound = bindings.get(v.name());
			if (bound == null) {
				if (v.numeric() && !(actual.required() instanceof Scalar s && s.isNumeric())) {
					problems.error(where, null, f.name() + " wants a number here, not a " + actual.display() + ": "
							+ f.signature(), WRONG_ARGUMENTS);
					return;
				}
				bindings.put(v.name(), actual.required());
			} else {
				bindings.put(v.name(), Operators.join(bound, actual.required(), where, problems));
			}
			return;
		}
		if (declared instanceof ListType dl && actual.required() instanceof ListType al) {
			bind(dl.element(), al.element(), bindings, where, f, problems);
			return;
		}
		if (declared instanceof OptionalType o) {
			bind(o.value(), actual.required(), bindings, where, f, problems);
			return;
		}
		String problem = Assignability.problem(actual, substitute(declared, bindings));
		if (problem != null) {
			problems.error(where, null, "argument of " + f.name() + ": " + problem + " (" + f.signature() + ")",
					TYPE_MISMATCH);
		}
	}

	private static IslType substitute(IslType type, Map<String, IslType> bindings) {
		return switch (type) {
			case Variable v -> bindings.getOrDefault(v.name(), IslType.ANY);
			case ListType l -> new ListType(substitute(l.element(), bindings));
			case OptionalType o -> substitute(o.value(), bindings).optional();
			default -> type;
		};
	}

	/** A date, timestamp or time zone written as a literal is checked now, not when the first record arrives. */
	private static void checkLiterals(FunctionDeclaration f, List<Expression> args, Problems problems) {
		for (int i = 0; i < args.size(); i++) {
			if (!(args.get(i) instanceof StringLiteral literal) || literal.getValue() == null) {
				continue;
			}
			String text = literal.getValue();
			String parameter = f.parameters().get(Math.min(i, f.parameters().size() - 1)).name();
			try {
				switch (f.name() + "." + parameter) {
					case "date.iso" -> LocalDate.parse(text);
					case "timestamp.iso" -> Instant.parse(text);
					case "toDate.zone" -> ZoneId.of(text);
					default -> {
						continue;
					}
				}
			} catch (DateTimeException e) {
				problems.error(literal, null, "'" + text + "' is not " + switch (parameter) {
					case "zone" -> "a time zone id such as \"Europe/Berlin\"";
					default -> f.name().equals("date") ? "an ISO date such as \"2026-01-31\""
							: "an ISO timestamp such as \"2026-01-31T09:00:00Z\"";
				}, TYPE_MISMATCH);
			}
		}
	}

	private static boolean coversEnum(Lookup lookup, IslType key) {
		if (!(key instanceof IslType.EnumType enumType)) {
			return false;
		}
		List<String> keys = lookup.getEntries().stream().map(e -> e.getKey() instanceof dev.isthmus.dsl.isthmus.NameRef n
				? n.getName() : null).toList();
		return keys.containsAll(enumType.literals());
	}

	private IslType lookup(Lookup lookup, FunctionCall call, TypeScope scope, Problems problems) {
		IslType key = lookup.getKeyType() == null ? IslType.ANY : ShapeTypes.of(lookup.getKeyType(), false);
		IslType value = lookup.getValueType() == null ? IslType.ANY : ShapeTypes.of(lookup.getValueType(), false);
		if (call.getArguments().size() != 1) {
			problems.error(call, FUNCTION_CALL__FUNCTION, "lookup " + lookup.getName() + " takes one key ("
					+ key.display() + "), not " + call.getArguments().size(), WRONG_ARGUMENTS);
			return value;
		}
		IslType actual = typer.type(call.getArguments().get(0), scope, key, problems);
		String problem = Assignability.problem(actual.required(), key);
		if (problem != null) {
			problems.error(call.getArguments().get(0), null, "key of lookup " + lookup.getName() + ": " + problem,
					TYPE_MISMATCH);
		}
		// Without a default, a key that is not in the table gives no value — unless the entries cover every
		// literal of an enum key.
		boolean mayMiss = lookup.getFile() != null || lookup.getDefault() == null && !coversEnum(lookup, key)
				|| actual.isOptional();
		return mayMiss ? value.optional() : value;
	}
}
