package dev.isthmus.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.Trails;

/** {@code isthmus trace <correlation-id>}: a record's journey through the runner, step by step. */
public final class TraceCommand implements Command {

	@Override
	public String name() {
		return "trace";
	}

	@Override
	public String summary() {
		return "Print the runner's audit trail of a record by correlation id";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus trace <correlation-id> [--root <dir> | --journal <jdbc-url>]

				Prints every trace the runner kept for the correlation id: the flow, where the record came from,
				and each step with its decision and the record after it (decimals exactly as they were). Under each
				delivery (deliver, wiretap, route -> <endpoint>): how it ended, delivered (with the attempts that
				failed before, if any), waiting in the outbox (attempts, next try) or a dead letter (id, reason).
				Records that share a correlation id each show their own deliveries; a record run again ('isthmus dlq
				replay --rerun') is a run of its own, and its first run's dead letter says it was not sent again. A record held for an
				aggregate names its group and says whether its window has closed and how the group's result ended; a
				group's result names where its records came from (the first 100). A dead letter its flow sends into
				an endpoint ('dead-letter into') ends the trace with how that copy's delivery ended. The
				correlation id is the flow's 'correlate by' value, or <flow>@<origin> for flows without one (<flow>@group:<step>:[<keys>]:<window start> for a group); logs and dead letters show it.
				Exit codes: 0 found, 1 not found, 2 wrong usage.
				""";
	}

	/**
	 * Reads a trace as the runner wrote it: a decimal exactly ({@code 10.50}, not the double {@code 10.5}), and prints
	 * it back in plain digits (the runner's JsonText.RECORDS settings).
	 */
	private static final ObjectMapper JSON = new ObjectMapper(new com.fasterxml.jackson.core.JsonFactoryBuilder()
			.enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build())
			.enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

	/**
	 * The deliveries of the step's record to {@code endpoint}: those with the idempotency key the step names, else
	 * (traces written before steps named keys, and traces whose correlation id is the record's own) all of the
	 * correlation id's to the endpoint. A dead letter whose outbox row has gone (replayed and delivered since) has no
	 * key left; it is the step's when it holds the step's record.
	 */
	private static List<Trails.Delivery> deliveriesOf(JsonNode step, JsonNode record, String endpoint,
			List<Trails.Delivery> deliveries) {
		String key = step.path("key").asText(null);
		List<Trails.Delivery> mine = new java.util.ArrayList<>();
		for (Trails.Delivery d : deliveries) {
			if (d.endpoint().equals(endpoint) && (key == null || key.equals(d.key())
					|| d.key() == null && d.deadLetter() != null && record != null && record.equals(parse(d.record())))) {
				mine.add(d);
			}
		}
		return mine;
	}

	private static JsonNode parse(String text) {
		try {
			return text == null ? null : JSON.readTree(text);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			return null;
		}
	}

	/**
	 * How the delivery ended, or where it stands; the trace says only that it was queued. A reason is a target's
	 * answer too: printed {@link DeadLetters#printable}, the failed attempts a line each.
	 */
	private static String outcome(List<Trails.Delivery> deliveries) {
		List<String> said = new java.util.ArrayList<>();
		boolean delivered = false;
		for (Trails.Delivery d : deliveries) {
			if (d.state().equals("DELIVERED") && d.attempts() == 0) {
				delivered = true;
				said.add("delivered at " + d.nextAt());
			} else if (d.state().equals("DELIVERED")) {
				delivered = true;
				said.add("delivered at " + d.nextAt() + " after " + d.attempts() + (d.attempts() == 1 ? " failed attempt:" : " failed attempts:")
						+ "\n           " + String.join("\n           ", d.reason().lines().map(DeadLetters::printable).toList()));
			} else if (d.deadLetter() == null) {
				said.add("waiting in the outbox: " + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts") + " so far"
						+ (d.reason() == null ? "" : ", the last failed: " + printable(d.reason())) + "; next at " + d.nextAt());
			} else if (d.state().equals("RERUN")) {
				said.add("dead letter " + d.deadLetter() + " (" + printable(d.reason()) + "), rerun: not sent again, the record went through the flow"
						+ " again (a later run below, once the runner has taken it)");
			} else if (d.state().equals("DEAD")) {
				said.add("dead letter " + d.deadLetter() + ": " + printable(d.reason()) + " ('isthmus dlq show " + d.deadLetter() + "')");
			} else {
				said.add("dead letter " + d.deadLetter() + " (" + printable(d.reason()) + "), " + d.state().toLowerCase(java.util.Locale.ROOT));
			}
		}
		boolean waiting = deliveries.stream().anyMatch(d -> d.deadLetter() == null && !d.state().equals("DELIVERED") || d.state().equals("DEAD"));
		boolean rerun = deliveries.stream().anyMatch(d -> d.state().equals("RERUN"));
		boolean discardedOnly = !deliveries.isEmpty() && deliveries.stream().allMatch(d -> d.state().equals("DISCARDED"));
		if (!waiting && !delivered && !rerun && !discardedOnly) {
			// Delivered rows leave the outbox; a replayed dead letter's delivery went back into it, and has left it too.
			// A discarded letter's delivery was never sent (review 39: "discarded; delivered").
			said.add("delivered");
		} else if (discardedOnly) {
			said.add("not delivered");
		}
		return "=> " + String.join("; ", said);
	}


	/**
	 * Which of the traces each dead-lettered delivery is of, by letter id: the last run before the letter was written
	 * whose delivery steps it matches. A record run again (a rerun of its delivery, a record sharing the correlation
	 * id) has deliveries under the same key to the same endpoint, and only its own run may show its dead letter.
	 */
	private static java.util.Map<Long, Integer> runs(List<String[]> traces, List<JsonNode> steps, List<Trails.Delivery> deliveries) {
		java.util.Map<Long, Integer> runs = new java.util.HashMap<>();
		for (Trails.Delivery d : deliveries) {
			if (d.deadLetter() == null || d.nextAt() == null) {
				continue;
			}
			int first = -1, last = -1;
			for (int i = 0; i < traces.size(); i++) {
				if (delivers(steps.get(i), d)) {
					first = first < 0 ? i : first;
					last = java.time.Instant.parse(traces.get(i)[2]).isAfter(d.nextAt()) ? last : i;
				}
			}
			runs.put(d.deadLetter(), last >= 0 ? last : first);
		}
		return runs;
	}

	/** Whether one of a trace's delivery steps is the delivery's (see {@link #deliveriesOf}). */
	private static boolean delivers(JsonNode steps, Trails.Delivery d) {
		JsonNode record = null;
		for (JsonNode step : steps) {
			record = step.has("record") ? step.get("record") : record;
			String name = step.path("step").asText();
			int arrow = name.indexOf(" -> ");
			if (arrow > 0 && !deliveriesOf(step, record, name.substring(arrow + 4), List.of(d)).isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Where a record held for an aggregate went: its group, and that group's result if its window has closed (the
	 * result's trace names the group as its origin). Traces written before steps named their group say how the group's
	 * trace is named instead.
	 */
	private static String held(Trails journal, String flow, String at, String group, boolean ownIds) throws SQLException {
		if (group == null) {
			return "=> held for its window; when the window closes, its group's result is traced "
					+ (ownIds ? "as '" + printable(flow) + "@group:<step>:[<key values>]:<window start>' (<step>: the"
							+ " aggregate's number among the flow's steps, from 0; the key values as the record shows them)"
							: "under the correlation id of the group's first record (this flow correlates by a field)");
		}
		if (!ownIds) {
			// The group's result takes the correlation id its first record had, which this record's trace cannot tell.
			return "=> held for " + printable(group) + "; when its window closes, the result is traced under the correlation id of"
					+ " the group's first record (this flow correlates by a field)";
		}
		String result = flow + "@" + group;
		List<String[]> closed = journal.traces(result);
		if (closed.isEmpty()) {
			return "=> held for " + printable(group) + ": its window has not closed yet (the result will be traced as '"
					+ printable(result) + "')";
		}
		// A group of late records (same keys and window) is a result of its own, closed after the first: the record's is
		// the first closed since it was held.
		int mine = -1;
		for (int i = 0; i < closed.size() && mine < 0; i++) {
			if (!java.time.Instant.parse(closed.get(i)[2]).isBefore(java.time.Instant.parse(at))) {
				mine = i;
			}
		}
		if (mine < 0) {
			return "=> held for " + printable(group) + ": its window has not closed since (the group closed before, " + closed.get(0)[2]
					+ ", and this record came late: its result will be traced as '" + printable(result) + "' too)";
		}
		List<Trails.Delivery> deliveries = journal.deliveries(result);
		List<String> ended = new java.util.ArrayList<>();
		try {
			// The results' dead letters, each the run's it is of (review 24: the first result, delivered, was shown
			// as the late one's dead letter, under the same correlation id).
			List<JsonNode> steps = new java.util.ArrayList<>();
			for (String[] c : closed) {
				steps.add(JSON.readTree(c[3]));
			}
			java.util.Map<Long, Integer> runs = runs(closed, steps, deliveries);
			int run = mine;
			List<Trails.Delivery> ofRun = deliveries.stream()
					.filter(d -> d.deadLetter() == null || runs.getOrDefault(d.deadLetter(), run) == run).toList();
			JsonNode record = null;
			for (JsonNode step : steps.get(mine)) {
				String name = step.path("step").asText();
				record = step.has("record") ? step.get("record") : record;
				int arrow = name.indexOf(" -> ");
				if (name.equals("dead-letter")) {
					ended.add("it became a dead letter: " + printable(step.path("detail").asText()));
				} else if (arrow > 0) {
					String endpoint = name.substring(arrow + 4);
					// outcome() begins "=> ", as under a step of its own
					ended.add("to " + printable(endpoint) + ", " + outcome(deliveriesOf(step, record, endpoint, ofRun)).substring(3));
				}
			}
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			ended.add("(its trace is not JSON: " + e.getOriginalMessage() + ")");
		}
		return "=> held for " + printable(group) + "; the window closed at " + closed.get(mine)[2]
				+ (closed.size() > 1 ? " (one of the group's " + closed.size() + " results: late records make their own)" : "")
				+ (ended.isEmpty() ? "" : ": " + String.join("; ", ended)) + ". The group's trace: isthmus trace '" + printable(result) + "'";
	}

	private static String printable(String text) {
		return DeadLetters.printable(text);
	}

	/** The records a group's result combined, as its trace names them (the runner's TraceText.Members). */
	private static void members(PrintStream out, String flow, JsonNode step, boolean ownIds) {
		int count = step.path("recordCount").asInt();
		JsonNode origins = step.path("records");
		if (origins.isEmpty()) {
			// held by a runner whose journal did not keep where held records came from
			out.println("      of " + count + (count == 1 ? " record" : " records") + ", held before the journal named them");
			return;
		}
		JsonNode correlations = step.path("recordCorrelations");
		out.println("      of " + (count == 1 ? "1 record" : count + " records") + ", from"
				+ (ownIds ? " (each traced as '" + printable(flow) + "@<where it came from>'):"
						: correlations.isEmpty() ? " (traced under the flow's 'correlate by' values):" : " (with the correlation id each is traced under):"));
		for (int i = 0; i < origins.size(); i++) {
			String under = ownIds || i >= correlations.size() ? "" : "  isthmus trace " + ShellWords.word(correlations.get(i).asText());
			out.println("        " + printable(origins.get(i).asText() + under));
		}
		if (origins.size() < count) {
			out.println("        … and " + (count - origins.size()) + " more (a group's trace names its first " + origins.size() + ")");
		}
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		String id = null, journal = null;
		Path root = Path.of("");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--root", "--journal" -> {
					if (i + 1 >= args.length) {
						err.println("isthmus trace: " + args[i] + " needs a value. Run 'isthmus trace --help'.");
						return IsthmusCommandLine.USAGE;
					}
					if (args[i].equals("--root")) {
						root = Path.of(args[++i]);
					} else {
						journal = args[++i];
					}
				}
				default -> {
					if (id != null || args[i].startsWith("--")) {
						err.println("isthmus trace: " + (id != null ? "one correlation id at a time; got '" + id + "' and '" + args[i] + "'"
								: "unknown option '" + args[i] + "'") + ". Run 'isthmus trace --help'.");
						return IsthmusCommandLine.USAGE;
					}
					id = args[i];
				}
			}
		}
		if (id == null || id.isBlank()) {
			err.println("isthmus trace: expected a correlation id.");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		String url = RunnerArguments.journal(journal, root);
		try (Trails journalView = new Trails(url)) {
			List<String[]> traces = journalView.traces(id);
			if (traces.isEmpty()) {
				// An old id most likely: the runner drops traces older than --keep-traces as it runs.
				err.println("isthmus trace: no trace for '" + printable(id) + "'. Traces are kept for --keep-traces (7 days unless the runner was"
						+ " given another age), so an older one is gone; or the runner was started with --no-traces, or with another"
						+ " --root or --journal than this command's.");
				return IsthmusCommandLine.PROBLEMS;
			}
			List<Trails.Delivery> all = journalView.deliveries(id);
			// The copies of its dead letters that a flow sends into its dead-letter endpoint are in no step: said last.
			List<Trails.Delivery> copies = all.stream().filter(d -> DeadLetters.copyOf(d.key()) != null).toList();
			List<Trails.Delivery> deliveries = all.stream().filter(d -> DeadLetters.copyOf(d.key()) == null).toList();
			List<JsonNode> parsed = new java.util.ArrayList<>();
			for (String[] t : traces) {
				parsed.add(JSON.readTree(t[3]));
			}
			java.util.Map<Long, Integer> runs = runs(traces, parsed, deliveries);
			// A run that ended as a dead letter is the next of the record's letters, in order (review 39: it named none).
			java.util.Iterator<Trails.RecordLetter> recordLetters = journalView.recordLetters(id).iterator();
			for (int run = 0; run < traces.size(); run++) {
				String[] t = traces.get(run);
				int thisRun = run;
				List<Trails.Delivery> ofRun = deliveries.stream()
						.filter(d -> d.deadLetter() == null || runs.getOrDefault(d.deadLetter(), thisRun) == thisRun).toList();
				// The origin names a file as it was dropped, and a name may hold any character but '/'.
				out.println(printable(t[0] + "  " + t[2] + "  from " + t[1]));
				JsonNode steps = parsed.get(run);
				// A record that ended as a dead letter queued none of the deliveries its trace shows.
				boolean dead = false;
				for (JsonNode step : steps) {
					dead |= step.path("step").asText().equals("dead-letter");
				}
				JsonNode record = null;
				for (JsonNode step : steps) {
					String name = step.path("step").asText();
					out.println(printable("  " + name + ": " + step.path("detail").asText()));
					if (step.has("record")) {
						record = step.get("record");
						// JSON escapes C0 only: the rest (DEL, C1, bidi overrides) as the other lines.
						out.println("      " + printable(JSON.writeValueAsString(record)));
					} else if (step.path("unchanged").asBoolean()) {
						out.println("      (record unchanged)");
					}
					if (step.has("recordCount")) {
						members(out, t[0], step, id.startsWith(t[0] + "@"));
					}
					// The engine names each delivery's step "<deliver|wiretap|route> -> <endpoint>".
					int arrow = name.indexOf(" -> ");
					if (arrow > 0) {
						String endpoint = name.substring(arrow + 4);
						out.println("      " + (dead ? "=> not sent: the record is a dead letter"
								: outcome(deliveriesOf(step, record, endpoint, ofRun))));
					}
					if (name.equals("dead-letter") && recordLetters.hasNext()) {
						Trails.RecordLetter letter = recordLetters.next();
						out.println("      => dead letter " + letter.id() + switch (letter.state()) {
							case "DEAD" -> " ('isthmus dlq show " + letter.id() + "')";
							case "REPLAYED" -> ", replayed (a later run below, once the runner has taken it)";
							default -> ", " + letter.state().toLowerCase(java.util.Locale.ROOT);
						});
					}
					if (name.equals("aggregate") && step.path("detail").asText().equals("held for its window")) {
						out.println("      " + held(journalView, t[0], t[2], step.path("group").asText(null), id.startsWith(t[0] + "@")));
					}
				}
			}
			java.util.Map<Long, List<Trails.Delivery>> byLetter = new java.util.TreeMap<>();
			copies.forEach(c -> byLetter.computeIfAbsent(DeadLetters.copyOf(c.key()), k -> new java.util.ArrayList<>()).add(c));
			// Below the runs, not in the last one: a letter of an earlier run has its copy too (review 31).
			if (!byLetter.isEmpty()) {
				out.println("dead letters sent into the flow's dead-letter endpoint (dead-letter into):");
			}
			byLetter.forEach((letter, of) -> out.println(printable("  dead letter " + letter + " sent into " + of.get(0).endpoint()) + "\n      "
					+ outcome(of)));
			return IsthmusCommandLine.OK;
		} catch (SQLException e) {
			err.println("isthmus trace: " + DeadLetters.withoutCredentials(DlqCommand.journalProblem(e), url));
			return IsthmusCommandLine.PROBLEMS;
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			err.println("isthmus trace: the journal holds a trace that is not JSON: " + e.getOriginalMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}
}
