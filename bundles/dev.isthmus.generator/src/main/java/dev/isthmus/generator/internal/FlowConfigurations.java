package dev.isthmus.generator.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.emf.ecore.EObject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.isthmus.*;
import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.FlowTypes;
import dev.isthmus.dsl.typing.Problems;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.dsl.typing.TypeScope;
import dev.isthmus.library.Durations;
import dev.isthmus.library.IslType;

/**
 * One connector configuration per flow: everything the engine, runner and simulator need to run it without the
 * sources — the source and steps with typed expression trees, the targets with their policies, and the endpoints,
 * mappings, lookups, calendar and shape schemas the flow uses. Secrets appear only as environment references.
 */
public final class FlowConfigurations {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private final ProjectIndex project;

	public FlowConfigurations(ProjectIndex project) {
		this.project = project;
	}

	public ObjectNode of(Flow flow, String format) {
		Map<Expression, IslType> types = new IdentityHashMap<>();
		ExpressionTyper typer = ExpressionTyper.recording(types::put);
		Set<String> lookups = new TreeSet<>();
		ExpressionTrees trees = new ExpressionTrees(types, project, lookups);
		Map<String, Endpoint> endpoints = new TreeMap<>();
		Map<String, Mapping> mappings = new TreeMap<>();
		Set<String> shapes = new TreeSet<>();

		ObjectNode config = JSON.objectNode();
		config.put("format", format);
		config.put("flow", ProjectIndex.qualifiedName(flow));
		Source source = flow.getSource();
		IslType received = source.getEndpoint().getRecord() == null ? IslType.ANY : ShapeTypes.of(source.getEndpoint().getRecord());
		ObjectNode from = config.putObject("source");
		from.put("endpoint", name(source.getEndpoint(), endpoints));
		TypeScope sourceScope = TypeScope.of(received, project);
		if (source.getFilter() != null) {
			typer.type(source.getFilter(), sourceScope, IslType.BOOLEAN, Problems.NONE);
			from.set("filter", trees.of(source.getFilter(), Set.of()));
		}
		if (source.getSelection() != null) {
			typer.type(source.getSelection(), sourceScope, null, Problems.NONE);
			from.set("select", trees.of(source.getSelection(), Set.of()));
		}
		IslType current = FlowTypes.ofSource(source);
		from.put("shape", shape(current, shapes));

		ArrayNode steps = config.putArray("steps");
		ObjectNode policies = config.putObject("policies");
		for (Step step : flow.getSteps()) {
			TypeScope scope = TypeScope.of(current, project);
			switch (step) {
				case Policy p -> policy(p, policies, endpoints);
				default -> steps.add(step(step, scope, typer, trees, endpoints, mappings, shapes));
			}
			current = FlowTypes.after(step, current, typer, project);
		}

		ObjectNode endpointSection = config.putObject("endpoints");
		endpoints.forEach((name, endpoint) -> {
			endpointSection.set(name, EndpointTrees.of(endpoint));
			if (endpoint.getRecord() != null) {
				shapes.add(ProjectIndex.qualifiedName(endpoint.getRecord()));
			}
		});
		ObjectNode mappingSection = config.putObject("mappings");
		mappings.forEach((name, mapping) -> {
			types.clear();
			typer.rules().check(mapping.getRules(), ShapeTypes.of(mapping.getTarget()),
					TypeScope.of(ShapeTypes.of(mapping.getSource()), project), mapping, Problems.NONE);
			ObjectNode node = mappingSection.putObject(name);
			node.put("source", ProjectIndex.qualifiedName(mapping.getSource()));
			node.put("target", ProjectIndex.qualifiedName(mapping.getTarget()));
			node.set("rules", trees.rules(mapping.getRules(), Set.of()));
			shapes.add(ProjectIndex.qualifiedName(mapping.getSource()));
			shapes.add(ProjectIndex.qualifiedName(mapping.getTarget()));
		});
		ObjectNode lookupSection = config.putObject("lookups");
		for (String name : lookups) {
			lookupSection.set(name, lookup(project.lookup(name), trees));
		}
		if (!project.calendars().isEmpty()) {
			Calendar calendar = project.calendars().get(0);
			ObjectNode node = config.putObject("calendar");
			node.put("zone", calendar.getZone());
			node.put("periods", calendar.getPeriods().getLiteral());
			node.put("closesAfter", calendar.getCloseAfter() == null ? "PT0S" : Durations.parse(calendar.getCloseAfter()).toString());
		}
		ObjectNode shapeSection = config.putObject("shapes");
		shapes.stream().filter(s -> !s.contains("#")).forEach(s -> shapeSection.put(s, "schemas/" + s + ".schema.json"));
		return config;
	}

