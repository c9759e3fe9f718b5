package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.onceWithinAMinute;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.TablesProject.archived;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;

/**
 * {@code isthmus dlq replay} of records their source could not read, as a review found it: a CSV row with a bad cell
 * or a cell too few went back to the flow as JSON and came out a new dead letter, "not JSON: Unrecognized token", and a
 * record longer than the journal keeps went back cut short ("replayed 1 of 1"), to fail as "Unexpected end-of-input";
 * its reason still named the file where it was read, which had moved to done/. Now replay leaves them, says why and
 * where each record is now, and fails when it replayed nothing. Seen failing without the fix ("replayed 3 of 3").
 */
class RunnerDlqReplayRefusalTest {

	@Test
	void recordsThatCouldNotBeReadAreNotReplayedAndReplaySaysWhereTheyAreNow(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n101,cus_a,1\nx,cus_b,2\n103," + "y".repeat(1_100_000) + ",3\n104,cus_d,4\n105,cus_e\n");
		RunSummary run = onceWithinAMinute(TablesProject.options(generated, root, data));
		assertEquals(new TreeSet<>(List.of("101|cus_a|1.00", "104|cus_d|4.00")), archived(root), run.render());
		assertTrue(Files.exists(root.resolve("import/done/a.csv")), "the file moved to done/");
		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		assertEquals(3, letters.size(), letters.toString());

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("dlq", "replay", "--flow", "FilesToTable", "--root", root.toString()), text(out));
		String said = text(out);
		assertTrue(said.contains("replayed 0 of 3 dead letters") && said.contains("replay skipped 3: records that could not be read"), said);
		long cell = idAtLine(letters, 3), tooLong = idAtLine(letters, 4), short_ = idAtLine(letters, 6);
		assertTrue(said.contains("dead letter " + cell + " was left as it is: it is a CSV row that could not be read as a record"
				+ " (import/a.csv:3: column invoiceNo: 'x' is not an integer)") && said.contains("it is at import/done/a.csv line 3:"
				+ " correct it there, and drop it in again in a file of its own in import/, under the header row"), said);
		assertTrue(said.contains("dead letter " + tooLong + " was left as it is: the record was not kept whole")
				&& said.contains("it is at import/done/a.csv line 4: fix it there"), said);
		assertTrue(said.contains("dead letter " + short_ + " was left as it is: it is a CSV row that could not be read")
				&& said.contains("it is at import/done/a.csv line 6"), said);
		assertTrue(text(err).contains("nothing was replayed"), text(err));
		assertTrue(RunnerTestProjects.deadLetters(generated, root).stream().allMatch(d -> d.state().equals("DEAD")), "all left as they were");

		// Nothing went back to the flow: a run makes no new dead letter of them.
		onceWithinAMinute(TablesProject.options(generated, root, data));
		assertEquals(3, RunnerTestProjects.deadLetters(generated, root).size());

		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", String.valueOf(tooLong), "--root", root.toString()), text(err));
		assertTrue(text(out).contains("now at:      import/done/a.csv line 4 (the journal kept only its start, above)"), text(out));
	}

	private static long idAtLine(List<DeadLetters.DeadLetter> letters, int line) {
		return letters.stream().filter(d -> d.origin().equals("file:import/a.csv:" + line)).findFirst().orElseThrow(
				() -> new AssertionError("no dead letter of line " + line + ": " + letters)).id();
	}

	/**
	 * A CSV row the flow's first step refused (a timestamp that is no time) keeps the record as JSON in its dead
	 * letter: replayed, it goes back through the inbox (which reads JSON) and fails for the same reason. (It kept the
	 * CSV line, without its header: the replay became a second dead letter, "not JSON … Unrecognized token"; review 23.)
	 */
	@Test
	void aCsvRowAStepRefusedIsReplayedAsItsRecord(@TempDir Path sources, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(sources.resolve("lines.isl"), """
				package pc

				system Erp kind erp {
				    record Line csv { id : string, qty : integer, ^at : timestamp }
				    endpoint lines file "inbox" pattern "*.csv" receives Line
				}

				system Lake kind erp {
				    record Copy json { id : string, qty : integer, ^at : timestamp }
				    endpoint copies jdbc embedded table "COPIES" sends Copy
				}

				mapping LineToCopy : Erp.Line -> Lake.Copy {
				    id  <- id
				    qty <- qty
				    ^at <- ^at
				}

				flow CopyLines {
				    from Erp.lines
				    to Lake.copies via LineToCopy
				    dead-letter
				}
				""");
		RunnerTestProjects.generateFrom(sources, generated);
		drop(root, "inbox/t.csv", "id,qty,at\na1,1,2026-12-01T10:00:00Z\na6,6,2026-13-01T10:00:00Z\n");
		dev.isthmus.runner.RunnerOptions options = dev.isthmus.runner.RunnerOptions.of(generated).withRoot(root)
				.withLog(RunnerTestProjects.nowhere());
		onceWithinAMinute(options);
		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		assertEquals(1, letters.size(), letters.toString());
		String reason = letters.get(0).reason();
		// the file's line, as a row that could not be read says it (it said only the field, review 37's left-out list)
		assertTrue(reason.startsWith("inbox/t.csv:3: from pc.Erp.lines: the record does not fit pc.Erp.Line: at must be a timestamp"), reason);
		assertEquals("{\"id\":\"a6\",\"qty\":6,\"at\":\"2026-13-01T10:00:00Z\"}", letters.get(0).record());

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(new ByteArrayOutputStream())).run("dlq", "replay",
				String.valueOf(letters.get(0).id()), "--root", root.toString()), text(out));
		long first = letters.get(0).id();
		onceWithinAMinute(options);
		letters = RunnerTestProjects.deadLetters(generated, root);
		// (the replayed letter is listed no longer: a dead one is the replay's)
		assertEquals(1, letters.size(), letters.toString());
		assertTrue(letters.get(0).id() != first, letters.toString());
		assertEquals(reason, letters.get(0).reason(), "the replay failed as the row did, not as text that is no JSON");
	}
}
