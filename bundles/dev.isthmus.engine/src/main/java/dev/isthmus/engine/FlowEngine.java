package dev.isthmus.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.Outcome.Delivery;
import dev.isthmus.engine.Outcome.Trace;
import dev.isthmus.engine.internal.DeclaredTypes;
import dev.isthmus.engine.internal.ShapeValidator;
import dev.isthmus.library.AccountingCalendar;

/**
 * Runs one flow of a connector configuration over records, in memory: source filter and selection, then each step
 * — map, validate, enrich, idempotent, correlate, split, route, deliver, wiretap. A problem with one record becomes
 * that record's dead letter; nothing a record contains can stop the engine. Aggregation windows and ordering are
 * the runner's and simulator's (they need time and a journal); here they pass records through.
 */
public final class FlowEngine {

	private final JsonNode config;
	private final Function<String, String> schemaTexts;
	private final Function<String, JsonNode> schemas;
	private final ShapeValidator validator;
	private final Map<String, Rules> mappings = new HashMap<>();
	private final Map<String, LookupTable> lookups;
	private final Supplier<Instant> clock;
	private final AccountingCalendar calendar;
	private final Compiled filter;
	private final Compiled select;
	private final List<JsonNode> steps = new ArrayList<>();
	/** By identity: the trees are the configuration's own, and a JsonNode's hash walks the whole tree. */
	private final Map<JsonNode, Compiled> compiled = new java.util.IdentityHashMap<>();
	/** Windows and TTLs of the configuration, parsed once. */
	private final Map<JsonNode, java.time.Duration> durations = new java.util.IdentityHashMap<>();
	private IdempotencyKeys keys = IdempotencyKeys.inMemory();
	private final Map<Integer, Rules> aggregateRules = new HashMap<>();

	/**
	 * @param schemaTexts the generated schema files' text by file name (e.g. {@code acme.revenue.Invoice.schema.json})
	 * @param lookups     the flow's lookup tables, loaded by the caller (inline ones: {@link LookupTable#inline})
	 */
	public FlowEngine(JsonNode config, Function<String, String> schemaTexts, Map<String, LookupTable> lookups,
			Supplier<Instant> clock) {
		this.config = config;
		this.schemaTexts = schemaTexts;
		// Parsed once per file: records are typed by these on every read.
		Map<String, JsonNode> parsed = new java.util.concurrent.ConcurrentHashMap<>();
		this.schemas = file -> file == null ? null : parsed.computeIfAbsent(file, f -> parse(schemaTexts.apply(f)));
		this.validator = new ShapeValidator(schemaTexts);
		this.lookups = lookups;
		this.clock = clock;
		this.calendar = calendar(config.get("calendar"));
		String flow = config.get("flow").asText();
		config.get("mappings").fields().forEachRemaining(m -> mappings.put(m.getKey(),
				Rules.compile(m.getValue().get("rules"), "mapping " + m.getKey())));
		JsonNode source = config.get("source");
		this.filter = source.has("filter") ? Expressions.compile(source.get("filter"), "flow " + flow + ", where") : null;
		this.select = source.has("select") ? Expressions.compile(source.get("select"), "flow " + flow + ", select") : null;
		config.get("steps").forEach(steps::add);
	}

	/** Processes one input record, as it arrived at the source endpoint (JSON). Aggregation passes it through. */
	public Outcome process(JsonNode input) {
		return process(input, null);
	}

	/**
	 * Processes a batch: like {@link #process} for each input, except that records reaching an {@code aggregate}
	 * step are held, grouped by the step's keys and window (by the record's first timestamp field), combined by
	 * its rules, and each group goes on as one record. The groups' outcomes follow the inputs' outcomes.
	 */
	public List<Outcome> processAll(List<JsonNode> inputs) {
		List<Held> held = new ArrayList<>();
		List<Outcome> outcomes = new ArrayList<>();
		for (JsonNode input : inputs) {
			outcomes.add(process(input, held));
		}
		Map<List<Object>, List<Held>> groups = new java.util.LinkedHashMap<>();
		for (Held h : held) {
			Group group = groupOf(h);
			List<Object> key = new ArrayList<>(group.keys());
			key.add(0, group.step());
			key.add(group.windowStart());
			groups.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
		}
		for (List<Held> group : groups.values()) {
			outcomes.add(combine(group));
		}
		return outcomes;
	}

	/**
	 * A record parked at an {@code aggregate} step until its window closes: where it waits ({@code step}), in which
	 * group, and the correlation id it carried.
	 */
	public record Held(Object record, int step, String correlation) {
	}

	/** Where idempotent steps remember keys; see {@link IdempotencyKeys}. */
	public FlowEngine idempotencyKeys(IdempotencyKeys keys) {
		this.keys = keys;
		return this;
	}