	/**
	 * The configuration a test of one mapping runs on: the mapping with its lookups, calendar and shapes, in the
	 * sections and form of a flow's configuration.
	 */
	public ObjectNode ofMapping(Mapping mapping, String format) {
		Map<Expression, IslType> types = new IdentityHashMap<>();
		ExpressionTyper typer = ExpressionTyper.recording(types::put);
		Set<String> lookups = new TreeSet<>();
		ExpressionTrees trees = new ExpressionTrees(types, project, lookups);
		typer.rules().check(mapping.getRules(), ShapeTypes.of(mapping.getTarget()),
				TypeScope.of(ShapeTypes.of(mapping.getSource()), project), mapping, Problems.NONE);
		ObjectNode config = JSON.objectNode();
		config.put("format", format);
		String name = ProjectIndex.qualifiedName(mapping);
		ObjectNode node = config.putObject("mappings").putObject(name);
		node.put("source", ProjectIndex.qualifiedName(mapping.getSource()));
		node.put("target", ProjectIndex.qualifiedName(mapping.getTarget()));
		node.set("rules", trees.rules(mapping.getRules(), Set.of()));
		ObjectNode lookupSection = config.putObject("lookups");
		for (String lookup : lookups) {
			lookupSection.set(lookup, lookup(project.lookup(lookup), trees));
		}
		ObjectNode shapes = config.putObject("shapes");
		for (Shape shape : java.util.List.of(mapping.getSource(), mapping.getTarget())) {
			String shapeName = ProjectIndex.qualifiedName(shape);
			shapes.put(shapeName, "schemas/" + shapeName + ".schema.json");
		}
		return config;
	}

	private ObjectNode step(Step step, TypeScope scope, ExpressionTyper typer, ExpressionTrees trees,
			Map<String, Endpoint> endpoints, Map<String, Mapping> mappings, Set<String> shapes) {
		ObjectNode node = JSON.objectNode();
		switch (step) {
			case MapStep m -> {
				node.put("step", "map").put("mapping", name(m.getMapping(), mappings));
			}
			case ValidateStep v -> {
				node.put("step", "validate");
				if (scope.root() != null) {
					node.put("shape", shape(scope.root(), shapes));
				}
			}
			case IdempotentStep s -> {
				node.put("step", "idempotent").put("ttl", Durations.parse(s.getTtl()).toString());
				node.set("key", typed(s.getKey(), scope, typer, trees));
			}
			case CorrelateStep s -> node.put("step", "correlate").set("key", typed(s.getKey(), scope, typer, trees));
			case OrderedStep s -> node.put("step", "ordered").set("key", typed(s.getKey(), scope, typer, trees));
			case SplitStep s -> node.put("step", "split").set("collection", typed(s.getCollection(), scope, typer, trees));
			case EnrichStep s -> {
				node.put("step", "enrich").put("field", s.getField());
				if (s.getValue() != null) {
					node.set("value", typed(s.getValue(), scope, typer, trees));
				} else {
					node.put("call", name(s.getEndpoint(), endpoints));
					// The endpoint having no such record (HTTP 404) leaves an optional field null; a required one is a dead letter.
					if (scope.root() != null && scope.root().required() instanceof IslType.ObjectType object
							&& object.members().member(s.getField()) != null && object.members().member(s.getField()).isOptional()) {
						node.put("optional", true);
					}
				}
			}
			case AggregateStep s -> {
				node.put("step", "aggregate").put("window", Durations.parse(s.getWindow()).toString());
				ArrayNode keys = node.putArray("keys");
				s.getKeys().forEach(k -> keys.add(typed(k, scope, typer, trees)));
				node.set("rules", trees.rules(s.getRules(), Set.of()));
			}
			case RouteStep r -> {
				node.put("step", "route");
				ArrayNode branches = node.putArray("branches");
				for (Branch branch : r.getBranches()) {
					ObjectNode b = branches.addObject();
					if (branch instanceof RouteBranch when) {
						b.set("when", typed(when.getCondition(), scope, typer, trees));
					} else {
						b.put("otherwise", true);
					}
					b.set("targets", targets(branch.getTargets(), endpoints, mappings));
				}
			}
			case DeliverStep d -> node.put("step", "deliver").set("targets", targets(d.getTargets(), endpoints, mappings));
			case WiretapStep w -> node.put("step", "wiretap").set("targets", targets(java.util.List.of(w.getTarget()), endpoints, mappings));
			default -> node.put("step", step.eClass().getName());
		}
		return node;
	}

