package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * A number the runtime cannot write out in full (review 20, High): {@code 1e10000} in a decimal field, or inside an
 * opaque object carried whole, failed where its record was written (its trace, its delivery), which failed the whole
 * batch — every run stopped on it ("a string writer does not fail"), and a webhook flow retried it every second for
 * good, its later records never read. Now such a record is a dead letter of the flow's {@code from} step and the
 * others go on. Seen failing before the fix.
 */
class RunnerHugeNumbersTest {

	@Test
	void aNumberPastWhatCanBeWrittenIsADeadLetterAndTheOthersGoOn(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate("runner-numbers", generated);
		RunnerTestProjects.drop(root, "in/a.ndjson", """
				{"id":"1","amount":1e10000}
				{"id":"2","amount":5}
				{"id":"3","amount":1.5,"extra":{"x":1e-99999}}
				{"id":"4","amount":1e9999}
				""");
		RunSummary summary = Runner.once(RunnerTestProjects.options(generated, root, Map.of()));
		assertTrue(summary.render().contains("num.Copy"), summary.render());
		List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
		assertEquals(List.of("1", "3"), letters.stream().map(l -> l.record().substring(7, 8)).toList(), letters.toString());
		assertTrue(letters.get(0).reason().contains("holds a number past what the runtime can write out in full (an exponent beyond ±9999)"),
				letters.get(0).reason());
		String written;
		try (Stream<Path> files = Files.list(root.resolve("out"))) {
			written = files.map(f -> {
				try {
					return Files.readString(f);
				} catch (java.io.IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}).reduce("", String::concat);
		}
		assertTrue(written.contains("\"id\":\"2\"") && written.contains("\"id\":\"4\"") && !written.contains("\"id\":\"1\""), written);
	}
}
