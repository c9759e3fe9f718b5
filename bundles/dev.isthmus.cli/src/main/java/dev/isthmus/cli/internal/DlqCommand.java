package dev.isthmus.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.DeadLetters.DeadLetter;

/** {@code isthmus dlq list|show|replay|discard}: the runner's dead letters. */
public final class DlqCommand implements Command {

	@Override
	public String name() {
		return "dlq";
	}

	@Override
	public String summary() {
		return "List, show, replay or discard the runner's dead letters";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus dlq list    [filters] [--json]
				       isthmus dlq show    <id>
				       isthmus dlq replay  <id>... | [filters]
				       isthmus dlq discard <id>... | [filters]

				Filters: --flow <name> (qualified or short), --reason <text> (part of the reason), --since <time>,
				         --until <time> (2026-11-21T10:00:00Z, 2026-11-21 or an age: 30m, 2h, 7d); list --all also
				         shows replayed and discarded ones.
				Journal: --root <dir> (the runner's root, default here) or --journal <jdbc-url>.

				replay: a record that failed in its flow re-enters the flow (idempotency applies); a delivery that
				failed is sent again to the same target with the same Idempotency-Key. A running runner picks replays
				up within a second; otherwise the next 'isthmus run' does. replay and discard with filters and no
				ids act on every match.
				Exit codes: 0 done, 1 nothing matched or no journal, 2 wrong usage.
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0) {
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		String action = args[0];
		String flow = null, reason = null, journal = null;
		Instant since = null, until = null;
		Path root = Path.of("");
		boolean all = false, json = false;
		List<Long> ids = new ArrayList<>();
		try {
			for (int i = 1; i < args.length; i++) {
				String a = args[i];
				switch (a) {
					case "--flow" -> flow = value(args, ++i, a);
					case "--reason" -> reason = value(args, ++i, a);
					case "--since" -> since = RunnerArguments.time(value(args, ++i, a));
					case "--until" -> until = RunnerArguments.time(value(args, ++i, a));
					case "--root" -> root = Path.of(value(args, ++i, a));
					case "--journal" -> journal = value(args, ++i, a);
					case "--all" -> all = true;
					case "--json" -> json = true;
					default -> {
						try {
							ids.add(Long.parseLong(a));
						} catch (NumberFormatException e) {
							throw new IllegalArgumentException(a.startsWith("-") ? "unknown option '" + a + "'"
									: "'" + a + "' is not a dead letter id (ids are the numbers 'isthmus dlq list' shows)");
						}
					}
				}
			}
			if (!List.of("list", "show", "replay", "discard").contains(action)) {
				throw new IllegalArgumentException("unknown action '" + action + "'; use list, show, replay or discard");
			}
			if (since != null && until != null && since.isAfter(until)) {
				throw new IllegalArgumentException("--since " + since + " is after --until " + until + ", so nothing could match");
			}
			if (action.equals("show") && ids.size() != 1) {
				throw new IllegalArgumentException("show takes one dead letter id");
			}
			if ((action.equals("replay") || action.equals("discard")) && ids.isEmpty() && flow == null && reason == null && since == null
					&& until == null) {
				throw new IllegalArgumentException(action + " needs ids or a filter (--flow, --reason, --since, --until)");
			}
		} catch (IllegalArgumentException e) {
			err.println("isthmus dlq: " + e.getMessage() + ". Run 'isthmus dlq --help'.");
			return IsthmusCommandLine.USAGE;
		}
		try (DeadLetters letters = new DeadLetters(RunnerArguments.journal(journal, root))) {
			if (action.equals("show")) {
				DeadLetter d = letters.show(ids.get(0));
				if (d == null) {
					err.println("isthmus dlq: no dead letter " + ids.get(0) + "; 'isthmus dlq list' shows the ids.");
					return IsthmusCommandLine.PROBLEMS;
				}
				print(d, out);
				return IsthmusCommandLine.OK;
			}
			List<DeadLetter> selected;
			if (!ids.isEmpty()) {
				selected = new ArrayList<>();
				for (long id : ids) {
					DeadLetter d = letters.show(id);
					if (d == null) {
						err.println("isthmus dlq: no dead letter " + id + "; 'isthmus dlq list' shows the ids.");
						return IsthmusCommandLine.PROBLEMS;
					}
					selected.add(d);
				}
			} else {
				selected = letters.list(new DeadLetters.Filter(flow, reason, since, until, all && action.equals("list")));
				if (selected.isEmpty() && flow != null) {
					String wanted = flow;
					List<String> flows = letters.flows();
					if (flows.stream().noneMatch(f -> f.equals(wanted) || f.endsWith("." + wanted))) {
						// A typo in --flow reads as "no dead letters": say which flows have any.
						err.println("isthmus dlq: no flow '" + flow + "' has dead letters here" + (flows.isEmpty() ? "" : "; flows that have: "
								+ String.join(", ", flows)));
					}
				}
			}
			switch (action) {
				case "list" -> {
					if (json) {
						out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
								.writeValueAsString(selected.stream().map(DlqCommand::asMap).toList()));
					} else {
						out.printf("%-6s %-20s %-34s %-9s %-9s %s%n", "id", "at", "flow", "kind", "state", "reason");
						for (DeadLetter d : selected) {
							out.printf("%-6d %-20s %-34s %-9s %-9s %s%n", d.id(), d.createdAt().toString().substring(0, 19), d.flow(), d.kind(),
									d.state().toLowerCase(java.util.Locale.ROOT), oneLine(d.reason()));
						}
						out.println(selected.size() + " dead letters");
					}
				}
				case "replay" -> {
					out.println("replayed " + letters.replay(selected) + " of " + selected.size() + " dead letters");
					notActed(selected, out);
				}
				default -> {
					out.println("discarded " + letters.discard(selected) + " of " + selected.size() + " dead letters");
					notActed(selected, out);
				}
			}
			return selected.isEmpty() && !action.equals("list") ? IsthmusCommandLine.PROBLEMS : IsthmusCommandLine.OK;
		} catch (SQLException e) {
			err.println("isthmus dlq: " + journalProblem(e));
			return IsthmusCommandLine.PROBLEMS;
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			err.println("isthmus dlq: " + e.getOriginalMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}

	/** Says why the letters picked by id that were not dead (replayed or discarded before) were left as they are. */
	private static void notActed(List<DeadLetter> selected, PrintStream out) {
		for (DeadLetter d : selected) {
			if (!"DEAD".equals(d.state())) {
				out.println("  dead letter " + d.id() + " was left as it is: it is " + d.state().toLowerCase(java.util.Locale.ROOT) + " already");
			} else if ("group".equals(d.kind())) {
				out.println("  dead letter " + d.id() + " was left as it is: a group's records cannot re-enter a source; 'isthmus dlq show "
						+ d.id() + "' shows them");
			}
		}
	}

	static String journalProblem(SQLException e) {
		String m = String.valueOf(e.getMessage());
		if (m.contains("not found") || m.contains("IFEXISTS")) {
			return "no journal here; pass the --root (or --journal) that 'isthmus run' used";
		}
		if (m.contains("locked") || m.contains("Locked") || e.getErrorCode() == 90020) {
			return "the journal is in use by a running 'isthmus run'; stop it first (SIGTERM is safe), or keep the journal in a"
					+ " database server (--journal) that both can reach";
		}
		if (e.getErrorCode() == 90067 || m.startsWith("Connection is broken")) {
			return "cannot reach the journal's database (" + m + "); is its server running, and is the --journal URL right?";
		}
		if (m.startsWith("No suitable driver")) {
			// Not the URL itself: it may hold a password.
			return "there is no driver for the --journal URL given: the journal is an H2 file or an H2 server (jdbc:h2:tcp://host/path)";
		}
		return m;
	}

	private static java.util.Map<String, Object> asMap(DeadLetter d) {
		java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
		m.put("id", d.id());
		m.put("flow", d.flow());
		m.put("kind", d.kind());
		m.put("step", d.step());
		m.put("reason", d.reason());
		m.put("endpoint", d.endpoint());
		m.put("origin", d.origin());
		m.put("correlation", d.correlation());
		m.put("createdAt", d.createdAt().toString());
		m.put("state", d.state());
		return m;
	}

	private static void print(DeadLetter d, PrintStream out) {
		out.println("dead letter " + d.id() + " (" + d.state().toLowerCase(java.util.Locale.ROOT) + ")");
		out.println("  flow:        " + d.flow());
		out.println("  kind:        " + d.kind());
		out.println("  step:        " + d.step());
		out.println("  reason:      " + d.reason());
		if (d.endpoint() != null) {
			out.println("  endpoint:    " + d.endpoint());
		}
		if (d.source() != null) {
			out.println("  source:      " + d.source());
		}
		if (d.origin() != null) {
			out.println("  origin:      " + d.origin());
		}
		out.println("  correlation: " + d.correlation());
		out.println("  at:          " + d.createdAt());
		if (d.attempts() != null) {
			out.println("  attempts:    " + d.attempts());
		}
		out.println("  record:      " + d.record());
		if (d.details() != null) {
			out.println("  details:     " + d.details());
		}
	}

	private static String oneLine(String s) {
		String t = s.replaceAll("\\s+", " ");
		return t.length() > 120 ? t.substring(0, 119) + "…" : t;
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[i];
	}
}