	private ObjectNode typed(Expression e, TypeScope scope, ExpressionTyper typer, ExpressionTrees trees) {
		typer.type(e, scope, null, Problems.NONE);
		return trees.of(e, Set.of());
	}

	private ArrayNode targets(Iterable<Target> targets, Map<String, Endpoint> endpoints, Map<String, Mapping> mappings) {
		ArrayNode array = JSON.arrayNode();
		for (Target target : targets) {
			ObjectNode node = array.addObject();
			node.put("endpoint", name(target.getEndpoint(), endpoints));
			if (target.getMapping() != null) {
				node.put("mapping", name(target.getMapping(), mappings));
			}
			ObjectNode policies = node.putObject("policies");
			target.getPolicies().forEach(p -> policy(p, policies, endpoints));
		}
		return array;
	}

	private void policy(Policy policy, ObjectNode policies, Map<String, Endpoint> endpoints) {
		switch (policy) {
			case RetryPolicy r -> {
				ObjectNode retry = policies.putObject("retry");
				retry.put("times", Integer.parseInt(r.getTimes()));
				retry.put("backoff", r.getInitial() == null && r.getBackoff() == Backoff.FIXED ? "fixed" : r.getBackoff().getLiteral());
				if (r.getInitial() != null) {
					retry.put("initial", Durations.parse(r.getInitial()).toString());
					retry.put("maximum", Durations.parse(r.getMaximum()).toString());
				}
			}
			case TimeoutPolicy t -> policies.put("timeout", Durations.parse(t.getDuration()).toString());
			case RatePolicy r -> policies.putObject("rate").put("count", Integer.parseInt(r.getCount()))
					.put("per", Durations.parse(r.getWindow()).toString());
			case DeadLetterPolicy d -> {
				ObjectNode deadLetter = policies.putObject("deadLetter");
				if (d.getEndpoint() != null) {
					deadLetter.put("endpoint", name(d.getEndpoint(), endpoints));
				}
			}
			default -> {
			}
		}
	}

	private ObjectNode lookup(Lookup lookup, ExpressionTrees trees) {
		ObjectNode node = JSON.objectNode();
		node.set("key", TypeTrees.of(ShapeTypes.of(lookup.getKeyType(), false)));
		node.set("value", TypeTrees.of(ShapeTypes.of(lookup.getValueType(), false)));
		if (lookup.getFile() != null) {
			node.put("file", lookup.getFile());
			node.put("keyColumn", lookup.getKeyColumn());
			node.put("valueColumn", lookup.getValueColumn());
			return node;
		}
		ArrayNode entries = node.putArray("entries");
		for (LookupEntry entry : lookup.getEntries()) {
			entries.addArray().add(constant(entry.getKey())).add(constant(entry.getValue()));
		}
		if (lookup.getDefault() != null) {
			node.put("default", constant(lookup.getDefault()));
		}
		return node;
	}

	/** A lookup's keys and values are literals or enum literals: written as their text. */
	private static String constant(Expression e) {
		return switch (e) {
			case StringLiteral s -> s.getValue();
			case IntegerLiteral i -> i.getValue();
			case DecimalLiteral d -> d.getValue();
			case BooleanLiteral b -> Boolean.toString(b.isValue());
			case NameRef n -> n.getName();
			default -> org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
					org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(e));
		};
	}

	private static <T extends EObject> String name(T element, Map<String, T> collected) {
		String name = ProjectIndex.qualifiedName(element);
		collected.put(name, element);
		return name;
	}

	private static String shape(IslType type, Set<String> shapes) {
		if (type.required() instanceof IslType.ObjectType o && o.members().origin() instanceof EObject origin) {
			String name = TypeTrees.shapeName(origin);
			shapes.add(name);
			return name;
		}
		return "any";
	}
}