	/** The group {@code held} belongs to. */
	public Group groupOf(Held held) {
		JsonNode step = steps.get(held.step);
		List<Object> values = new ArrayList<>();
		step.get("keys").forEach(k -> values.add(expression(k, "aggregate by").evaluate(evaluation(held.record))));
		java.time.Duration window = durations.computeIfAbsent(step.get("window"), w -> java.time.Duration.parse(w.asText()));
		return new Group(held.step, values, windowOf(held.record, window), window);
	}

	/** A held record as JSON, for a journal to keep across restarts; {@link #restore} reads it back. */
	public static JsonNode toJson(Held held) {
		com.fasterxml.jackson.databind.node.ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
		node.put("step", held.step);
		if (held.correlation != null) {
			node.put("correlation", held.correlation);
		}
		node.set("record", Values.toJson(held.record));
		return node;
	}

	/** Writes what {@link #toJson(Held)} gives straight to a generator (see {@link Values#write}). */
	public static void write(Held held, com.fasterxml.jackson.core.JsonGenerator out) throws java.io.IOException {
		out.writeStartObject();
		out.writeNumberField("step", held.step);
		if (held.correlation != null) {
			out.writeStringField("correlation", held.correlation);
		}
		out.writeFieldName("record");
		Values.write(held.record, out);
		out.writeEndObject();
	}

	/** A held record from {@link #toJson}, typed again by the shape the record has at its step. */
	public Held restore(JsonNode json) {
		int step = json.get("step").asInt();
		JsonNode correlation = json.get("correlation");
		return new Held(Values.fromJson(json.get("record"), schemaOf(shapeBefore(step)), schemas), step,
				correlation == null ? null : correlation.asText());
	}

	/** The shape of the record when it reaches {@code step}: the last mapping's target, else the source's. */
	private String shapeBefore(int step) {
		for (int i = step - 1; i >= 0; i--) {
			if ("map".equals(steps.get(i).get("step").asText())) {
				return config.path("mappings").path(steps.get(i).get("mapping").asText()).path("target").asText();
			}
		}
		JsonNode source = config.get("source");
		return source.has("shape") ? source.get("shape").asText()
				: config.path("endpoints").path(source.get("endpoint").asText()).path("record").asText();
	}

	/** Combines one closed group of held records by its step's rules; the result goes on from the next step. */
	@SuppressWarnings("unchecked")
	public Outcome combine(List<Held> group) {
		Held first = group.get(0);
		JsonNode step = steps.get(first.step);
		Map<String, Object> values = new GroupValues(group);
		Map<String, Object> combined = new java.util.LinkedHashMap<>((Map<String, Object>) first.record);
		Rules rules = aggregateRules.computeIfAbsent(first.step, i -> Rules.compile(step.get("rules"), "aggregate"));
		List<Trace> trace = new ArrayList<>();
		Journey journey = new Journey(trace, null);
		journey.correlation = first.correlation;
		try {
			// A rule can fail on the group's values (a sum past the largest integer): the group is then a dead
			// letter like a record whose step fails, not an error that stops its flow.
			combined.putAll(rules.apply(new Evaluation(values, lookups, clock, calendar)));
			trace.add(new Trace("aggregate", group.size() + " records combined", combined));
			run(combined, first.step + 1, journey);
		} catch (RecordError e) {
			if (trace.isEmpty()) {
				trace.add(new Trace("aggregate", group.size() + " records could not be combined", null));
			}
			journey.deadLetter = e.getMessage();
			trace.add(new Trace("dead-letter", e.getMessage(), null));
		}
		return new Outcome(journey.correlation, journey.deliveries, journey.deadLetter, false, false, trace);
	}

	/** The start of the window the record's first timestamp falls into; the same for all when it has none. */
	private static Object windowOf(Object record, java.time.Duration window) {
		Instant at = timeOf(record);
		if (at == null) {
			return "";
		}
		long millis = window.toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
	}

	/** The time a record is windowed by: its first timestamp field, or {@code null} when it has none. */
	public static Instant timeOf(Object record) {
		if (record instanceof Map<?, ?> map) {
			for (Object value : map.values()) {
				if (value instanceof Instant at) {
					return at;
				}
			}
		}
		return null;
	}

