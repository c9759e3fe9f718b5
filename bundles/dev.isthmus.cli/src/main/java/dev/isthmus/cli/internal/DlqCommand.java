package dev.isthmus.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
				       isthmus dlq show    <id> [--json]
				       isthmus dlq replay  <id>... | [filters] [--rerun]
				       isthmus dlq discard <id>... | [filters]

				Filters: --flow <name> (qualified, or short when one package alone has it), --reason <text> (part
				         of the reason), --since <time>, --until <time>; list --all also shows replayed and
				         discarded ones. A time is
				         2026-11-21T10:00:00Z (or +01:00), 2026-11-21T10:00:00 as 'list' prints it (UTC, as
				         'list' shows times), 2026-11-21 (a whole day, UTC: --since from its start, --until to its
				         end) or an age: 30m, 2h, 7d, 2h30min. --until takes in the whole second (or minute) it names.
				Journal: --root <dir> (the runner's root, default here) or --journal <jdbc-url>; with --journal,
				         --root too has show and replay look for the file of a record that could not be read.
				--json: list prints each letter's id, flow, kind, step, reason, endpoint, origin, correlation,
				createdAt and state (dead, replayed, rerun or discarded); show prints those and source,
				outboxId, record (JSON when it is JSON, else its text), attempts and details, and for a record
				that could not be read replayable (false), recordKeptWhole and nowAt (where the record is now).

				replay: a record that failed in its flow re-enters the flow (idempotency applies); a delivery that
				failed is sent again to the same target with the same Idempotency-Key, the record as it was mapped then.
				--rerun: a delivery's record, as its source read it (kept in its trace), re-enters the flow instead, as
				the runner now runs it (after a corrected mapping, regenerated and the runner restarted): a new run of
				the record under its first run's correlation id, not a duplicate (the refused delivery gave its
				idempotency key back); every target of the flow gets it again, HTTP ones under the first run's
				Idempotency-Key when the flow is idempotent on a key; the old delivery is not sent; the letter's state
				is then 'rerun'. A key a plain replay took back is given back again, which a running runner would not
				see: such a rerun asks to stop the runner first. Not for a record whose trace is no longer kept
				(--keep-traces), a record whose key was claimed again since (it went through the flow again), nor a
				group's delivery (an aggregate's result): each letter says what to do. A record's own dead letter is replayed as always. A running runner picks replays
				up within a second; otherwise the next 'isthmus run' does. replay and discard with filters and no ids
				act on every match; with ids and filters, on the ids that match the filters. A record its source could
				not read (a line that is not JSON, a CSV row that does not fit, a record longer than the journal keeps)
				is not replayed: it would fail the same way, or go on cut short; replay says where the record is now, to
				correct it there and drop it in again.
				Exit codes: 0 listed (none matching too: a --flow that names no flow with dead letters is said on
				standard error) or shown, or done (at least one replayed or discarded); 1 no such letter to show,
				nothing matched to replay or discard, nothing could be replayed or discarded (each letter says why),
				or no journal; 2 wrong usage.
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0) {
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
			out.print(usage());
			return IsthmusCommandLine.OK;
		}
		String action = args[0];
		String flow = null, reason = null, journal = null, sinceText = null, untilText = null;
		Instant since = null, until = null;
		Path root = Path.of("");
		boolean rootGiven = false, all = false, json = false, rerun = false;
		List<Long> ids = new ArrayList<>();
		try {
			for (int i = 1; i < args.length; i++) {
				String a = args[i];
				switch (a) {
					case "--flow" -> flow = filter(once(flow, a, value(args, ++i, a)), a);
					case "--reason" -> reason = filter(once(reason, a, value(args, ++i, a)), a);
					case "--since" -> since = time(sinceText = once(sinceText, a, value(args, ++i, a)), false);
					case "--until" -> until = time(untilText = once(untilText, a, value(args, ++i, a)), true);
					case "--root" -> {
						root = Path.of(value(args, ++i, a));
						rootGiven = true;
					}
					case "--journal" -> journal = value(args, ++i, a);
					case "--all" -> all = true;
					case "--json" -> json = true;
					case "--rerun" -> rerun = true;
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
			if (since != null && until != null && !since.isBefore(until)) {
				throw new IllegalArgumentException("--since " + sinceText + " (" + since + ") is not before --until " + untilText + " (up to " + until
						+ "), so nothing could match");
			}
			if (action.equals("show") && ids.size() != 1) {
				throw new IllegalArgumentException("show takes one dead letter id");
			}
			if (rerun && !action.equals("replay")) {
				throw new IllegalArgumentException("--rerun is for replay: it sends a delivery's record through the flow again");
			}
			if (json && !action.equals("list") && !action.equals("show")) {
				throw new IllegalArgumentException("--json is for list and show; " + action + " prints what it did");
			}
			if ((action.equals("replay") || action.equals("discard")) && ids.isEmpty() && flow == null && reason == null && since == null
					&& until == null) {
				throw new IllegalArgumentException(action + " needs ids or a filter (--flow, --reason, --since, --until)");
			}
		} catch (IllegalArgumentException e) {
			err.println("isthmus dlq: " + e.getMessage() + ". Run 'isthmus dlq --help'.");
			return IsthmusCommandLine.USAGE;
		}
		String url = RunnerArguments.journal(journal, root);
		if (journal != null && !rootGiven) {
			// The journal names files relative to the runner's root, which a server's URL does not tell: not here.
			root = null;
		}
		try (DeadLetters letters = new DeadLetters(url)) {
			List<String> named = flow == null ? List.of() : letters.flowsNamed(flow);
			if (named.size() > 1) {
				// Wrong usage, as any other filter that cannot be read: acting on flows of every package would reach one not meant.
				err.println("isthmus dlq: --flow " + printable(flow) + " names flows of several packages: " + String.join(", ", named)
						+ "; write one of them in full (--flow " + named.get(0) + "). Run 'isthmus dlq --help'.");
				return IsthmusCommandLine.USAGE;
			}
			if (action.equals("show")) {
				DeadLetter d = letters.show(ids.get(0));
				if (d == null) {
					err.println("isthmus dlq: no dead letter " + ids.get(0) + "; 'isthmus dlq list' shows the ids.");
					return IsthmusCommandLine.PROBLEMS;
				}
				if (json) {
					out.println(DeadLetterJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(DeadLetterJson.whole(d, root)));
				} else {
					print(d, root, out);
				}
				return IsthmusCommandLine.OK;
			}
			List<DeadLetter> selected;
			if (!ids.isEmpty()) {
				selected = new ArrayList<>();
				// an id given twice ('dlq replay 8 8') is one letter, acted on once
				for (long id : new java.util.LinkedHashSet<>(ids)) {
					DeadLetter d = letters.show(id);
					if (d == null) {
						err.println("isthmus dlq: no dead letter " + id + "; 'isthmus dlq list' shows the ids.");
						return IsthmusCommandLine.PROBLEMS;
					}
					selected.add(d);
				}
				if (flow != null || reason != null || since != null || until != null) {
					// Both apply: an id and a --flow that disagree must not act on another flow's letter.
					java.util.Set<Long> matching = new java.util.HashSet<>();
					letters.list(new DeadLetters.Filter(flow, reason, since, until, true)).forEach(d -> matching.add(d.id()));
					List<DeadLetter> unmatched = selected.stream().filter(d -> !matching.contains(d.id())).toList();
					for (DeadLetter d : unmatched) {
						err.println("isthmus dlq: dead letter " + d.id() + " (flow " + printable(d.flow()) + ", at " + listed(d.createdAt()) + ", reason: "
								+ oneLine(d.reason()) + ") does not match " + printable(filters(flow, reason, since, until)) + "; left as it is");
					}
					selected = selected.stream().filter(d -> matching.contains(d.id())).toList();
					if (selected.isEmpty()) {
						err.println("isthmus dlq: none of the ids given matches the filters, so nothing was " + (action.equals("list")
								? "listed" : action + "ed") + "; give the ids alone, or filters alone.");
						return IsthmusCommandLine.PROBLEMS;
					}
				}
			} else {
				selected = letters.list(new DeadLetters.Filter(flow, reason, since, until, all && action.equals("list")));
				if (selected.isEmpty() && flow != null) {
					List<String> flows = letters.flows();
					if (named.isEmpty()) {
						// A typo in --flow reads as "no dead letters": say which flows have any.
						err.println("isthmus dlq: no flow '" + printable(flow) + "' has dead letters here" + (flows.isEmpty() ? "" : "; flows that have: "
								+ String.join(", ", flows)));
					}
				}
			}
			switch (action) {
				case "list" -> {
					if (json) {
						out.println(DeadLetterJson.JSON.writerWithDefaultPrettyPrinter()
								.writeValueAsString(selected.stream().map(DeadLetterJson::summary).toList()));
					} else {
						out.printf("%-6s %-20s %-34s %-9s %-9s %s%n", "id", "at", "flow", "kind", "state", "reason");
						for (DeadLetter d : selected) {
							out.printf("%-6d %-20s %-34s %-9s %-9s %s%n", d.id(), d.createdAt().toString().substring(0, 19), printable(d.flow()), d.kind(),
									d.state().toLowerCase(java.util.Locale.ROOT), oneLine(d.reason()));
						}
						out.println(selected.size() + (selected.size() == 1 ? " dead letter" : " dead letters"));
					}
				}
				case "replay", "discard" -> {
					boolean replay = action.equals("replay");
					DeadLetters.Replayed replayed = replay ? letters.replay(selected, rerun) : null;
					int done = replay ? replayed.count() : letters.discard(selected);
					out.println((replay ? rerun ? "replayed (rerun through the flow) " : "replayed " : "discarded ") + done + " of " + selected.size()
							+ (selected.size() == 1 ? " dead letter" : " dead letters"));
					if (replay) {
						Reruns.report(selected, replayed, rerun, out);
					}
					long unread = replay ? selected.stream().filter(d -> "DEAD".equals(d.state()) && d.readFailure()).count() : 0;
					if (unread > 0) {
						out.println("replay skipped " + unread + ": " + (unread == 1 ? "a record" : "records") + " that could not be read"
								+ " when " + (unread == 1 ? "it" : "they") + " came in; below, where " + (unread == 1 ? "it is" : "each is")
								+ " now and what to do");
					}
					notActed(selected, action, root, out);
					if (done == 0) {
						// Nothing changed: not "done", whatever the reason (the letters above each say theirs).
						err.println("isthmus dlq: nothing was " + (replay ? "replayed" : "discarded") + (selected.isEmpty()
								? ": no dead letter waiting matches; 'isthmus dlq list --all' shows replayed and discarded ones too."
								: "; 'isthmus dlq list' shows the dead letters still waiting."));
						return IsthmusCommandLine.PROBLEMS;
					}
				}
				default -> {
					// list
				}
			}
			return IsthmusCommandLine.OK;
		} catch (SQLException e) {
			err.println("isthmus dlq: " + DeadLetters.withoutCredentials(journalProblem(e), url));
			return IsthmusCommandLine.PROBLEMS;
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			err.println("isthmus dlq: " + e.getOriginalMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}

	/**
	 * Says why letters were left as they are: replayed or discarded before, a group (no source to re-enter), or, for
	 * a replay, a record its source could not read (see {@link UnreadRecords}).
	 */
	/**
	 * A filter's text, never blank: a blank one matches every letter, and `dlq discard --reason "$REASON"` with the
	 * variable unset discarded them all, for good (review 22).
	 */

	/**
	 * A filter given once: a second --flow was taken over the first without a word, so {@code replay --flow A --flow B}
	 * replayed B's letters alone and left A's (review 33).
	 */
	private static String once(String earlier, String option, String value) {
		if (earlier != null) {
			throw new IllegalArgumentException(option + " is given twice; a command takes one " + option + " (run it once for each)");
		}
		return value;
	}

	private static String filter(String value, String option) {
		if (value.isBlank()) {
			throw new IllegalArgumentException(option + " is empty, and would match every dead letter; give the text to match, or leave "
					+ option + " out");
		}
		return value;
	}

	private static void notActed(List<DeadLetter> selected, String action, Path root, PrintStream out) {
		for (DeadLetter d : selected) {
			if ("REPLAYED".equals(d.state()) || "RERUN".equals(d.state())) {
				out.println("  dead letter " + d.id() + " was left as it is: it is " + ("RERUN".equals(d.state()) ? "rerun through the flow"
						: "replayed") + " already (its record went back"
						+ (action.equals("replay") ? "; where it went: isthmus trace " + printable(ShellWords.word(String.valueOf(d.correlation())))
								: ", so there is nothing left to discard") + ")");
			} else if (!"DEAD".equals(d.state())) {
				out.println("  dead letter " + d.id() + " was left as it is: it is " + d.state().toLowerCase(java.util.Locale.ROOT)
						+ " already ('isthmus dlq show " + d.id() + "' shows its record)");
			} else if (d.readFailure() && action.equals("replay")) {
				out.println("  dead letter " + d.id() + " was left as it is: " + printable(UnreadRecords.whyNotReplayed(d, root)));
			} else if ("group".equals(d.kind()) && action.equals("replay")) {
				out.println("  dead letter " + d.id() + " was left as it is: a group's records cannot re-enter a source; 'isthmus dlq show "
						+ d.id() + "' shows them");
			}
		}
	}

	/** A time as 'list' prints it: UTC, to the second, without the zone. */
	private static String listed(Instant at) {
		return at.toString().substring(0, 19);
	}

	private static String filters(String flow, String reason, Instant since, Instant until) {
		List<String> said = new ArrayList<>();
		if (flow != null) {
			said.add("--flow " + flow);
		}
		if (reason != null) {
			said.add("--reason '" + reason + "'");
		}
		if (since != null) {
			said.add("--since (from " + since + ")");
		}
		if (until != null) {
			said.add("--until (before " + until + ")");
		}
		return String.join(" ", said);
	}

	/**
	 * A {@code --since} or {@code --until} time: an instant with its zone or offset, a local date-time without one
	 * (as 'list' prints them, UTC), a date (UTC), or an age ({@code 2h}, {@code 7d}). {@code until} is exclusive and
	 * takes in the whole of the day, minute or second written, so that the letters 'list' shows at that time match.
	 */
	static Instant time(String text, boolean until) {
		String t = text.trim();
		if (RunnerArguments.isAge(t)) {
			return Instant.now().minus(RunnerArguments.age(t));
		}
		try {
			if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
				java.time.LocalDate day = java.time.LocalDate.parse(t);
				return (until ? day.plusDays(1) : day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
			}
			java.time.temporal.TemporalAccessor parsed = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parse(t.replace(' ', 'T'));
			java.time.LocalDateTime local = java.time.LocalDateTime.from(parsed);
			Instant at = parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
					? local.atOffset(java.time.ZoneOffset.ofTotalSeconds(parsed.get(java.time.temporal.ChronoField.OFFSET_SECONDS))).toInstant()
					: local.toInstant(java.time.ZoneOffset.UTC);
			if (until && local.getNano() == 0) {
				// 10:00:00 takes in 10:00:00.5, as 'list' shows it; 10:00 the whole minute.
				String clock = t.substring(t.indexOf(t.contains("T") ? 'T' : ' ') + 1);
				at = at.plus(clock.matches("\\d{2}:\\d{2}([^:\\d].*)?") ? java.time.Duration.ofMinutes(1) : java.time.Duration.ofSeconds(1));
			} else if (until) {
				// An exact time ('dlq show' prints them) takes in the letter made then: the end is after it.
				at = at.plusNanos(1);
			}
			return at;
		} catch (java.time.DateTimeException e) {
			throw new IllegalArgumentException("'" + text + "' is not a time: use 2026-11-21T10:00:00Z, 2026-11-21T10:00:00 (UTC, as 'list'"
					+ " prints times), 2026-11-21 or an age such as 2h");
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
		if (m.contains("timed out")) {
			// A server that takes the connection and then says nothing (frozen, overloaded): running, but not answering.
			return "the journal's database did not answer in time (" + m + "); is its server frozen or overloaded, or the network to it down?";
		}
		if (e.getErrorCode() == 90067 || m.startsWith("Connection is broken")) {
			return "cannot reach the journal's database (" + m + "); is its server running, and is the --journal URL right?";
		}
		if (String.valueOf(e.getSQLState()).startsWith("28")) {
			// (it said H2's "Wrong user name or password [28000-252]" alone, where 'isthmus run' says what to check)
			return "the journal's database refused the user or password (" + m + "); check the credentials in the --journal URL"
					+ " ('isthmus run' used the same)";
		}
		if (m.startsWith("No suitable driver")) {
			// Not the URL itself: it may hold a password.
			return "there is no driver for the --journal URL given: the journal is an H2 file or an H2 server (jdbc:h2:tcp://host/path)";
		}
		return m;
	}

	/**
	 * One field a line, every value {@link DeadLetters#printable}: a target's answer or a file's name can neither
	 * drive the terminal nor, with a line break, forge a field ("  state: discarded"); a line break shows as {@code \\n},
	 * as in the attempts' JSON.
	 */
	private static void print(DeadLetter d, Path root, PrintStream out) {
		out.println("dead letter " + d.id() + " (" + d.state().toLowerCase(java.util.Locale.ROOT) + ")");
		field(out, "flow", d.flow());
		field(out, "kind", d.kind());
		field(out, "step", d.step());
		field(out, "reason", d.reason());
		if (d.endpoint() != null) {
			field(out, "endpoint", d.endpoint());
		}
		if (d.source() != null) {
			field(out, "source", d.source());
		}
		if (d.origin() != null) {
			field(out, "origin", d.origin());
		}
		field(out, "correlation", d.correlation());
		field(out, "at", String.valueOf(d.createdAt()));
		if (d.attempts() != null) {
			field(out, "attempts", d.attempts());
		}
		field(out, "record", d.record());
		if (d.scrubbed()) {
			field(out, "note", "the record held the value of a secret of the runner's environment, kept here as ***: replay cannot send it;"
					+ " send the record again from where it came from");
		}
		if (d.readFailure()) {
			// Its reason names where the record was read; the file has likely moved to done/ since.
			field(out, "now at", UnreadRecords.whereNow(d, root) + (d.cutShort() ? " (the journal kept only its start, above)" : ""));
		}
		if (d.details() != null) {
			field(out, "details", d.details());
		}
	}

	private static void field(PrintStream out, String name, String value) {
		out.println("  " + String.format("%-13s", name + ":") + printable(value));
	}

	private static String printable(String text) {
		return DeadLetters.printable(text);
	}

	/** A reason on one line of 'list', cut to 120 characters, and printable (see {@link DeadLetters#printable}). */
	private static String oneLine(String s) {
		String t = s.replaceAll("\\s+", " ");
		if (t.length() <= 120) {
			return printable(t);
		}
		// not between the two halves of a character beyond U+FFFF (an emoji), which would print as '?'
		int cut = Character.isHighSurrogate(t.charAt(118)) ? 118 : 119;
		return printable(t.substring(0, cut)) + "…";
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[i];
	}
}
