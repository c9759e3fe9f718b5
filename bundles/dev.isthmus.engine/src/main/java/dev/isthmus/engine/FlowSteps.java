package dev.isthmus.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Outcome.Delivery;
import dev.isthmus.engine.Outcome.Trace;
import dev.isthmus.engine.internal.ShapeValidator;
import dev.isthmus.engine.internal.StoredValues;
import dev.isthmus.library.AccountingCalendar;

/**
 * A flow's steps as {@link FlowEngine} runs a record through them — map, validate, enrich, idempotent, correlate,
 * ordered, split, route, deliver, wiretap, aggregate — each noted in the record's {@link Journey}. The expressions, windows
 * and TTLs the steps hold are compiled and parsed once.
 */
final class FlowSteps {

	private final JsonNode config;
	private final List<JsonNode> steps;
	private final Map<String, Rules> mappings;
	private final ShapeValidator validator;
	private final Map<String, LookupTable> lookups;
	private final Supplier<Instant> clock;
	private final AccountingCalendar calendar;
	/** By identity: the trees are the configuration's own, and a JsonNode's hash walks the whole tree. */
	private final Map<JsonNode, Compiled> compiled = new java.util.IdentityHashMap<>();
	/** Windows and TTLs of the configuration, parsed once. */
	private final Map<JsonNode, java.time.Duration> durations = new java.util.IdentityHashMap<>();
	private IdempotencyKeys keys = IdempotencyKeys.inMemory();
	private EndpointCalls calls = EndpointCalls.NONE;
	/** The answers of calls are typed by their endpoint's record, as records coming in are. */
	private final RecordShapes shapes;
	private final Map<String, StoredValues> stored = new java.util.concurrent.ConcurrentHashMap<>();

	FlowSteps(JsonNode config, List<JsonNode> steps, Map<String, Rules> mappings, ShapeValidator validator,
			Map<String, LookupTable> lookups, Supplier<Instant> clock, AccountingCalendar calendar, RecordShapes shapes) {
		this.config = config;
		this.shapes = shapes;
		this.steps = steps;
		this.mappings = mappings;
		this.validator = validator;
		this.lookups = lookups;
		this.clock = clock;
		this.calendar = calendar;
	}

	/** Where idempotent steps remember keys; see {@link IdempotencyKeys}. */
	void idempotencyKeys(IdempotencyKeys keys) {
		this.keys = keys;
	}

	/** What answers {@code enrich … with call} steps; see {@link EndpointCalls}. */
	void endpointCalls(EndpointCalls calls) {
		this.calls = calls;
	}

	/**
	 * Marks in the trace the step a record failed in ({@link Journey#at}, the innermost after a split): the runner names a
	 * dead letter's step by the trace's entry before the dead letter, which was the step before the failing one — a
	 * record that broke its model at {@code validate} was said to have failed at {@code map} (review 28). Delivering
	 * steps and route name their own target; a failure before the steps (the source's fit, a filter) names its own.
	 */
	static void markFailed(Journey journey) {
		String kind = journey.at == null ? "" : journey.at.get("step").asText();
		if (kind.isEmpty() || kind.equals("deliver") || kind.equals("wiretap") || kind.equals("route")) {
			return;
		}
		String label = switch (kind) {
			case "map" -> "map " + journey.at.path("mapping").asText();
			case "validate" -> "validate " + journey.at.path("shape").asText();
			case "enrich" -> "enrich " + journey.at.path("field").asText();
			default -> kind;
		};
		journey.trace.add(new Trace(label, "failed", null));
	}

