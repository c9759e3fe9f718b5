package dev.isthmus.cli;

import static dev.isthmus.cli.H2Project.sql;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code run --once} whose source fails after the run started (its database gone, a polled query failing on a
 * row) says that the run stopped, prints what it did before, and names no class of the runner's. (It said "refused to
 * start: - the run stopped: dev.isthmus.runner.internal.Connections$Unusable: …", with no summary; review 23.)
 */
class RunnerOnceStoppedTest {

	private static final String PROJECT = """
			package stopping

			record Row json {
			    k    : integer
			    id   : integer
			    note : string
			}

			system Db kind erp {
			    endpoint rows jdbc env DB query "SELECT K, 10 / (3 - K) AS ID, NOTE FROM T" key "K" receives Row
			}

			system Out kind workflow {
			    endpoint rows file "out" pattern "rows-*.ndjson" sends Row
			}

			flow Rows {
			    from Db.rows
			    to Out.rows
			}
			""";

	@Test
	void aSourceFailingAfterTheStartStopsTheRunWithItsSummary(@TempDir Path sources, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		String db = H2Project.generate(sources, "stopping.isl", PROJECT, generated, root);
		// The query fails on the row at K = 3 (a division by zero), whenever the database comes to it.
		sql(db, "CREATE TABLE T (K INT PRIMARY KEY, NOTE VARCHAR(20))", "INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'c')");
		Path env = Files.writeString(root.resolve("db.env"), "DB=" + db + "\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString(),
				"--env-file", env.toString(), "--batch", "1");

		assertEquals(IsthmusCommandLine.PROBLEMS, code, text(out) + text(err));
		String said = text(err);
		assertTrue(said.contains("isthmus run: the run stopped before its sources were drained: "), said);
		assertTrue(said.contains("Division by zero") || said.contains("division by zero"), said);
		assertTrue(said.contains("once that is put right, 'isthmus run --once' with the same --root goes on from there."), said);
		assertFalse(said.contains("refused to start") || said.contains("dev.isthmus.runner"), said);
		assertTrue(text(out).startsWith("flow ") && text(out).contains("stopping.Rows"), "the summary of what was done: " + text(out));
	}
}
