package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunnerOptions;

/**
 * {@code isthmus dlq} as new users' reviews found it: an id with a --flow of another flow replayed it anyway, a
 * replay or discard that changed nothing said so with exit code 0, --since/--until refused the times 'dlq list'
 * prints, and {@code show --json} printed text. Each run has the runner-trace project's two dead letters: one of
 * tr.Correlated (a delivery the API refused, 422), one of tr.Routed. Each test was seen failing without its fix.
 */
class RunnerDlqTest extends TraceProjectRun {

	private int dlq(String... args) {
		out.reset();
		err.reset();
		String[] all = new String[args.length + 3];
		all[0] = "dlq";
		System.arraycopy(args, 0, all, 1, args.length);
		all[args.length + 1] = "--root";
		all[args.length + 2] = root.toString();
		return cli.run(all);
	}

	private DeadLetters.DeadLetter letterOf(String flow) throws Exception {
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			List<DeadLetters.DeadLetter> all = letters.list(new DeadLetters.Filter(flow, null, null, null, true));
			assertEquals(1, all.size(), all.toString());
			return all.get(0);
		}
	}

	@Test
	void anIdAndAFilterBothApply() throws Exception {
		String id = String.valueOf(letterOf("tr.Correlated").id());
		assertEquals(IsthmusCommandLine.PROBLEMS, dlq("replay", id, "--flow", "Routed"), text(out));
		assertTrue(text(err).contains("dead letter " + id + " (flow tr.Correlated, at ") && text(err).contains("does not match --flow Routed"),
				text(err));
		assertEquals("DEAD", letterOf("tr.Correlated").state(), "left as it is");
		assertEquals(IsthmusCommandLine.OK, dlq("replay", id, "--flow", "Correlated"), text(err));
		assertTrue(text(out).lines().anyMatch("replayed 1 of 1 dead letter"::equals), text(out));
	}

	@Test
	void aReplayOrDiscardThatChangesNothingSaysWhyAndFails() throws Exception {
		String id = String.valueOf(letterOf("tr.Correlated").id());
		assertEquals(IsthmusCommandLine.OK, dlq("replay", id), text(err));
		assertEquals(IsthmusCommandLine.PROBLEMS, dlq("replay", id), text(out));
		assertTrue(text(out).contains("replayed 0 of 1") && text(out).contains("dead letter " + id + " was left as it is: it is replayed already"),
				text(out));
		assertTrue(text(err).contains("nothing was replayed; 'isthmus dlq list' shows the dead letters still waiting"), text(err));
		assertEquals(IsthmusCommandLine.PROBLEMS, dlq("discard", id), text(out));
		assertTrue(text(out).contains("discarded 0 of 1") && text(out).contains("there is nothing left to discard"), text(out));
	}

	@Test
	void sinceAndUntilTakeTheTimesListPrintsAndWholeDays() throws Exception {
		DeadLetters.DeadLetter letter = letterOf("tr.Routed");
		String printed = letter.createdAt().toString().substring(0, 19);
		String day = printed.substring(0, 10);
		assertEquals(IsthmusCommandLine.OK, dlq("list", "--flow", "Routed", "--since", printed), text(err));
		assertTrue(text(out).lines().anyMatch("1 dead letter"::equals), text(out));
		assertEquals(IsthmusCommandLine.OK, dlq("list", "--flow", "Routed", "--until", printed), text(err));
		assertTrue(text(out).lines().anyMatch("1 dead letter"::equals), "--until takes in the second it names: " + text(out));
		assertEquals(IsthmusCommandLine.OK, dlq("list", "--flow", "Routed", "--until", letter.createdAt().toString()), text(err));
		assertTrue(text(out).lines().anyMatch("1 dead letter"::equals), "--until takes in the exact time 'dlq show' prints: " + text(out));
		assertEquals(IsthmusCommandLine.OK, dlq("list", "--since", day, "--until", day), text(err));
		assertTrue(text(out).lines().anyMatch("2 dead letters"::equals), "a day is the whole day: " + text(out));
		assertEquals(IsthmusCommandLine.OK, dlq("list", "--until", java.time.LocalDate.parse(day).minusDays(1).toString()), text(err));
		assertTrue(text(out).contains("0 dead letters"), text(out));
	}

	/**
	 * {@code dlq show --json} took --json, printed the human format and exited 0, and 'list --json' has no record,
	 * attempts or details, so a program had no way to read what a dead letter keeps. Now show prints the whole letter as
	 * JSON, with list's field names; the record as JSON (decimals as written). Seen failing without the fix.
	 */
	@Test
	void showJsonPrintsTheWholeDeadLetterWithListsFieldNames() throws Exception {
		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		DeadLetters.DeadLetter letter = letters.stream().filter(d -> d.flow().equals("tr.Correlated")).findFirst().orElseThrow();
		String id = String.valueOf(letter.id());
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", id, "--json", "--root", root.toString()), text(err));
		JsonNode shown = new ObjectMapper().readTree(text(out));
		assertEquals(letter.id(), shown.path("id").asLong(), text(out));
		assertEquals("tr.Correlated", shown.path("flow").asText());
		assertEquals(letter.reason(), shown.path("reason").asText());
		assertEquals(letter.step(), shown.path("step").asText());
		assertEquals(letter.correlation(), shown.path("correlation").asText());
		assertEquals(letter.createdAt().toString(), shown.path("createdAt").asText());
		assertEquals("dead", shown.path("state").asText(), "as the text says it");
		assertTrue(shown.path("record").isObject(), "the record as JSON: " + text(out));
		assertTrue(text(out).contains("11.00"), "its decimal as written: " + text(out));
		assertTrue(shown.has("attempts") && shown.has("details"), text(out));

		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "list", "--json", "--root", root.toString()), text(err));
		JsonNode listed = new ObjectMapper().readTree(text(out));
		JsonNode same = null;
		for (JsonNode l : listed) {
			if (l.path("id").asLong() == letter.id()) {
				same = l;
			}
		}
		assertTrue(same != null, text(out));
		for (java.util.Iterator<String> names = same.fieldNames(); names.hasNext();) {
			String name = names.next();
			assertEquals(same.get(name), shown.get(name), "list and show say " + name + " alike");
		}

		assertEquals(IsthmusCommandLine.USAGE, cli.run("dlq", "replay", id, "--json", "--root", root.toString()));
		assertTrue(text(err).contains("--json is for list and show"), text(err));

		// A second --flow was taken over the first: replay --flow A --flow B replayed B's letters alone (review 33).
		assertEquals(IsthmusCommandLine.USAGE, cli.run("dlq", "replay", "--flow", "A", "--flow", "B", "--root", root.toString()));
		assertTrue(text(err).contains("--flow is given twice; a command takes one --flow (run it once for each)"), text(err));
	}
}
