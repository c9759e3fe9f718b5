package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunnerOptions;

/**
 * Which dead letters {@code isthmus dlq} acts on, as a review found it: {@code dlq replay 8 8} put record 8 back in
 * its flow twice ("replayed 2 of 2"; a flow without idempotency would have delivered it twice), and {@code --reason}
 * and {@code --flow} took {@code %} and {@code _} as SQL wildcards, so {@code dlq discard --reason 50%} acted on
 * letters without that text. Seen failing without the fix.
 */
class RunnerDlqSelectionTest extends TraceProjectRun {

	private int cli(String... args) {
		out.reset();
		err.reset();
		return cli.run(args);
	}

	private List<DeadLetters.DeadLetter> letters(String reason) throws Exception {
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			return letters.list(new DeadLetters.Filter(null, reason, null, null, true));
		}
	}

	@Test
	void anIdGivenTwiceIsReplayedOnce() throws Exception {
		drop(root, "in/b.ndjson", "{\"id\":\"9\",\"customer\":\"c1\",\"kind\":\"ok\",\"amount\":\"x\",\"time\":\"2020-01-01T10:00:00Z\"}\n");
		String env = root.resolve("env").toString();
		assertEquals(IsthmusCommandLine.OK, cli("run", generated.toString(), "--once", "--root", root.toString(), "--env-file", env), text(err));
		List<DeadLetters.DeadLetter> typed = letters("must be");
		assertEquals(1, typed.size(), typed.toString());
		String id = String.valueOf(typed.get(0).id());

		assertEquals(IsthmusCommandLine.OK, cli("dlq", "replay", id, id, "--root", root.toString()), text(err));
		assertTrue(text(out).contains("replayed 1 of 1 dead letter"), text(out));
		assertEquals(IsthmusCommandLine.OK, cli("run", generated.toString(), "--once", "--root", root.toString(), "--env-file", env), text(err));
		// The record went back once, so it failed once more: its first letter (replayed) and one new one.
		assertEquals(2, letters("must be").size(), letters("must be").toString());
	}

	@Test
	void reasonsAndFlowsAreMatchedAsWritten() throws Exception {
		int all = letters(null).size();
		assertTrue(all >= 2, "the project's dead letters: " + all);
		assertEquals(0, letters("%").size(), "no reason holds a %");
		assertEquals(0, letters("_").size(), "no reason holds a _");
		assertEquals(IsthmusCommandLine.OK, cli("dlq", "list", "--flow", "R_uted", "--root", root.toString()), text(err));
		assertTrue(!text(out).contains("tr.Routed"), text(out));
		assertEquals(IsthmusCommandLine.OK, cli("dlq", "list", "--flow", "Routed", "--root", root.toString()), text(err));
		assertTrue(text(out).contains("tr.Routed"), text(out));
		assertEquals(IsthmusCommandLine.PROBLEMS, cli("dlq", "discard", "--reason", "%", "--root", root.toString()), text(out));
		assertEquals(all, letters(null).stream().filter(d -> d.state().equals("DEAD")).count(), "none discarded");
	}

	/** `dlq discard --reason "$REASON"` with the variable unset discarded every letter, for good (review 22). */
	@Test
	void anEmptyFilterIsRefused() throws Exception {
		int all = letters(null).size();
		assertEquals(IsthmusCommandLine.USAGE, cli("dlq", "discard", "--reason", "", "--root", root.toString()), text(out));
		assertTrue(text(err).contains("--reason is empty, and would match every dead letter; give the text to match, or leave --reason out"),
				text(err));
		assertEquals(IsthmusCommandLine.USAGE, cli("dlq", "replay", "--flow", " ", "--root", root.toString()), text(out));
		assertEquals(all, letters(null).stream().filter(d -> d.state().equals("DEAD")).count(), "none discarded or replayed");
	}
}
