package dev.isthmus.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.engine.Compiled;
import dev.isthmus.engine.CsvRows;
import dev.isthmus.engine.Evaluation;
import dev.isthmus.engine.Expressions;
import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.LookupFiles;
import dev.isthmus.engine.LookupTable;
import dev.isthmus.engine.Outcome;
import dev.isthmus.engine.RecordError;
import dev.isthmus.engine.Rules;
import dev.isthmus.engine.SampleText;
import dev.isthmus.engine.Values;
import dev.isthmus.library.AccountingCalendar;

/**
 * Runs one functional test through the engine on the generated configurations — the same engine the runner and
 * the simulator use — and says which expectation failed, with expected and actual values and the records' trace.
 */
final class TestRun {

	private static final ObjectMapper JSON = new ObjectMapper();
	/**
	 * Samples are read as the runner reads its inputs: an object naming a field twice is refused, not read last-wins
	 * (the runner makes it a dead letter, so a test passing on it would pass on data the runner does not take).
	 */
	private static final ObjectMapper SAMPLES = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
			.enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

	/** The result of one test: failures empty when it passed. */
	record Result(String name, String file, List<String> failures, List<String> trace, double seconds) {
		boolean passed() {
			return failures.isEmpty();
		}
	}

	private final Map<String, String> files;
	private final Path root;

	TestRun(Map<String, String> generated, Path projectRoot) {
		this.files = generated;
		this.root = projectRoot;
	}

	Result run(JsonNode plan) {
		long start = System.nanoTime();
		List<String> failures = new ArrayList<>();
		List<String> trace = new ArrayList<>();
		try {
			Instant now = plan.has("at") ? (Instant) Expressions.compile(plan.get("at"), "test clock")
					.evaluate(new Evaluation(Map.of(), Map.of(), Instant::now, AccountingCalendar.DEFAULT)) : Instant.now();
			java.util.Set<String> called = called(plan);
			// A mapping test dead-letters nothing (validate refuses 'expect dead-lettered' there): a bad line fails it.
			List<String> unreadable = "flow".equals(plan.get("kind").asText()) ? new ArrayList<>() : null;
			List<String> places = new ArrayList<>();
			List<JsonNode> inputs = inputs(plan, given -> !called.contains(given.path("endpoint").asText()), unreadable, places);
			Map<String, java.util.Deque<JsonNode>> answers = answers(plan, called);
			Observed observed = "flow".equals(plan.get("kind").asText()) ? flow(plan, inputs, places, answers, now) : mapping(plan, inputs, now);
			// A sample's line or row that is no record is a dead letter of its own, as the runner's file source makes it
			// (review 38: the whole test could not run, so 'expect dead-lettered' could not test bad input).
			for (String reason : unreadable == null ? List.<String>of() : unreadable) {
				observed.outcomes().add(new Outcome(null, List.of(), reason, false, false, List.of(new Outcome.Trace("read", reason, null))));
			}
			// An answer no call took is a test that does not test what it says (a given for another record, one too many).
			answers.forEach((endpoint, left) -> {
				if (!left.isEmpty()) {
					failures.add(left.size() + (left.size() == 1 ? " answer" : " answers") + " given for " + endpoint + " " + (left.size() == 1
							? "was" : "were") + " not asked for: the flow called it " + asked(observed, endpoint) + " times; remove the extra given, or give"
							+ " the records that call it");
				}
			});
			observed.outcomes.forEach(o -> o.trace().forEach(t -> trace.add(t.step() + ": " + t.detail()
					+ (t.record() == null ? "" : " " + t.record()))));
			for (JsonNode expectation : plan.get("expectations")) {
				String failure = check(expectation, observed, now);
				if (failure != null) {
					failures.add("line " + expectation.get("line").asInt() + ": expect " + expectation.get("text").asText()
							.replaceFirst("^expect\\s+", "") + " — " + failure);
				}
			}
		} catch (IOException | RuntimeException e) {
			failures.add("could not run: " + e.getMessage());
		}
		return new Result(plan.get("name").asText(), plan.path("file").asText(), failures, trace,
				(System.nanoTime() - start) / 1e9);
	}