	/** Runs {@code record} through the steps from {@code from} on. */
	void run(Object record, int from, Journey journey) {
		for (int i = from; i < steps.size(); i++) {
			JsonNode step = steps.get(i);
			journey.at = step;
			String kind = step.get("step").asText();
			switch (kind) {
				case "map" -> {
					String mapping = step.get("mapping").asText();
					record = map(mapping, record);
					String target = config.path("mappings").path(mapping).path("target").asText();
					String unfit = stored(target).problem(record);
					if (unfit != null) {
						throw new RecordError("map " + mapping, "the mapped record does not fit " + target + ": " + unfit, null);
					}
					journey.trace.add(new Trace("map " + mapping, "mapped", record));
				}
				case "validate" -> {
					String shape = step.path("shape").asText();
					String file = config.path("shapes").path(shape).asText(null);
					if (file != null) {
						String problem = validator.problem(file.substring(file.indexOf('/') + 1), Values.toJson(record)).orElse(null);
						if (problem == null) {
							problem = stored(shape).problem(record);
						}
						if (problem != null) {
							throw new RecordError("validate " + shape, "the record breaks its model: " + problem, null);
						}
					}
					journey.trace.add(new Trace("validate", "valid " + shape, record));
				}
				case "idempotent" -> {
					Object key = expression(step.get("key"), "idempotent on").evaluate(evaluation(record));
					if (!keys.firstSeen(key, durations.computeIfAbsent(step.path("ttl"), t -> java.time.Duration.parse(t.asText("PT0S"))))) {
						journey.duplicate = true;
						journey.trace.add(new Trace("idempotent", "duplicate of key " + key + ": skipped", record));
						return;
					}
					journey.trace.add(new Trace("idempotent", "first seen: key " + key, record));
				}
				case "correlate" -> {
					Object id = expression(step.get("key"), "correlate by").evaluate(evaluation(record));
					journey.correlation = id == null ? null : String.valueOf(id);
					journey.trace.add(new Trace("correlate", "correlation id " + id, record));
				}
				case "ordered" -> {
					Object key = expression(step.get("key"), "ordered by").evaluate(evaluation(record));
					String text = key == null ? null : key instanceof Instant instant ? Values.text(instant) : String.valueOf(key);
					// Records without a value are ordered among themselves, apart from any value (the text "null" too).
					journey.orderKey = text == null ? "null" : "=" + text;
					journey.trace.add(new Trace("ordered", text == null ? "no order key (null): in order with the flow's other records without one"
							: "order key " + (text.isEmpty() ? "\"\" (empty text)" : text), record));
				}
				case "enrich" -> {
					if (record instanceof Map<?, ?> map) {
						@SuppressWarnings("unchecked")
						Map<String, Object> enriched = new java.util.LinkedHashMap<>((Map<String, Object>) map);
						String field = step.get("field").asText();
						if (step.has("call")) {
							@SuppressWarnings("unchecked")
							Map<String, Object> asked = (Map<String, Object>) map;
							EndpointCalls.Answer answer;
							try {
								answer = calls.call(step.get("call").asText(), asked, journey.correlation);
							} catch (RecordError e) {
								throw e.within("enrich " + field);
							}
							enriched.put(field, answered(step, answer));
							record = enriched;
							journey.trace.add(new Trace("enrich", field + " from " + answer.how(), record));
						} else {
							enriched.put(field, expression(step.get("value"), "enrich").evaluate(evaluation(record)));
							record = enriched;
							journey.trace.add(new Trace("enrich", field, record));
						}
					}
				}
				case "split" -> {
					Object list = expression(step.get("collection"), "split").evaluate(evaluation(record));
					journey.trace.add(new Trace("split", "into " + (list instanceof List<?> l ? l.size() : 0) + " records", record));
					if (list instanceof List<?> elements) {
						for (Object element : elements) {
							run(element, i + 1, journey);
						}
					}
					return;
				}
				case "route" -> {
					route(step, record, journey);
					return;
				}
				case "deliver", "wiretap" -> deliver(step.get("targets"), record, journey, kind);
				case "aggregate" -> {
					if (journey.held != null) {
						journey.held.add(new Held(record, i, journey.correlation));
						journey.trace.add(new Trace("aggregate", "held for its window", record));
						return;
					}
					journey.trace.add(new Trace("aggregate", "passed through (no batch)", record));
				}
				default -> journey.trace.add(new Trace(kind, "passed through (the runner and simulator handle it)", record));
			}
		}
	}

	private void route(JsonNode step, Object record, Journey journey) {
		int index = 0;
		for (JsonNode branch : step.get("branches")) {
			boolean takes = branch.path("otherwise").asBoolean(false)
					|| Boolean.TRUE.equals(expression(branch.get("when"), "route, branch " + (index + 1)).evaluate(evaluation(record)));
			if (takes) {
				journey.trace.add(new Trace("route", branch.has("when") ? "branch " + (index + 1) + " matched" : "otherwise", record));
				deliver(branch.get("targets"), record, journey, "route");
				return;
			}
			index++;
		}
		throw new RecordError("route", "no branch took the record and the route has no otherwise", null);
	}

