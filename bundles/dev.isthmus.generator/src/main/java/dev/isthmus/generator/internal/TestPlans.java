package dev.isthmus.generator.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.isthmus.CountExpectation;
import dev.isthmus.dsl.isthmus.DeadLetterExpectation;
import dev.isthmus.dsl.isthmus.Expectation;
import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.Given;
import dev.isthmus.dsl.isthmus.JsonArray;
import dev.isthmus.dsl.isthmus.JsonObject;
import dev.isthmus.dsl.isthmus.JsonScalar;
import dev.isthmus.dsl.isthmus.JsonValue;
import dev.isthmus.dsl.isthmus.RoutedExpectation;
import dev.isthmus.dsl.isthmus.TestCase;
import dev.isthmus.dsl.isthmus.ValueExpectation;
import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.Problems;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.dsl.typing.TypeScope;
import dev.isthmus.library.IslType;

/**
 * A functional test as the engine runs it: its subject, clock, inputs and expectations, with conditions as typed
 * expression trees (models and records are named by type: {@code Invoice.total}).
 */
public final class TestPlans {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private final ProjectIndex project;

	public TestPlans(ProjectIndex project) {
		this.project = project;
	}

	public ObjectNode of(TestCase test) {
		Map<Expression, IslType> types = new IdentityHashMap<>();
		ExpressionTyper typer = ExpressionTyper.recording(types::put);
		Set<String> lookups = new TreeSet<>();
		ExpressionTrees trees = new ExpressionTrees(types, project, lookups);
		ObjectNode plan = JSON.objectNode();
		plan.put("name", test.getName());
		plan.put("subject", ProjectIndex.qualifiedName(test.getSubject()));
		plan.put("kind", test.getSubject() instanceof Flow ? "flow" : "mapping");
		if (test.getSubject() instanceof dev.isthmus.dsl.isthmus.Mapping mapping) {
			plan.set("configuration", new FlowConfigurations(project).ofMapping(mapping, "1.0"));
		}
		if (test.getNow() != null) {
			typer.type(test.getNow(), TypeScope.of(null, project), IslType.TIMESTAMP, Problems.NONE);
			plan.set("at", trees.of(test.getNow(), Set.of()));
		}
		ArrayNode givens = plan.putArray("givens");
		for (Given given : test.getGivens()) {
			ObjectNode node = givens.addObject();
			if (given.getEndpoint() != null) {
				node.put("endpoint", ProjectIndex.qualifiedName(given.getEndpoint()));
			}
			if (given.getFile() != null) {
				node.put("file", given.getFile());
				String encoding = EndpointTrees.encodingOf(givenEndpoint(test, given));
				if (encoding != null) {
					node.put("encoding", encoding);
				}
			} else {
				node.set("json", json(given.getJson()));
			}
		}
		ArrayNode expectations = plan.putArray("expectations");
		for (Expectation expectation : test.getExpectations()) {
			ObjectNode node = expectations.addObject();
			node.put("text", org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
					org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(expectation)));
			node.put("line", org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(expectation).getStartLine());
			switch (expectation) {
				case RoutedExpectation r -> node.put("expect", "routed").put("endpoint", ProjectIndex.qualifiedName(r.getEndpoint()));
				case CountExpectation c -> node.put("expect", "outputs").put("count", Integer.parseInt(c.getCount()));
				case DeadLetterExpectation d -> {
					node.put("expect", "deadLettered");
					if (d.getReason() != null) {
						node.put("reason", d.getReason());
					}
				}
				case ValueExpectation v -> {
					typer.type(v.getCondition(), TypeScope.ofTest(project), IslType.BOOLEAN, Problems.NONE);
					node.put("expect", "condition");
					node.set("condition", trees.of(v.getCondition(), Set.of()));
				}
				default -> {
				}
			}
		}
		return plan;
	}

	/** The endpoint a given's records arrive on: the one it names, else the subject flow's source. */
	private static dev.isthmus.dsl.isthmus.Endpoint givenEndpoint(TestCase test, Given given) {
		if (given.getEndpoint() != null) {
			return given.getEndpoint();
		}
		return test.getSubject() instanceof Flow flow && flow.getSource() != null ? flow.getSource().getEndpoint() : null;
	}

	private static JsonNode json(JsonValue value) {
		return switch (value) {
			case JsonObject o -> {
				ObjectNode node = JSON.objectNode();
				o.getMembers().forEach(m -> node.set(m.getKey(), json(m.getValue())));
				yield node;
			}
			case JsonArray a -> {
				ArrayNode node = JSON.arrayNode();
				a.getElements().forEach(e -> node.add(json(e)));
				yield node;
			}
			case JsonScalar s -> scalar(s);
			default -> JSON.nullNode();
		};
	}

	/** A scalar's text as written: a string (already unquoted), a number, true, false or null. */
	private static JsonNode scalar(JsonScalar s) {
		String text = s.getValue();
		String written = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
				org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(s)).strip();
		if (written.startsWith("\"")) {
			return JSON.textNode(text);
		}
		return switch (written) {
			case "true" -> JSON.booleanNode(true);
			case "false" -> JSON.booleanNode(false);
			case "null" -> JSON.nullNode();
			default -> written.contains(".") ? JSON.numberNode(new java.math.BigDecimal(written))
					: JSON.numberNode(new java.math.BigInteger(written));
		};
	}
}