	/** What a test can look at: every outcome, and the last record of each shape by its simple name. */
	private record Observed(List<Outcome> outcomes, Map<String, Object> byShape, Map<String, LookupTable> lookups) {
	}

	/** The endpoints a flow test's flow calls ({@code enrich … with call}): a given naming one is the call's answer. */
	private java.util.Set<String> called(JsonNode plan) throws IOException {
		java.util.Set<String> called = new java.util.HashSet<>();
		if ("flow".equals(plan.get("kind").asText())) {
			for (JsonNode step : JSON.readTree(files.get("flows/" + plan.get("subject").asText() + ".json")).path("steps")) {
				if (step.has("call")) {
					called.add(step.get("call").asText());
				}
			}
		}
		return called;
	}

	/** How many times the outcomes' traces show a call to {@code endpoint} answered by the test. */
	private static long asked(Observed observed, String endpoint) {
		return observed.outcomes().stream().flatMap(o -> o.trace().stream())
				.filter(t -> t.step().startsWith("enrich") && t.detail().contains("given " + endpoint)).count();
	}

	/** The answers the test gives to each endpoint its flow calls, in the order the calls take them. */
	private Map<String, java.util.Deque<JsonNode>> answers(JsonNode plan, java.util.Set<String> called) throws IOException {
		Map<String, java.util.Deque<JsonNode>> answers = new HashMap<>();
		for (String endpoint : called) {
			answers.put(endpoint, new java.util.ArrayDeque<>(inputs(plan, given -> endpoint.equals(given.path("endpoint").asText()), null,
					new ArrayList<>())));
		}
		return answers;
	}

	/**
	 * A test's calls answered by its givens: each given (or each element of a list, or line of a sample) naming the
	 * endpoint answers one call, in turn; {@code null} says the endpoint has no such record (as an HTTP 404).
	 */
	private static dev.isthmus.engine.EndpointCalls calls(Map<String, java.util.Deque<JsonNode>> answers) {
		Map<String, Integer> asked = new HashMap<>();
		return (endpoint, record, correlation) -> {
			int n = asked.merge(endpoint, 1, Integer::sum);
			JsonNode answer = answers.getOrDefault(endpoint, new java.util.ArrayDeque<>()).poll();
			if (answer == null) {
				throw new RecordError("call " + endpoint, "the test gives " + (n == 1 ? "no answer" : "answers for " + (n - 1) + " calls, and this"
						+ " is call " + n) + "; add a given " + endpoint + " { … } for each call (given " + endpoint + " null: no such record)", null);
			}
			return new dev.isthmus.engine.EndpointCalls.Answer(answer.isNull() ? null : answer, "the test's given " + endpoint
					+ (answer.isNull() ? " (null: no such record)" : ""));
		};
	}