	private void deliver(JsonNode targets, Object record, Journey journey, String why) {
		for (JsonNode target : targets) {
			Object delivered = target.has("mapping") ? map(target.get("mapping").asText(), record) : record;
			@SuppressWarnings("unchecked")
			Map<String, Object> out = delivered instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("value", delivered);
			String endpoint = target.get("endpoint").asText();
			// Looked for here, after the target's mapping, not where the record was read: a record the flow filters,
			// or whose half character is in a field no target gets, goes on; one a mapping cut in two is caught.
			String half = HalfCharacters.in(out);
			if (half != null) {
				journey.trace.add(new Trace(why + " -> " + endpoint, "holds half of a character: not delivered", out));
				throw new RecordError(why + " -> " + endpoint, half + "; the record was not delivered (" + endpoint
						+ " would have had a ? in its place): if a mapping made the value (from a text literal holding half of one,"
						+ " such as \"\\uDE00\"), write the whole character there and replay the dead letter;"
						+ " if the record came with it, have its sender write the whole character, or leave it out, and send it again", null);
			}
			journey.deliveries.add(new Delivery(endpoint, out, journey.orderKey));
			journey.trace.add(new Trace(why + " -> " + endpoint, target.has("mapping") ? "via " + target.get("mapping").asText() : "as is", out));
		}
	}

	/**
	 * A call's answer as the field's value: typed by the endpoint's record, as a record coming in from it would be
	 * (undeclared fields dropped, a misfit refused); {@code null} for "no such record" where the field may be missing.
	 */
	private Object answered(JsonNode step, EndpointCalls.Answer answer) {
		String endpoint = step.get("call").asText();
		String where = "enrich " + step.get("field").asText();
		if (answer.json() == null || answer.json().isNull()) {
			if (step.path("optional").asBoolean(false)) {
				return null;
			}
			throw new RecordError(where, endpoint + " has no record for this one (" + answer.how() + "), and "
					+ step.get("field").asText() + " is required; make it optional (?) to go on without it, or replay the dead letter"
					+ " once " + endpoint + " has the record", null);
		}
		String recordName = config.path("endpoints").path(endpoint).path("record").asText();
		JsonNode declared = shapes.schemaOf(recordName);
		String misfit = dev.isthmus.engine.internal.DeclaredTypes.misfit(answer.json(), shapes.declaration(recordName, declared),
				shapes.schemas);
		if (misfit != null) {
			calls.unfit(endpoint, answer);
			throw new RecordError(where, endpoint + " answered a record that does not fit " + recordName + ": " + misfit + " ("
					+ answer.how() + "); correct " + recordName + "'s declaration if the endpoint is right, then replay the dead letter", null);
		}
		try {
			return Values.fromJson(answer.json(), declared, shapes.schemas);
		} catch (RecordError e) {
			calls.unfit(endpoint, answer);
			throw new RecordError(where, endpoint + " answered a record that does not fit " + recordName + ": it "
					+ e.getMessage().substring(e.where().length() + 2) + " (" + answer.how() + ")", null);
		}
	}

	private Object map(String mapping, Object record) {
		Rules rules = mappings.get(mapping);
		if (rules == null) {
			throw new RecordError("map " + mapping, "the configuration has no such mapping", null);
		}
		return rules.apply(evaluation(record));
	}

	/** What a record of {@code shape} the engine makes must hold (see {@link StoredValues}), read once. */
	StoredValues stored(String shape) {
		return stored.computeIfAbsent(shape, s -> StoredValues.of(shapes.schemaOf(s), shapes.schemas));
	}

	/** An {@code aggregate} step's window, parsed once. */
	java.time.Duration window(JsonNode window) {
		return durations.computeIfAbsent(window, w -> java.time.Duration.parse(w.asText()));
	}

	Compiled expression(JsonNode tree, String where) {
		return compiled.computeIfAbsent(tree, t -> Expressions.compile(t, "flow " + config.get("flow").asText() + ", " + where));
	}

	/** What expressions are evaluated against for {@code record}: its fields, when it has any. */
	@SuppressWarnings("unchecked")
	Evaluation evaluation(Object record) {
		return new Evaluation(record instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), lookups, clock, calendar);
	}
}
