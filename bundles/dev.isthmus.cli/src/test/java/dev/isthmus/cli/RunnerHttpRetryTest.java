package dev.isthmus.cli;

import static dev.isthmus.cli.HttpTargetProject.feed;
import static dev.isthmus.cli.HttpTargetProject.options;
import static dev.isthmus.cli.HttpTargetProject.reasons;
import static dev.isthmus.cli.HttpTargetProject.retrying;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * How long the runner waits on an HTTP target: an attempt's timeout (one too long to count is a day), and the wait
 * before a retry (Retry-After the least, the configured delay never shortened, an hour at most).
 */
class RunnerHttpRetryTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
	}

	/** A timeout of 999999999 days is a day: every delivery failed with "long overflow" (the JDK counts nanoseconds). */
	@Test
	void aTimeoutTooLongToCountIsADay(@TempDir Path root) throws Exception {
		try (HttpTargetApi api = new HttpTargetApi()) {
			RunSummary summary = Runner.once(options(generated, root, api, new ByteArrayOutputStream(), Map.of())
					.withFeeds(List.of(feed(root, "patientForever", "ok/x"))));
			assertEquals(List.of("/ok/item/x"), api.paths, summary.render());
			assertEquals(List.of(), deadLetters(generated, root), reasons(deadLetters(generated, root)));
		}
	}

	@Test
	void retryAfterIsTheLeastWaitAndNoWaitIsShorterThanTheConfiguredDelay(@TempDir Path root) throws Exception {
		// Each kind of answer in a run of its own: a target failing the same way is said once, then counted (see
		// RunnerDownTargetLogTest), so in one run the 503s after the first would not be logged.
		String[] e503 = new String[20];
		for (int i = 0; i < 20; i++) {
			e503[i] = "e503/n" + i;
		}
		String[][] runs = { e503, { "r429/x" }, { "r503date/x" }, { "r503day/x" } };
		for (int run = 0; run < runs.length; run++) {
			Path runRoot = java.nio.file.Files.createDirectories(root.resolve("run" + run));
			ByteArrayOutputStream log = new ByteArrayOutputStream();
			try (HttpTargetApi api = new HttpTargetApi()) {
				Runner.once(options(generated, runRoot, api, log, Map.of()).withFeeds(List.of(feed(runRoot, "retried", runs[run]))));
			}
			List<JsonNode> lines = retrying(log);
			assertTrue(lines.stream().anyMatch(l -> l.path("attempt").asInt() == 1), text(log));
			for (JsonNode line : lines) {
				long next = line.path("nextInMillis").asLong();
				String reason = line.path("reason").asText();
				if (reason.contains("/e503/")) {
					assertTrue(next >= 1000 && next <= 1250, "retry 1s waits at least 1 s and at most a quarter more: " + line);
				} else if (reason.contains("/r429/")) {
					assertTrue(next >= 30_000, "Retry-After: 30 is waited: " + line);
				} else if (reason.contains("/r503date/")) {
					assertTrue(next >= 110_000, "Retry-After as a date two minutes ahead is waited: " + line);
				} else {
					assertEquals(3_600_000, next, "Retry-After of a day waits the hour the runner waits at most: " + line);
				}
			}
		}
	}
}
