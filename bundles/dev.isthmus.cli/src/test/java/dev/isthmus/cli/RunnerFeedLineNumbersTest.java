package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;

/**
 * {@code --feed} of NDJSON names a record by its line in the file, as a watched directory does. A review fed a good
 * record, a blank line and {@code not json}: the dead letter said {@code feed:z.ndjson:2}, and 'dlq' "it is at
 * z.ndjson line 2: correct it there", where the bad text is on line 3 (blank lines were dropped before counting).
 * Seen failing before the fix.
 */
class RunnerFeedLineNumbersTest {

	static final String PROJECT = """
			system Erp kind product {
			    record Row json {
			        id    : string
			        name  : string
			    }
			    endpoint exports file "in" pattern "*.ndjson" receives Row
			    endpoint copies file "out" pattern "o-*.ndjson" sends Row
			}
			flow Copy { from Erp.exports to Erp.copies dead-letter }
			""";

	private static final String GOOD = "{\"id\":\"1\",\"name\":\"a\"}";

	@Test
	void aBadLineAfterABlankLineIsNamedByItsLineInTheFile(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Path feed = Files.writeString(project.resolve("z.ndjson"), GOOD + "\n\nnot json\n");

		DeadLetters.DeadLetter letter = onlyDeadLetter(project, generated, root, feed);

		assertEquals("feed:" + feed + ":3", letter.origin());
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run("dlq", "show", String.valueOf(letter.id()),
				"--root", root.toString()), text(err));
		assertTrue(text(out).contains(feed + " line 3"), text(out));
	}

	@Test
	void aByteOrderMarkAndBlankLinesAtTheStartAreLinesToo(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Path feed = Files.writeString(project.resolve("bom.ndjson"), "\uFEFF\n" + GOOD + "\r\n\r\n  \r\nnot json\r\n");

		assertEquals("feed:" + feed + ":5", onlyDeadLetter(project, generated, root, feed).origin());
	}

	@Test
	void aFileOfOneBadLineIsLineOne(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Path feed = Files.writeString(project.resolve("one.ndjson"), "not json\n");

		assertEquals("feed:" + feed + ":1", onlyDeadLetter(project, generated, root, feed).origin());
	}

	/**
	 * A feed is journaled in transactions of {@code Feeds.FEED_BATCH} records: one past two of them, with a bad line
	 * at a transaction's start, is delivered whole, once, in order, the bad line a dead letter under its own line.
	 */
	@Test
	void aFeedOfSeveralTransactionsIsDeliveredWholeOnce(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		StringBuilder lines = new StringBuilder();
		for (int n = 1; n <= 2_345; n++) {
			lines.append(n == 2_001 ? "not json" : "{\"id\":\"" + n + "\",\"name\":\"n" + n + "\"}").append('\n');
		}
		Path feed = Files.writeString(project.resolve("many.ndjson"), lines);

		assertEquals("feed:" + feed + ":2001", onlyDeadLetter(project, generated, root, feed).origin());
		List<Integer> ids = new java.util.ArrayList<>();
		try (java.util.stream.Stream<Path> files = Files.list(root.resolve("out"))) {
			for (Path file : files.toList()) {
				List<Integer> inFile = Files.readAllLines(file).stream()
						.map(line -> Integer.valueOf(line.replaceAll(".*\"id\":\"(\\d+)\".*", "$1"))).toList();
				assertEquals(inFile.stream().sorted().toList(), inFile, "a file's records in the feed's order: " + file);
				ids.addAll(inFile);
			}
		}
		List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, 2_345).filter(n -> n != 2_001).boxed().toList();
		assertEquals(expected, ids.stream().sorted().toList(), "every record once");
	}

	/**
	 * A line too long for the journal is a dead letter the feed writes itself, which no flow reads: the --once summary
	 * said {@code received 1 ... dead 0} and printed no {@code isthmus dlq list}, while 'dlq list' showed the letter.
	 * Counted now as a file source's too-long record is: received and dead. Seen failing before the fix.
	 */
	@Test
	void aLineTooLongForTheJournalIsReceivedAndDeadInTheSummary(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Path feed = Files.writeString(project.resolve("long.ndjson"),
				GOOD + "\n{\"id\":\"2\",\"name\":\"" + "x".repeat(1_000_001) + "\"}\n");
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root",
				root.toString(), "--feed", "Erp.exports=" + feed), text(err));

		String printed = text(out);
		List<String> row = printed.lines().map(line -> List.of(line.trim().split("\\s+"))).filter(words -> words.get(0).endsWith("Copy"))
				.findFirst().orElseThrow(() -> new AssertionError(printed));
		// flow, received, filtered, duplicate, dead, queued, held
		assertEquals(List.of("2", "0", "0", "1"), row.subList(1, 5), printed);
		assertTrue(printed.lines().anyMatch(line -> line.startsWith("1 dead letter. To see it")), printed);
		assertTrue(printed.lines().anyMatch(line -> line.startsWith("  isthmus dlq list")), printed);
		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		assertEquals(1, letters.size(), letters.toString());
		assertEquals("feed:" + feed + ":2", letters.get(0).origin());
	}

	/**
	 * A file two --feed options match (a glob and its name) was fed twice, its records delivered twice (review 22): fed
	 * once, and said. A directory is told to be one, with the glob to give instead.
	 */
	@Test
	void aFileMatchedByTwoFeedsIsFedOnce(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		Path samples = Files.createDirectories(root.resolve("samples"));
		Path a = Files.writeString(samples.resolve("a.ndjson"), GOOD + "\n");
		Files.writeString(samples.resolve("b.ndjson"), "{\"id\":\"2\",\"name\":\"b\"}\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

		assertEquals(IsthmusCommandLine.USAGE, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--feed",
				"Erp.exports=" + samples), text(err));
		assertTrue(text(err).contains("is a directory; give a file, or a glob of files in it (" + samples.resolve("*.ndjson") + ")"), text(err));

		err.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--feed",
				"Erp.exports=" + samples.resolve("*.ndjson"), "--feed", "Erp.exports=" + a), text(err));
		assertTrue(text(err).contains("--feed Erp.exports: " + a + " is matched by more than one --feed; it is fed once."), text(err));
		List<String> delivered = new java.util.ArrayList<>();
		try (java.util.stream.Stream<Path> files = Files.list(root.resolve("out"))) {
			for (Path file : files.toList()) {
				delivered.addAll(Files.readAllLines(file));
			}
		}
		assertEquals(2, delivered.size(), delivered.toString());
	}

	private static DeadLetters.DeadLetter onlyDeadLetter(Path project, Path generated, Path root, Path feed) throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString(), "--feed",
				"Erp.exports=" + feed);
		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		assertEquals(1, letters.size(), letters + "\n" + text(out) + text(err));
		return letters.get(0);
	}
}