	private Observed flow(JsonNode plan, List<JsonNode> inputs, List<String> places, Map<String, java.util.Deque<JsonNode>> answers,
			Instant now) throws IOException {
		JsonNode config = JSON.readTree(files.get("flows/" + plan.get("subject").asText() + ".json"));
		Map<String, LookupTable> lookups = LookupFiles.load(config, root);
		FlowEngine engine = new FlowEngine(config, file -> files.get("schemas/" + file), lookups, () -> now).endpointCalls(calls(answers));
		List<Outcome> outcomes = new ArrayList<>(engine.processAll(inputs));
		// A record that does not fit its declaration names its file and line, as the runner's dead letter does.
		for (int i = 0; i < inputs.size(); i++) {
			Outcome o = outcomes.get(i);
			if (o.deadLetter() != null && places.get(i) != null && o.deadLetterStep().startsWith("from ")) {
				outcomes.set(i, new Outcome(o.correlationId(), o.deliveries(), places.get(i) + ": " + o.deadLetter(), o.filtered(), o.duplicate(),
						o.trace()));
			}
		}
		Map<String, Object> byShape = new HashMap<>();
		// An aggregate's group is what the flow goes on with: its result names the shape, not the first record held
		// for it (review 34: 'expect DailySales.orders == 2' saw the first order's 1). Among groups, the first.
		java.util.Set<String> byGroup = new java.util.HashSet<>();
		for (Outcome outcome : outcomes) {
			// A record's last value of each shape: an enrich step changes the record, not its shape.
			Map<String, Object> last = new java.util.LinkedHashMap<>();
			String current = null;
			for (Outcome.Trace step : outcome.trace()) {
				String shape = shapeOf(step.step(), config);
				if (shape == null && step.step().equals("enrich")) {
					shape = current;
				}
				if (shape == null && step.step().equals("aggregate") && step.detail().endsWith(" combined")) {
					shape = shapeAtAggregate(config);
				}
				if (shape != null && step.record() != null) {
					last.put(simple(shape), step.record());
					current = step.step().contains(" -> ") ? current : shape;
				}
			}
			boolean group = !outcome.trace().isEmpty() && outcome.trace().get(0).step().equals("aggregate");
			last.forEach((shape, record) -> {
				if (group ? byGroup.add(shape) : !byShape.containsKey(shape)) {
					byShape.put(shape, record);
				}
			});
		}
		return new Observed(outcomes, byShape, lookups);
	}

	/** The shape records have at the flow's aggregate step: the last mapping's target before it, else the source's. */
	private static String shapeAtAggregate(JsonNode config) {
		String shape = config.at("/source/shape").asText(null);
		if (shape == null) {
			shape = config.path("endpoints").path(config.at("/source/endpoint").asText()).path("record").asText(null);
		}
		for (JsonNode step : config.get("steps")) {
			if (step.path("step").asText().equals("aggregate")) {
				break;
			}
			if (step.path("step").asText().equals("map")) {
				shape = config.at("/mappings").path(step.path("mapping").asText()).path("target").asText(shape);
			}
		}
		return shape;
	}

	private static String shapeOf(String step, JsonNode config) {
		if (step.startsWith("map ")) {
			return config.at("/mappings").path(step.substring(4)).path("target").asText(null);
		}
		if (step.startsWith("from ")) {
			return config.path("endpoints").path(step.substring(5)).path("record").asText(null);
		}
		if (step.equals("select")) {
			return config.at("/source/shape").asText(null);
		}
		int arrow = step.indexOf(" -> ");
		return arrow < 0 ? null : config.path("endpoints").path(step.substring(arrow + 4)).path("record").asText(null);
	}

	private Observed mapping(JsonNode plan, List<JsonNode> inputs, Instant now) throws IOException {
		String name = plan.get("subject").asText();
		JsonNode config = plan.get("configuration");
		JsonNode mapping = config.get("mappings").get(name);
		Map<String, LookupTable> lookups = LookupFiles.load(config, root);
		String sourceSchema = config.path("shapes").path(mapping.get("source").asText()).asText();
		JsonNode schema = JSON.readTree(files.get(sourceSchema));
		Rules rules = Rules.compile(mapping.get("rules"), "mapping " + name);
		List<Outcome> outcomes = new ArrayList<>();
		Map<String, Object> byShape = new HashMap<>();
		for (JsonNode input : inputs) {
			Object record = Values.fromJson(input, schema, file -> parse(files.get("schemas/" + file)));
			List<Outcome.Trace> trace = new ArrayList<>();
			trace.add(new Outcome.Trace("given", "input", record));
			try {
				@SuppressWarnings("unchecked")
				Map<String, Object> out = rules.apply(new Evaluation((Map<String, Object>) record, lookups, () -> now,
						AccountingCalendar.DEFAULT));
				trace.add(new Outcome.Trace("map " + name, "mapped", out));
				byShape.putIfAbsent(simple(mapping.get("source").asText()), record);
				byShape.putIfAbsent(simple(mapping.get("target").asText()), out);
				outcomes.add(new Outcome(null, List.of(), null, false, false, trace));
			} catch (RecordError e) {
				outcomes.add(new Outcome(null, List.of(), e.getMessage(), false, false, trace));
			}
		}
		return new Observed(outcomes, byShape, lookups);
	}

