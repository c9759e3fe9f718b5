package dev.isthmus.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

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
	private final RecordShapes shapes;
	private final Compiled filter;
	private final Compiled select;
	private final List<JsonNode> steps = new ArrayList<>();
	/** What runs a record through {@link #steps}. */
	private final FlowSteps flowSteps;
	private final Map<Integer, Rules> aggregateRules = new HashMap<>();

	/**
	 * @param schemaTexts the generated schema files' text by file name (e.g. {@code acme.revenue.Invoice.schema.json})
	 * @param lookups     the flow's lookup tables, loaded by the caller (inline ones: {@link LookupTable#inline})
	 */
	public FlowEngine(JsonNode config, Function<String, String> schemaTexts, Map<String, LookupTable> lookups,
			Supplier<Instant> clock) {
		this.config = config;
		this.shapes = new RecordShapes(config, schemaTexts);
		ShapeValidator validator = new ShapeValidator(schemaTexts);
		AccountingCalendar calendar = calendar(config.get("calendar"));
		String flow = config.get("flow").asText();
		Map<String, Rules> mappings = new HashMap<>();
		config.get("mappings").fields().forEachRemaining(m -> mappings.put(m.getKey(),
				Rules.compile(m.getValue().get("rules"), "mapping " + m.getKey())));
		JsonNode source = config.get("source");
		this.filter = source.has("filter") ? Expressions.compile(source.get("filter"), "flow " + flow + ", where") : null;
		this.select = source.has("select") ? Expressions.compile(source.get("select"), "flow " + flow + ", select") : null;
		config.get("steps").forEach(steps::add);
		this.flowSteps = new FlowSteps(config, steps, mappings, validator, lookups, clock, calendar, shapes);
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
	 * group, the correlation id it carried, and where it came from as its runner names it ({@code origin}: a file's
	 * line, a webhook request; {@code null} where none was given), so that the group's result can name its records.
	 */
	public record Held(Object record, int step, String correlation, String origin) {

		public Held(Object record, int step, String correlation) {
			this(record, step, correlation, null);
		}

		/** This held record, from {@code origin}. */
		public Held from(String origin) {
			return new Held(record, step, correlation, origin);
		}
	}

	/** Where idempotent steps remember keys; see {@link IdempotencyKeys}. */
	public FlowEngine idempotencyKeys(IdempotencyKeys keys) {
		flowSteps.idempotencyKeys(keys);
		return this;
	}

	/** What answers the flow's {@code enrich … with call} steps; see {@link EndpointCalls}. None by default. */
	public FlowEngine endpointCalls(EndpointCalls calls) {
		flowSteps.endpointCalls(calls);
		return this;
	}

	/** The group {@code held} belongs to. */
	public Group groupOf(Held held) {
		JsonNode step = steps.get(held.step);
		List<Object> values = new ArrayList<>();
		step.get("keys").forEach(
				k -> values.add(flowSteps.expression(k, "aggregate by").evaluate(flowSteps.evaluation(held.record))));
		java.time.Duration window = flowSteps.window(step.get("window"));
		return new Group(held.step, values, windowOf(held.record, window), window);
	}

	/** A held record as JSON, for a journal to keep across restarts; {@link #restore} reads it back. */
	public static JsonNode toJson(Held held) {
		com.fasterxml.jackson.databind.node.ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
		node.put("step", held.step);
		if (held.correlation != null) {
			node.put("correlation", held.correlation);
		}
		if (held.origin != null) {
			node.put("origin", held.origin);
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
		if (held.origin != null) {
			out.writeStringField("origin", held.origin);
		}
		out.writeFieldName("record");
		Values.write(held.record, out);
		out.writeEndObject();
	}

	/** A held record from {@link #toJson}, typed again by the shape the record has at its step. */
	public Held restore(JsonNode json) {
		int step = json.get("step").asInt();
		JsonNode correlation = json.get("correlation");
		JsonNode origin = json.get("origin");
		return new Held(Values.fromJson(json.get("record"), shapes.schemaOf(shapeBefore(step)), shapes.schemas), step,
				correlation == null ? null : correlation.asText(), origin == null ? null : origin.asText());
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
			combined.putAll(rules.apply(flowSteps.evaluation(values)));
			String shape = shapeBefore(first.step);
			String unfit = flowSteps.stored(shape).problem(combined);
			if (unfit != null) {
				// Records held for a window keep the fields they had then: a model changed since (a field renamed)
				// left the group's result a required value short, which went on as null (review 34).
				trace.add(new Trace("aggregate", group.size() + " records combined", combined));
				throw new RecordError("aggregate", "the group's result does not fit " + shape + ": " + unfit + (unfit.contains(" is required, ")
						? " (records held for the window before the model changed keep the fields they had then)" : ""), null);
			}
			trace.add(new Trace("aggregate", group.size() + " records combined", combined));
			flowSteps.run(combined, first.step + 1, journey);
		} catch (RecordError e) {
			if (trace.isEmpty()) {
				trace.add(new Trace("aggregate", group.size() + " records could not be combined", null));
			}
			FlowSteps.markFailed(journey);
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
		JsonNode declared = shapes.schemaOf(recordName);
		List<Trace> trace = new ArrayList<>();
		// Refused where it came in, for every source alike (CSV cells are typed by the same declaration when read):
		// a wrong value let through would reach one target and be refused by another, or fail a rule far away.
		String misfit = DeclaredTypes.misfit(input, shapes.declaration(recordName, declared), shapes.schemas);
		if (misfit != null) {
			String reason = new RecordError("from " + endpoint, "the record does not fit " + recordName + ": " + misfit
					+ "; correct the sender, or the record's declaration if the sender is right", null).getMessage();
			trace.add(new Trace("from " + endpoint, "does not fit " + recordName, null));
			trace.add(new Trace("dead-letter", reason, null));
			return new Outcome(null, List.of(), reason, false, false, trace);
		}
		Object record;
		try {
			record = Values.fromJson(input, declared, shapes.schemas);
		} catch (RecordError e) {
			String reason = new RecordError("from " + endpoint, "the record does not fit " + recordName + ": it "
					+ e.getMessage().substring(e.where().length() + 2) + "; correct the sender", null).getMessage();
			trace.add(new Trace("from " + endpoint, "does not fit " + recordName, null));
			trace.add(new Trace("dead-letter", reason, null));
			return new Outcome(null, List.of(), reason, false, false, trace);
		}
		trace.add(new Trace("from " + endpoint, "received", record));
		Journey journey = new Journey(trace, held);
		try {
			Evaluation at = flowSteps.evaluation(record);
			if (filter != null && !Boolean.TRUE.equals(filter.evaluate(at))) {
				trace.add(new Trace("where", "the filter did not match: filtered out", record));
				return new Outcome(null, List.of(), null, true, false, trace);
			}
			if (select != null) {
				Object selected = select.evaluate(at);
				record = Values.fromJson(Values.toJson(selected), shapes.schemaOf(source.get("shape").asText()),
						shapes.schemas);
				trace.add(new Trace("select", "selected " + source.get("shape").asText(), record));
			}
			flowSteps.run(record, 0, journey);
		} catch (RecordError e) {
			FlowSteps.markFailed(journey);
			journey.deadLetter = e.getMessage();
			trace.add(new Trace("dead-letter", e.getMessage(), null));
		}
		return new Outcome(journey.correlation, journey.deliveries, journey.deadLetter, false, journey.duplicate, trace);
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