	/**
	 * Processes one input like {@link #process(JsonNode)}, except that a record reaching an {@code aggregate} step
	 * is added to {@code held} instead of passing through; the caller groups held records with {@link #groupOf}
	 * and hands each closed group to {@link #combine}.
	 */
	public Outcome process(JsonNode input, List<Held> held) {
		JsonNode source = config.get("source");
		String endpoint = source.get("endpoint").asText();
		JsonNode endpointConfig = config.path("endpoints").path(endpoint);
		String recordName = endpointConfig.path("record").asText();
		JsonNode declared = schemaOf(recordName);
		List<Trace> trace = new ArrayList<>();
		// Refused where it came in, for every source alike (CSV cells are typed by the same declaration when read):
		// a wrong value let through would reach one target and be refused by another, or fail a rule far away.
		String misfit = DeclaredTypes.misfit(input, declaration(recordName, declared), schemas);
		if (misfit != null) {
			String reason = new RecordError("from " + endpoint, "the record does not fit " + recordName + ": " + misfit
					+ "; correct the sender, or the record's declaration if the sender is right", null).getMessage();
			trace.add(new Trace("from " + endpoint, "does not fit " + recordName, null));
			trace.add(new Trace("dead-letter", reason, null));
			return new Outcome(null, List.of(), reason, false, false, trace);
		}
		Object record = Values.fromJson(input, declared, schemas);
		trace.add(new Trace("from " + endpoint, "received", record));
		Journey journey = new Journey(trace, held);
		try {
			Evaluation at = evaluation(record);
			if (filter != null && !Boolean.TRUE.equals(filter.evaluate(at))) {
				trace.add(new Trace("where", "the filter did not match: filtered out", record));
				return new Outcome(null, List.of(), null, true, false, trace);
			}
			if (select != null) {
				Object selected = select.evaluate(at);
				record = Values.fromJson(Values.toJson(selected), schemaOf(source.get("shape").asText()), schemas);
				trace.add(new Trace("select", "selected " + source.get("shape").asText(), record));
			}
			run(record, 0, journey);
		} catch (RecordError e) {
			journey.deadLetter = e.getMessage();
			trace.add(new Trace("dead-letter", e.getMessage(), null));
		}
		return new Outcome(journey.correlation, journey.deliveries, journey.deadLetter, false, journey.duplicate, trace);
	}

	private static final class Journey {
		final List<Trace> trace;
		final List<Held> held;
		final List<Delivery> deliveries = new ArrayList<>();
		String correlation;
		String deadLetter;
		boolean duplicate;

		Journey(List<Trace> trace, List<Held> held) {
			this.trace = trace;
			this.held = held;
		}
	}

	private void run(Object record, int from, Journey journey) {
		for (int i = from; i < steps.size(); i++) {
			JsonNode step = steps.get(i);
			String kind = step.get("step").asText();
			switch (kind) {
				case "map" -> {
					String mapping = step.get("mapping").asText();
					record = map(mapping, record);
					journey.trace.add(new Trace("map " + mapping, "mapped", record));
				}
				case "validate" -> {
					String shape = step.path("shape").asText();
					String file = config.path("shapes").path(shape).asText(null);
					if (file != null) {
						String problem = validator.problem(file.substring(file.indexOf('/') + 1), Values.toJson(record)).orElse(null);
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
				case "enrich" -> {
					if (step.has("value") && record instanceof Map<?, ?> map) {
						@SuppressWarnings("unchecked")
						Map<String, Object> enriched = new java.util.LinkedHashMap<>((Map<String, Object>) map);
						enriched.put(step.get("field").asText(), expression(step.get("value"), "enrich").evaluate(evaluation(record)));
						record = enriched;
						journey.trace.add(new Trace("enrich", step.get("field").asText(), record));
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
			journey.deliveries.add(new Delivery(target.get("endpoint").asText(), out));
			journey.trace.add(new Trace(why + " -> " + target.get("endpoint").asText(),
					target.has("mapping") ? "via " + target.get("mapping").asText() : "as is", out));
		}
	}

	private Object map(String mapping, Object record) {
		Rules rules = mappings.get(mapping);
		if (rules == null) {
			throw new RecordError("map " + mapping, "the configuration has no such mapping", null);
		}
		return rules.apply(evaluation(record));
	}

	private Compiled expression(JsonNode tree, String where) {
		return compiled.computeIfAbsent(tree, t -> Expressions.compile(t, "flow " + config.get("flow").asText() + ", " + where));
	}

	@SuppressWarnings("unchecked")
	private Evaluation evaluation(Object record) {
		return new Evaluation(record instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), lookups, clock, calendar);
	}

	/** Each record's declaration, read from its schema once. */
	private final Map<String, DeclaredTypes.Declaration> declarations = new java.util.concurrent.ConcurrentHashMap<>();

	private DeclaredTypes.Declaration declaration(String recordName, JsonNode schema) {
		DeclaredTypes.Declaration d = declarations.get(recordName);
		if (d == null && schema != null) {
			d = DeclaredTypes.declaration(schema, schemas);
			declarations.put(recordName, d);
		}
		return d;
	}

	private JsonNode schemaOf(String shape) {
		String file = config.path("shapes").path(shape).asText(null);
		return file == null ? null : schemas.apply(file.substring(file.indexOf('/') + 1));
	}

	private static JsonNode parse(String text) {
		try {
			return text == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IllegalArgumentException("a generated schema is not JSON: " + e.getOriginalMessage(), e);
		}
	}

	private static AccountingCalendar calendar(JsonNode node) {
		if (node == null || node.isNull()) {
			return AccountingCalendar.DEFAULT;
		}
		return new AccountingCalendar(java.time.ZoneId.of(node.get("zone").asText()),
				AccountingCalendar.PeriodLength.valueOf(node.get("periods").asText().toUpperCase(java.util.Locale.ROOT)),
				java.time.Duration.parse(node.get("closesAfter").asText()));
	}

}
