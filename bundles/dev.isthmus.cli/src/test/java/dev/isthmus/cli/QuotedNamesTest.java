package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A record field whose name is no word — a CSV header such as {@code Customer Name}, declared quoted — could be
 * declared but neither read nor mapped: a mapping had no way to name it. Written in backticks, it is read, mapped,
 * tested and delivered under its own name.
 */
class QuotedNamesTest {

	private static final Path PROJECT = Path.of("src/test/resources/quoted");

	@Test
	void backtickedNamesAreReadMappedAndTested(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(RunnerTestProjects.print(out), RunnerTestProjects.print(err));
		// The second test reads a CSV sample, whose cells were all strings to test blocks (quantity "4" was no integer).
		assertEquals(IsthmusCommandLine.OK, cli.run("test", PROJECT.toString()), RunnerTestProjects.text(out) + RunnerTestProjects.text(err));
		assertEquals(true, RunnerTestProjects.text(out).endsWith("2 passed, 0 failed\n"), RunnerTestProjects.text(out));
		RunnerTestProjects.generateFrom(PROJECT, generated);
		RunnerTestProjects.drop(root, "in/orders.csv", "Order ID,Customer Name,unit price,quantity\no-1,Ada,2.50,4\no-2,\"Bo, Jr\",1.25,2\n");
		Runner.once(RunnerOptions.of(generated).withRoot(root).withLog(RunnerTestProjects.nowhere()));
		try (var files = Files.list(root.resolve("out"))) {
			Path written = files.filter(p -> p.getFileName().toString().endsWith(".ndjson")).findFirst().orElseThrow();
			assertEquals("{\"Order #\":\"o-1\",\"customer\":\"Ada\",\"Net Amount\":10.00}\n"
					+ "{\"Order #\":\"o-2\",\"customer\":\"Bo, Jr\",\"Net Amount\":2.50}\n", Files.readString(written));
		}
	}
}