	private static String check(JsonNode expectation, Observed observed, Instant now) {
		List<Outcome.Delivery> deliveries = observed.outcomes.stream().flatMap(o -> o.deliveries().stream()).toList();
		List<String> deadLetters = observed.outcomes.stream().map(Outcome::deadLetter).filter(d -> d != null).toList();
		switch (expectation.get("expect").asText()) {
			case "routed" -> {
				String endpoint = expectation.get("endpoint").asText();
				return deliveries.stream().anyMatch(d -> d.endpoint().equals(endpoint)) ? null
						: "delivered to " + deliveries.stream().map(Outcome.Delivery::endpoint).distinct().toList()
								+ (deadLetters.isEmpty() ? "" : ", dead-lettered: " + deadLetters);
			}
			case "outputs" -> {
				int expected = expectation.get("count").asInt();
				return deliveries.size() == expected ? null : "expected " + expected + " outputs, got " + deliveries.size();
			}
			case "deadLettered" -> {
				String reason = expectation.path("reason").asText("");
				return deadLetters.stream().anyMatch(d -> d.contains(reason)) ? null
						: "expected a dead letter" + (reason.isEmpty() ? "" : " mentioning \"" + reason + "\"") + ", got "
								+ (deadLetters.isEmpty() ? "none" : deadLetters);
			}
			default -> {
				JsonNode condition = expectation.get("condition");
				Evaluation evaluation = new Evaluation(observed.byShape, observed.lookups, () -> now, AccountingCalendar.DEFAULT);
				try {
					if (Boolean.TRUE.equals(Expressions.compile(condition, "expectation").evaluate(evaluation))) {
						return null;
					}
					if ("binary".equals(condition.path("expr").asText())) {
						Compiled left = Expressions.compile(condition.get("left"), "expectation");
						Compiled right = Expressions.compile(condition.get("right"), "expectation");
						return "expected " + right.evaluate(evaluation) + ", actual " + left.evaluate(evaluation);
					}
					return "the condition is false";
				} catch (RecordError e) {
					return e.getMessage();
				}
			}
		}
	}

	/**
	 * The records of the givens {@code which} takes, in order. An NDJSON line or a CSV row that is no record goes to
	 * {@code unreadable} as the reason the runner's dead letter gives, naming file and line; with {@code null} (the
	 * answers to calls) it fails the test. A JSON file that does not parse fails it, as the runner moves such a file to
	 * failed/.
	 */
	/** The givens' records, each with where it was read in {@code places} (a sample file's line; {@code null} for inline JSON). */
	private List<JsonNode> inputs(JsonNode plan, java.util.function.Predicate<JsonNode> which, List<String> unreadable, List<String> places)
			throws IOException {
		List<JsonNode> inputs = new ArrayList<>();
		for (JsonNode given : plan.get("givens")) {
			if (!which.test(given)) {
				continue;
			}
			if (given.has("json")) {
				add(given.get("json"), inputs, places, null);
				continue;
			}
			Path file = root.resolve(given.get("file").asText());
			String name = file.getFileName().toString();
			// In the given's endpoint's encoding (the plan's "encoding"), as the runner reads that endpoint's files.
			String text = SampleText.read(file, given.get("file").asText(), given.path("encoding").asText(null));
			if (name.endsWith(".ndjson")) {
				String[] lines = text.split("\r?\n|\r");
				for (int i = 0; i < lines.length; i++) {
					if (lines[i].isBlank()) {
						continue;
					}
					try {
						inputs.add(sample(lines[i], given.get("file").asText() + ": line " + (i + 1)));
						places.add(given.get("file").asText() + ":" + (i + 1));
					} catch (IOException e) {
						if (unreadable == null) {
							throw e;
						}
						unreadable.add(e.getMessage());
					}
				}
			} else if (name.endsWith(".csv")) {
				csv(text, given.get("file").asText(), shapeOf(plan, given), inputs, places, unreadable);
			} else {
				add(sample(text, given.get("file").asText()), inputs, places, given.get("file").asText());
			}
		}
		return inputs;
	}

