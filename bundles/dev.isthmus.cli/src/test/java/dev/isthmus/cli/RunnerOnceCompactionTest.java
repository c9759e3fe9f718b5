package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.internal.JournalCompaction;

/**
 * A drained {@code run --once} leaves its journal file mostly live data. Each run's commits stayed in the file (H2's
 * compaction at close takes 200 ms and not the chunks of the last 45 s), so a daily run grew it by about a hundred
 * times its live data: three runs of 100,000 records, 413 MB for about 3 MB live. Runs with small batches (a commit
 * every ten records) stand in for that here; the second run proves the rewritten journal whole (its keys skip the
 * records sent again). Seen failing before the fix (fill rate 3%).
 */
class RunnerOnceCompactionTest {

	/** The feed test's project, its flow idempotent: the second run's records are its first run's again. */
	private static final String PROJECT = RunnerFeedLineNumbersTest.PROJECT.replace("from Erp.exports to", "from Erp.exports idempotent on id for 30d to");

	@Test
	void aDrainedRunLeavesItsJournalMostlyLive(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		StringBuilder lines = new StringBuilder();
		for (int n = 1; n <= 5_000; n++) {
			lines.append("{\"id\":\"").append(n).append("\",\"name\":\"row ").append(n).append("\"}\n");
		}
		RunnerTestProjects.drop(root, "in/a.ndjson", lines.toString());

		String log = once(generated, root);
		Path journal = root.resolve(".isthmus/journal");
		long size = Files.size(root.resolve(".isthmus/journal.mv.db"));
		int fillRate = fillRate(journal); // (opening and closing it compacts it a little: read once)
		// Mostly live, or too small to be worth rewriting (64 MB). How large the run leaves it before the rewrite goes by
		// how H2 stores its commits in chunks, which goes by the run's pace: once in CI a run was left under it or mostly
		// live without a rewrite, and the log's journal.compacted, asserted then, was not there.
		assertTrue(fillRate >= 50 || size < 64L * 1024 * 1024,
				"the journal is mostly live data after the run: " + fillRate + "% of " + size + " bytes\n" + log);

		RunnerTestProjects.drop(root, "in/b.ndjson", lines.toString());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(new ByteArrayOutputStream())).run("run",
				generated.toString(), "--once", "--batch", "1", "--root", root.toString(), "--management-port", "off"));
		assertTrue(text(out).matches("(?s).*Copy\\s+5000\\s+0\\s+5000\\s+0\\s+0\\s+0.*"),
				"the same records again are duplicates, by the keys in the rewritten journal:\n" + text(out));
	}

	/**
	 * A running runner's compaction did not shrink what a burst of large webhooks left (3.5 GB, 3 MB of it live): a start
	 * rewrites an embedded journal of 64 MB or more that is less than half live. The file is bloated here by a table of
	 * the test's own (100 rows of 1 MB, each its own commit, then dropped).
	 */
	@Test
	void aStartRewritesAJournalMostlyDead(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunnerOptions options = RunnerTestProjects.options(generated, root, java.util.Map.of()).withPorts("127.0.0.1", 0, -1).withLog(print(log));
		Files.createDirectories(root.resolve(".isthmus"));
		// (MAX_COMPACT_TIME=0: H2's own compaction at close would take back a file this small)
		try (Connection c = DriverManager.getConnection(options.journal() + ";MAX_COMPACT_TIME=0"); java.sql.Statement s = c.createStatement()) {
			s.execute("CREATE TABLE BLOAT (ID INT PRIMARY KEY, P VARCHAR)");
			String megabyte = "x".repeat(1_000_000);
			for (int i = 0; i < 100; i++) {
				try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO BLOAT VALUES (?, ?)")) {
					insert.setInt(1, i);
					insert.setString(2, megabyte + i);
					insert.executeUpdate();
				}
			}
			s.execute("DROP TABLE BLOAT");
		}
		Path file = root.resolve(".isthmus/journal.mv.db");
		long before = Files.size(file);
		assertTrue(before > 64L * 1024 * 1024, "a journal file of " + before + " bytes");

		try (Runner runner = Runner.start(options)) {
			assertTrue(text(log).contains("\"event\":\"journal.compacted\""), text(log));
			assertTrue(Files.size(file) < before / 10, "rewritten at the start: " + Files.size(file) + " bytes of " + before);
		}
	}

	/** {@code run --once --batch 1} through the library, as the command runs it; returns the log. */
	private static String once(Path generated, Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunSummary summary = Runner.once(RunnerTestProjects.options(generated, root, java.util.Map.of()).withBatchSize(1).withLog(print(log)));
		assertEquals(5_000, summary.flows().get(0).received(), text(log));
		return text(log);
	}

	private static int fillRate(Path journal) throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + journal.toAbsolutePath() + ";IFEXISTS=TRUE")) {
			return JournalCompaction.of(c).compaction().liveRate();
		}
	}
}
