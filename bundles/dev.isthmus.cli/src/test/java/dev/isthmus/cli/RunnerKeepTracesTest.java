package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
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
 * How long traces are kept, as {@code run} takes it and {@code trace} explains it. A review found {@code --keep-traces
 * 0d} accepted, and a trace that had expired explained only as "--no-traces, or another --root?".
 */
class RunnerKeepTracesTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void keepingTracesForNoTimeIsRefusedWithTheRange(@TempDir Path generated) {
		for (String age : new String[] { "0d", "0s", "3651d", "99999999999999999999d" }) {
			err.reset();
			assertEquals(IsthmusCommandLine.USAGE, cli.run("run", generated.toString(), "--once", "--keep-traces", age), text(err));
			assertTrue(text(err).contains("--keep-traces takes an age from 1s to 3650d, such as 30min, 12h or 30d, not '" + age + "'"), text(err));
			assertFalse(text(err).contains("Exception"), text(err));
		}
	}

	@Test
	void minutesAreWrittenAsTheLanguageWritesThemToo(@TempDir Path generated) {
		// '2min' was refused ("not an age"), though the language writes minutes so; '2m' was taken
		for (String age : new String[] { "2min", "2m" }) {
			err.reset();
			cli.run("run", generated.toString(), "--once", "--keep-traces", age);
			assertFalse(text(err).contains("--keep-traces takes"), text(err));
		}
	}

	@Test
	void aTraceNotFoundMayHaveExpired(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root, "VARCHAR(100)", "VARCHAR(100)");
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n1,cus_a,1.00\n");
		Path env = Files.writeString(root.resolve("env"), "ERP_URL=" + data + "\n");
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--env-file",
				env.toString()), text(err));

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("trace", "tables.FilesToTable@file:import/gone.csv:2", "--root", root.toString()));
		String said = text(err);
		assertTrue(said.contains("no trace for 'tables.FilesToTable@file:import/gone.csv:2'"), said);
		assertTrue(said.contains("--keep-traces (7 days unless the runner was given another age)"), said);
		assertTrue(said.contains("--no-traces") && said.contains("another --root"), said);
	}
}