	/**
	 * A CSV sample's rows, typed by the record's shape and read as the runner's file source reads them (a quoted value
	 * over several lines; {@code ""} the empty string in a text column, an empty cell no value). A row that is no
	 * record of the shape is {@code unreadable}, naming file and line, as the runner dead-letters it (with
	 * {@code null}, it fails the test); a header that does not fit the shape fails the test.
	 */
	private static void csv(String text, String name, JsonNode shape, List<JsonNode> inputs, List<String> places, List<String> unreadable)
			throws IOException {
		try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.StringReader(text))) {
			for (CsvRows.Line line : new CsvRows(shape).rows(reader, 1_000_000, true)) {
				if (line.record() == null) {
					if (unreadable == null) {
						throw new IOException(name + ":" + line.line() + ": " + line.problem());
					}
					unreadable.add(name + ":" + line.line() + ": " + line.problem());
					continue;
				}
				inputs.add(line.record());
				places.add(name + ":" + line.line());
			}
		} catch (CsvRows.BadHeader e) {
			throw new IOException(name + ":" + e.getMessage(), e);
		}
	}

	/** The JSON Schema of the records a given feeds: its endpoint's (a flow's source by default), or the mapping's source. */
	private JsonNode shapeOf(JsonNode plan, JsonNode given) throws IOException {
		JsonNode config;
		String record;
		if ("flow".equals(plan.get("kind").asText())) {
			config = JSON.readTree(files.get("flows/" + plan.get("subject").asText() + ".json"));
			String endpoint = given.path("endpoint").asText(config.path("source").path("endpoint").asText());
			record = config.path("endpoints").path(endpoint).path("record").asText(null);
		} else {
			config = plan.get("configuration");
			record = config.get("mappings").get(plan.get("subject").asText()).path("source").asText(null);
		}
		String schema = record == null ? null : config.path("shapes").path(record).asText(null);
		return schema == null || files.get(schema) == null ? null : JSON.readTree(files.get(schema));
	}

	/** A sample's JSON, or what is wrong with it and where ({@code where}: the file, and the line of an NDJSON one). */
	private static JsonNode sample(String text, String where) throws IOException {
		try {
			return SAMPLES.readTree(text);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
			String message = String.valueOf(e.getOriginalMessage());
			throw new IOException(where + (at == null || at.getColumnNr() < 1 ? "" : (where.contains(": line ") ? ", column " : ": line "
					+ at.getLineNr() + ", column ") + at.getColumnNr()) + ": " + (message.startsWith("Duplicate field ")
							? "the " + message.substring("Duplicate ".length()) + " is named twice in one object; the runner refuses such a"
									+ " record (a dead letter), so name each field once"
							: message), e);
		}
	}

	/** A JSON given's record, or its array's records; a file's elements are placed as the runner's are (file:element). */
	private static void add(JsonNode value, List<JsonNode> inputs, List<String> places, String file) {
		if (value.isArray()) {
			for (int i = 0; i < value.size(); i++) {
				inputs.add(value.get(i));
				places.add(file == null ? null : file + ":" + (i + 1));
			}
		} else {
			inputs.add(value);
			places.add(file);
		}
	}

	private static JsonNode parse(String text) {
		try {
			return text == null ? null : JSON.readTree(text);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String simple(String qualified) {
		return qualified.substring(qualified.lastIndexOf('.') + 1);
	}
}
