package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerReplayRerunTest.feed;
import static dev.isthmus.cli.RunnerReplayRerunTest.isthmus;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.cli.RunnerReplayRerunTest.Books;
import dev.isthmus.cli.RunnerReplayRerunTest.Request;
import dev.isthmus.runner.DeadLetters.DeadLetter;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * {@code isthmus dlq replay} (and {@code --rerun}) after what came before it: a plain replay that failed again (which
 * took the record's idempotency key back, and gives it back again), a record sent again since (its key claimed
 * again), and {@code isthmus trace} telling the first run's refused delivery from the rerun's. The books' API answers
 * 422 to an entry without its {@code reference}; the corrected project maps it (see {@link RunnerReplayRerunTest}).
 */
class RunnerReplayRerunAgainTest {

	@TempDir
	static Path wrong;
	@TempDir
	static Path corrected;

	@BeforeAll
	static void generate(@TempDir Path sources) throws IOException {
		RunnerReplayRerunTest.generate(wrong, corrected, sources);
	}

	private static final String K1 = "{\"id\":\"k1\",\"amount\":3.00,\"placedAt\":\"2026-11-01T10:00:00Z\"}";

	private static String state(Path root, long id) throws java.sql.SQLException {
		return RunnerReplayRerunTest.state(wrong, root, id);
	}

	/** The runs 'isthmus trace' printed, each from its heading line (the flow, when, where from) to the next. */
	private static List<String> runs(String traced) {
		List<String> runs = new ArrayList<>();
		for (String line : traced.split("\n")) {
			if (!line.startsWith(" ")) {
				runs.add("");
			}
			if (!runs.isEmpty()) {
				runs.set(runs.size() - 1, runs.get(runs.size() - 1) + line + "\n");
			}
		}
		return runs;
	}

	/** What the trace says under a run's delivery step to {@code /entries}: the line starting "=>". */
	private static String entriesOutcome(String run) {
		String after = run.substring(run.indexOf("Books.entries"));
		return after.lines().filter(l -> l.trim().startsWith("=>")).findFirst().orElse("(none)");
	}

