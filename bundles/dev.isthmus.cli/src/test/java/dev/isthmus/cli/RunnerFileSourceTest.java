package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.onceWithinAMinute;
import static dev.isthmus.cli.BoundedWaits.waitFor;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.nowhere;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.TablesProject.archived;
import static dev.isthmus.cli.TablesProject.received;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The file source when its files are not as it expects, on the tables project with real files: files that cannot be
 * moved to done/, are still being written, hold a line too long for the journal, or are not files at all. Each test
 * was seen failing without its fix.
 */
class RunnerFileSourceTest {

	/**
	 * A file read to its end that cannot be moved to done/ (here done/ is a file, as a permission problem would do)
	 * stays where it is with its checkpoint at its end: the run ends, says why, and neither it nor the next run reads
	 * the file's records again. Once done/ can be made, the next run moves it.
	 */
	@Test
	void aFileThatCannotBeMovedToDoneIsNotReadAgain(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		drop(root, "import/d.csv", "invoiceNo,customer,amount\n401,cus_a,1\n402,cus_b,2\n");
		Files.writeString(root.resolve("import/done"), "in the way\n");
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunnerOptions options = TablesProject.options(generated, root, data).withLog(print(log));

		RunSummary first = onceWithinAMinute(options);
		assertEquals(2, received(first), first.render());
		assertEquals(new TreeSet<>(List.of("401|cus_a|1.00", "402|cus_b|2.00")), archived(root));
		assertTrue(Files.exists(root.resolve("import/d.csv")), "the file stays where it is");
		assertTrue(text(log).contains("\"file.move-failed\""), text(log));

		RunSummary second = Runner.once(options);
		assertEquals(0, received(second), "the file's records are journaled already\n" + second.render());

		Files.delete(root.resolve("import/done"));
		RunSummary third = Runner.once(options);
		assertEquals(0, received(third), third.render());
		assertTrue(Files.exists(root.resolve("import/done/d.csv")), "moved once done/ could be made");
	}

	/**
	 * A line longer than the journal keeps a record (a million characters) becomes a dead letter that says where the
	 * whole line is; the file's other lines go on, and the run ends.
	 */
	@Test
	void aLineTooLongForTheJournalIsDeadLetteredAndTheRestGoesOn(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), nowhere());
		drop(root, "import/e.csv", "invoiceNo,customer,amount\n601," + "x".repeat(1_100_000) + ",1\n602,cus_b,2\n");
		RunnerOptions options = TablesProject.options(generated, root, data);
		RunSummary run = onceWithinAMinute(options);
		assertEquals(new TreeSet<>(List.of("602|cus_b|2.00")), archived(root), run.render());
		cli.run("dlq", "list", "--root", root.toString(), "--flow", "FilesToTable");
		assertTrue(text(out).contains("1 dead letter" + System.lineSeparator()) && text(out).contains("more than the 1000000 the journal keeps"), text(out));
		assertTrue(Files.exists(root.resolve("import/done/e.csv")), "the file, long line included, is kept in done/");
	}

	/**
	 * A running runner reads a file once it has not changed for a while (its producer may still be writing it); a
	 * file changed "now" (here: stamped an hour ahead) waits, a file left alone is read.
	 */
	@Test
	void aRunningRunnerWaitsForAFileToBeLeftAlone(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		Path writing = drop(root, "import/a-writing.csv", "invoiceNo,customer,amount\n901,cus_a,1\n");
		Files.setLastModifiedTime(writing, FileTime.from(Instant.now().plusSeconds(3600)));
		Path done = drop(root, "import/b-done.csv", "invoiceNo,customer,amount\n902,cus_b,2\n");
		Files.setLastModifiedTime(done, FileTime.from(Instant.now().minusSeconds(60)));
		RunnerOptions options = TablesProject.options(generated, root, data).withPorts("127.0.0.1", 0, -1);
		try (Runner runner = Runner.start(options)) {
			waitFor(() -> archived(root).size() == 1);
			assertEquals(new TreeSet<>(List.of("902|cus_b|2.00")), archived(root), "the file being written waits");
			assertTrue(Files.exists(writing), "and stays where it is");
			Files.setLastModifiedTime(writing, FileTime.from(Instant.now().minusSeconds(60)));
			waitFor(() -> archived(root).size() == 2);
		}
		assertEquals(new TreeSet<>(List.of("901|cus_a|1.00", "902|cus_b|2.00")), archived(root));
	}

	/** A named pipe matching the pattern is not a file to read: opening it would wait for a writer, and hold the flow. */
	@Test
	void aNamedPipeInTheDirectoryIsLeftAlone(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		Files.createDirectories(root.resolve("import"));
		Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("import/a-pipe.csv").toString()).inheritIO().start();
		Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo makes the named pipe");
		Files.writeString(root.resolve("import/b.csv"), "invoiceNo,customer,amount\n501,cus_a,1\n");
		RunnerOptions options = TablesProject.options(generated, root, data);
		RunSummary run = onceWithinAMinute(options);
		assertEquals(1, received(run), run.render());
		assertEquals(new TreeSet<>(List.of("501|cus_a|1.00")), archived(root));
	}
}
