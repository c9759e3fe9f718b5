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
				and each step with its decision and the record after it. The correlation id is the flow's
				'correlate by' value, or <flow>@<origin> for flows without one; logs and dead letters show it.
				Exit codes: 0 found, 1 not found, 2 wrong usage.
				""";
	}

	/** How the delivery to {@code endpoint} ended, or where it stands; the trace says only that it was queued. */
	private static String outcome(String endpoint, List<DeadLetters.Delivery> deliveries) {
		List<String> said = new java.util.ArrayList<>();
		for (DeadLetters.Delivery d : deliveries) {
			if (!d.endpoint().equals(endpoint)) {
				continue;
			}
			if (d.deadLetter() == null) {
				said.add("waiting in the outbox: " + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts") + " so far, next at " + d.nextAt());
			} else if (d.state().equals("DEAD")) {
				said.add("dead letter " + d.deadLetter() + ": " + d.reason() + " ('isthmus dlq show " + d.deadLetter() + "')");
			} else {
				said.add("dead letter " + d.deadLetter() + " (" + d.reason() + "), " + d.state().toLowerCase(java.util.Locale.ROOT));
			}
		}
		boolean waiting = deliveries.stream().anyMatch(d -> d.endpoint().equals(endpoint)
				&& (d.deadLetter() == null || d.state().equals("DEAD")));
		if (!waiting) {
			// Delivered rows leave the outbox; a replayed dead letter's delivery went back into it, and has left it too.
			said.add("delivered");
		}
		return "=> " + String.join("; ", said);
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
		try (DeadLetters journalView = new DeadLetters(RunnerArguments.journal(journal, root))) {
			List<String[]> traces = journalView.traces(id);
			if (traces.isEmpty()) {
				err.println("isthmus trace: no trace for '" + id + "' (was the runner started with --no-traces, or another --root?)");
				return IsthmusCommandLine.PROBLEMS;
			}
			ObjectMapper json = new ObjectMapper();
			List<DeadLetters.Delivery> deliveries = journalView.deliveries(id);
			for (String[] t : traces) {
				out.println(t[0] + "  " + t[2] + "  from " + t[1]);
				JsonNode steps = json.readTree(t[3]);
				// A record that ended as a dead letter queued none of the deliveries its trace shows.
				boolean dead = false;
				for (JsonNode step : steps) {
					dead |= step.path("step").asText().equals("dead-letter");
				}
				for (JsonNode step : steps) {
					String name = step.path("step").asText();
					out.println("  " + name + ": " + step.path("detail").asText());
					if (step.has("record")) {
						out.println("      " + step.get("record"));
					} else if (step.path("unchanged").asBoolean()) {
						out.println("      (record unchanged)");
					}
					int arrow = name.indexOf(" -> ");
					if (arrow > 0 && (name.startsWith("deliver") || name.startsWith("wiretap"))) {
						out.println("      " + (dead ? "=> not sent: the record is a dead letter" : outcome(name.substring(arrow + 4), deliveries)));
					}
				}
			}
			return IsthmusCommandLine.OK;
		} catch (SQLException e) {
			err.println("isthmus trace: " + DlqCommand.journalProblem(e));
			return IsthmusCommandLine.PROBLEMS;
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			err.println("isthmus trace: the journal holds a trace that is not JSON: " + e.getOriginalMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}
}