	@Test
	void aRerunAfterAPlainReplayThatFailedAgainGoesThroughTheFlowAndTheTraceTellsTheRunsApart(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "keyed", K1))));
			DeadLetter refused = deadLetters(wrong, root).get(0);
			Object[] plain = isthmus(root, "dlq", "replay", String.valueOf(refused.id()));
			assertEquals(IsthmusCommandLine.OK, plain[0], (String) plain[1]);
			// The corrected flow runs, but the plain replay sends the old body: refused again, a second letter.
			books.requests.clear();
			Runner.once(books.options(corrected, root));
			assertEquals(List.of("{\"amount\":3.00}"), books.to("/entries").stream().map(Request::body).toList());
			List<DeadLetter> again = deadLetters(wrong, root);
			assertEquals(1, again.size(), again.toString());
			DeadLetter second = again.get(0);

			Object[] rerun = isthmus(root, "dlq", "replay", String.valueOf(second.id()), "--rerun");
			assertEquals(IsthmusCommandLine.OK, rerun[0], (String) rerun[1]);
			assertTrue(((String) rerun[1]).contains("replayed (rerun through the flow) 1 of 1 dead letter"), (String) rerun[1]);
			books.requests.clear();
			RunSummary last = Runner.once(books.options(corrected, root));
			// Not skipped as a duplicate: the key the plain replay took back was given back by the rerun.
			assertEquals(0, last.flows().stream().mapToLong(RunSummary.FlowCounts::duplicates).sum(), last.render());
			assertEquals(List.of("{\"reference\":\"k1\",\"amount\":3.00}"), books.to("/entries").stream().map(Request::body).toList(),
					last.render());
			assertEquals("REPLAYED", state(root, refused.id()));
			assertEquals("RERUN", state(root, second.id()));

			String traced = (String) isthmus(root, "trace", second.correlation())[1];
			List<String> runs = runs(traced);
			assertEquals(2, runs.size(), traced);
			String first = entriesOutcome(runs.get(0)), rerunOutcome = entriesOutcome(runs.get(1));
			assertTrue(first.contains("dead letter " + refused.id() + " (") && first.contains("), replayed")
					&& first.contains("dead letter " + second.id() + " (") && first.contains("rerun: not sent again"), traced);
			assertFalse(first.contains("delivered"), traced);
			assertEquals("=> delivered", rerunOutcome.trim(), traced);
		}
	}

	@Test
	void theTraceOfARerunShowsTheRefusedDeliveryNotSentAgainAndTheRerunDelivered(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "orders", K1.replace("k1", "o1")))));
			DeadLetter refused = deadLetters(wrong, root).get(0);
			assertEquals(IsthmusCommandLine.OK, isthmus(root, "dlq", "replay", String.valueOf(refused.id()), "--rerun")[0]);
			Runner.once(books.options(corrected, root));
			String traced = (String) isthmus(root, "trace", refused.correlation())[1];
			List<String> runs = runs(traced);
			assertEquals(2, runs.size(), traced);
			String first = entriesOutcome(runs.get(0));
			assertTrue(first.contains("dead letter " + refused.id() + " (") && first.contains("422") && first.contains("rerun: not sent again"),
					traced);
			assertFalse(first.contains("delivered"), traced);
			assertEquals("=> delivered", entriesOutcome(runs.get(1)).trim(), traced);
			// A rerun letter named again is not rerun twice, and says what it is.
			Object[] twice = isthmus(root, "dlq", "replay", String.valueOf(refused.id()), "--rerun");
			assertTrue(((String) twice[1]).contains("it is rerun through the flow already"), (String) twice[1]);
		}
	}

	/**
	 * The record was sent again (corrected) after its dead letter gave its key back: the flow took it, claiming the key
	 * again, so a rerun now would be skipped as a duplicate, silently. It is refused, saying so.
	 */
	@Test
	void aRerunOfARecordWhoseKeyWasClaimedAgainIsRefused(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "keyed", K1))));
			DeadLetter refused = deadLetters(wrong, root).get(0);
			Runner.once(books.options(corrected, root).withFeeds(List.of(feed(root, "keyed", K1))));
			assertEquals(1, books.to("/entries").stream().filter(r -> r.body().contains("reference")).count(), books.requests.toString());

			String said = isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", String.valueOf(refused.id()), "--rerun");
			assertTrue(said.contains("dead letter " + refused.id() + " was left as it is: --rerun cannot send its record through the flow"
					+ " again: its idempotency key 'k1', which the dead letter gave back, has been claimed again since"), said);
			assertEquals("DEAD", state(root, refused.id()));
		}
	}

	/**
	 * A plain replay refused again gives the key back again, as the first refusal did: it gave it back no more, and the
	 * record its sender sent next, corrected, was skipped as a duplicate without a word (review 25, High).
	 */
	@Test
	void aPlainReplayRefusedAgainGivesTheKeyBackAgain(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "keyed", K1))));
			DeadLetter refused = deadLetters(wrong, root).get(0);
			assertEquals(IsthmusCommandLine.OK, isthmus(root, "dlq", "replay", String.valueOf(refused.id()))[0]);
			Runner.once(books.options(wrong, root));
			assertEquals(1, deadLetters(wrong, root).size(), "refused again: a second letter");
			books.requests.clear();
			RunSummary resent = Runner.once(books.options(corrected, root).withFeeds(List.of(feed(root, "keyed", K1))));
			assertEquals(0, resent.flows().stream().mapToLong(RunSummary.FlowCounts::duplicates).sum(), resent.render());
			assertEquals(List.of("{\"reference\":\"k1\",\"amount\":3.00}"), books.to("/entries").stream().map(Request::body).toList(),
					resent.render());
		}
	}

	/**
	 * A plain replay of a refused delivery whose key a corrected record has claimed since would send the older record
	 * after it, under the same Idempotency-Key (review 25): refused, as a rerun is.
	 */
	@Test
	void aPlainReplayOfARecordWhoseKeyWasClaimedAgainIsRefused(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "keyed", K1))));
			DeadLetter refused = deadLetters(wrong, root).get(0);
			Runner.once(books.options(corrected, root).withFeeds(List.of(feed(root, "keyed", K1))));
			String said = isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", String.valueOf(refused.id()));
			assertTrue(said.contains("dead letter " + refused.id() + " was left as it is: its idempotency key 'k1', which the dead letter"
					+ " gave back, has been claimed again since: a record under the same key went through the flow after it"), said);
			assertEquals("DEAD", state(root, refused.id()));
			books.requests.clear();
			Runner.once(books.options(corrected, root));
			assertEquals(List.of(), books.to("/entries"), "nothing sent again");
		}
	}

	/**
	 * Two targets refused the record; one letter was replayed and refused again; the corrected record went through to
	 * both. A replay of the letters now would send the older record after it to both: the first replay, refused again,
	 * holds the key no more, and did let them through (review 26, High).
	 */
	@Test
	void aReplayRefusedAgainDoesNotLetTheOtherTargetsStaleLetterThrough(@TempDir Path sources, @TempDir Path twiceWrong,
			@TempDir Path twiceCorrected, @TempDir Path root) throws Exception {
		RunnerTestProjects.copy(RunnerTestProjects.sources("runner-rerun"), sources);
		RunnerTestProjects.edit(sources.resolve("rerun.isl"), isl -> isl.replace("    from Shop.twice\n", "    from Shop.twice\n    idempotent on id for 1d\n"));
		RunnerTestProjects.generateFrom(sources, twiceWrong);
		RunnerTestProjects.edit(sources.resolve("rerun.isl"), isl -> isl.replace("    amount <- amount\n", "    reference <- id\n    amount <- amount\n"));
		RunnerTestProjects.generateFrom(sources, twiceCorrected);
		try (Books books = new Books()) {
			Runner.once(books.options(twiceWrong, root).withFeeds(List.of(feed(root, "twice", K1))));
			List<DeadLetter> letters = deadLetters(twiceWrong, root);
			assertEquals(2, letters.size(), letters.toString());
			DeadLetter ledger = letters.stream().filter(d -> d.endpoint().endsWith("ledger")).findFirst().orElseThrow();
			assertEquals(IsthmusCommandLine.OK, isthmus(root, "dlq", "replay", String.valueOf(ledger.id()))[0]);
			Runner.once(books.options(twiceWrong, root));
			assertEquals(2, deadLetters(twiceWrong, root).size(), "the ledger refused it again");
			Runner.once(books.options(twiceCorrected, root).withFeeds(List.of(feed(root, "twice", K1))));
			assertEquals(2, books.requests.stream().filter(r -> r.body().contains("reference")).count(), books.requests.toString());

			String said = isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", "--flow", "Twice");
			assertTrue(said.contains("replayed 0 of 2 dead letters") && said.contains("has been claimed again since"), said);
			books.requests.clear();
			Runner.once(books.options(twiceCorrected, root));
			assertEquals(List.of(), books.requests, "nothing older sent after the corrected record");
		}
	}

	/** The dlq command does not know the runner's --keep-traces: the refusal names the option, not a number of days as if it did. */
	@Test
	void aRerunWithoutATraceNamesTheRunnersKeepTraces(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withTraces(false).withFeeds(List.of(feed(root, "orders", K1))));
			DeadLetter letter = deadLetters(wrong, root).get(0);
			String said = (String) isthmus(root, "dlq", "replay", String.valueOf(letter.id()), "--rerun")[1];
			assertTrue(said.contains("traces are kept for the runner's --keep-traces (7 days unless it was given another age) and not at"
					+ " all with --no-traces"), said);
		}
	}
}
