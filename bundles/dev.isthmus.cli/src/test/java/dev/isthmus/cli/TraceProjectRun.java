package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests of {@code isthmus dlq} after a run: before each test the runner-trace project is run once
 * ({@link RunnerTraceOutcomesTest#runOnce}), leaving its dead letters in the run root's journal, with the command line
 * to act on them and what it printed. Its API stays up until the test ends, for a replay run again.
 */
abstract class TraceProjectRun {

	@TempDir
	Path generated;
	@TempDir
	Path root;
	final ByteArrayOutputStream out = new ByteArrayOutputStream();
	final ByteArrayOutputStream err = new ByteArrayOutputStream();
	final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
	private AutoCloseable api;

	@BeforeEach
	void run() throws Exception {
		api = RunnerTraceOutcomesTest.runOnce(generated, root);
	}

	@AfterEach
	void stop() throws Exception {
		api.close();
	}
}
