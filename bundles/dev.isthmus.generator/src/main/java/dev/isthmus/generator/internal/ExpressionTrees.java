package dev.isthmus.generator.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.isthmus.Binary;
import dev.isthmus.dsl.isthmus.BooleanLiteral;
import dev.isthmus.dsl.isthmus.Conditional;
import dev.isthmus.dsl.isthmus.DecimalLiteral;
import dev.isthmus.dsl.isthmus.DurationLiteral;
import dev.isthmus.dsl.isthmus.Each;
import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.FunctionCall;
import dev.isthmus.dsl.isthmus.IntegerLiteral;
import dev.isthmus.dsl.isthmus.Lambda;
import dev.isthmus.dsl.isthmus.ListConstruction;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.Match;
import dev.isthmus.dsl.isthmus.MatchCase;
import dev.isthmus.dsl.isthmus.NameRef;
import dev.isthmus.dsl.isthmus.Navigation;
import dev.isthmus.dsl.isthmus.NullLiteral;
import dev.isthmus.dsl.isthmus.ObjectConstruction;
import dev.isthmus.dsl.isthmus.StringLiteral;
import dev.isthmus.dsl.isthmus.Unary;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.library.Durations;
import dev.isthmus.library.IslType;
import dev.isthmus.library.StandardLibrary;

/**
 * Typed expression trees: every node names what it is ({@code "expr"}) and carries the type the checker inferred,
 * so the engine compiles them without re-typing. Names are resolved here: a variable, a field of the current
 * record, or an enum literal.
 */
final class ExpressionTrees {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private final Map<Expression, IslType> types;
	private final ProjectIndex project;
	private final Set<String> lookupsUsed;

	/**
	 * @param types       what the recording typer inferred for each expression
	 * @param lookupsUsed collects the lookups the expressions call, for the configuration's lookup section
	 */
	ExpressionTrees(Map<Expression, IslType> types, ProjectIndex project, Set<String> lookupsUsed) {
		this.types = types;
		this.project = project;
		this.lookupsUsed = lookupsUsed;
	}

	ObjectNode of(Expression e, Set<String> variables) {
		ObjectNode node = JSON.objectNode();
		switch (e) {
			case StringLiteral s -> literal(node, s.getValue());
			case IntegerLiteral i -> node.put("expr", "literal").put("value", i.getValue());
			case DecimalLiteral d -> node.put("expr", "literal").put("value", d.getValue());
			case BooleanLiteral b -> node.put("expr", "literal").put("value", b.isValue());
			case NullLiteral n -> node.put("expr", "literal").putNull("value");
			case DurationLiteral d -> literal(node, Durations.parse(d.getValue()).toString());
			case NameRef ref -> name(node, ref, variables);
			case Navigation nav -> {
				node.put("expr", "navigate").put("member", nav.getMember()).put("nullSafe", nav.isNullSafe());
				node.set("receiver", of(nav.getReceiver(), variables));
			}
			case FunctionCall call -> call(node, call, variables);
			case Binary b -> {
				node.put("expr", "binary").put("op", b.getOp());
				node.set("left", of(b.getLeft(), variables));
				node.set("right", of(b.getRight(), variables));
			}
			case Unary u -> {
				node.put("expr", "unary").put("op", u.getOp());
				node.set("operand", of(u.getOperand(), variables));
			}
			case Conditional c -> {
				node.put("expr", "if");
				node.set("condition", of(c.getCondition(), variables));
				node.set("then", of(c.getThen(), variables));
				node.set("else", of(c.getElse(), variables));
			}
			case Match m -> {
				node.put("expr", "match");
				node.set("subject", of(m.getSubject(), variables));
				ArrayNode cases = node.putArray("cases");
				for (MatchCase c : m.getCases()) {
					ObjectNode entry = cases.addObject();
					entry.set("value", of(c.getValue(), variables));
					entry.set("result", of(c.getResult(), variables));
				}
				if (m.getOtherwise() != null) {
					node.set("otherwise", of(m.getOtherwise(), variables));
				}
			}
			case Each each -> {
				node.put("expr", "each").put("variable", each.getVariable());
				node.set("source", of(each.getSource(), variables));
				node.set("rules", rules(each.getRules(), with(variables, each.getVariable())));
			}
			case ObjectConstruction o -> {
				node.put("expr", "object");
				node.set("rules", rules(o.getRules(), variables));
			}
			case ListConstruction l -> {
				node.put("expr", "list");
				ArrayNode elements = node.putArray("elements");
				l.getElements().forEach(x -> elements.add(of(x, variables)));
			}
			case Lambda lambda -> {
				node.put("expr", "lambda").put("parameter", lambda.getParameter());
				node.set("body", of(lambda.getBody(), with(variables, lambda.getParameter())));
			}
			default -> throw new IllegalStateException("no tree for " + e.eClass().getName());
		}
		IslType type = types.get(e);
		if (type != null && !(e instanceof Lambda)) {
			node.set("type", TypeTrees.of(type));
		}
		return node;
	}

	/** Mapping rules: {@code {"target": …, "value": …}}, {@code "append": true}, or nested {@code "rules"}. */
	ArrayNode rules(Iterable<MappingRule> rules, Set<String> variables) {
		ArrayNode array = JSON.arrayNode();
		for (MappingRule rule : rules) {
			ObjectNode node = array.addObject();
			node.put("target", rule.getTarget());
			if (rule.getValue() == null) {
				node.set("rules", rules(rule.getRules(), variables));
			} else {
				if (rule.isAppend()) {
					node.put("append", true);
				}
				node.set("value", of(rule.getValue(), variables));
			}
		}
		return array;
	}

	private static void literal(ObjectNode node, String value) {
		node.put("expr", "literal").put("value", value);
	}

	private void name(ObjectNode node, NameRef ref, Set<String> variables) {
		IslType type = types.get(ref);
		if (variables.contains(ref.getName())) {
			node.put("expr", "variable").put("name", ref.getName());
		} else if (type != null && type.required() instanceof IslType.EnumType e && e.literals().contains(ref.getName())
				&& !project.enumsWithLiteral(ref.getName()).isEmpty()) {
			node.put("expr", "enum").put("value", ref.getName());
		} else {
			node.put("expr", "field").put("name", ref.getName());
		}
	}

	private void call(ObjectNode node, FunctionCall call, Set<String> variables) {
		ArrayNode arguments = JSON.arrayNode();
		call.getArguments().forEach(a -> arguments.add(of(a, variables)));
		if (StandardLibrary.named(call.getFunction()).isEmpty() && project.lookup(call.getFunction()) != null) {
			lookupsUsed.add(call.getFunction());
			node.put("expr", "lookup").put("lookup", call.getFunction());
			node.set("key", arguments.get(0));
			return;
		}
		node.put("expr", "call").put("function", call.getFunction());
		node.set("arguments", arguments);
	}

	private static Set<String> with(Set<String> variables, String name) {
		Set<String> more = new HashSet<>(variables);
		if (name != null) {
			more.add(name);
		}
		return more;
	}
}
