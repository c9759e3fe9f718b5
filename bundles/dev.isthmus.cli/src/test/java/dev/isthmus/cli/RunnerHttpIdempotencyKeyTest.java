package dev.isthmus.cli;

import static dev.isthmus.cli.HttpTargetProject.JSON;
import static dev.isthmus.cli.HttpTargetProject.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The Idempotency-Key each request to an HTTP target carries: a record's own, kept when the same record goes again,
 * never another record's, which a target honouring keys would take for one it has and drop.
 */
class RunnerHttpIdempotencyKeyTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
	}

	/**
	 * A flow without an idempotency key tells records apart by origin and content: a file of the same name dropped
	 * again with another record gets another Idempotency-Key (it got the first one's, and a target honouring keys
	 * would have dropped it); the same record again keeps its key.
	 */
	@Test
	void aNewRecordUnderAnOldOriginGetsItsOwnIdempotencyKey(@TempDir Path root) throws Exception {
		try (HttpTargetApi api = new HttpTargetApi()) {
			Path file = root.resolve("orders.ndjson");
			for (String name : new String[] { "day1", "day2", "day2" }) {
				Files.writeString(file, JSON.createObjectNode().put("id", name).put("path", "ok").put("name", name) + "\n");
				Runner.once(options(generated, root, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Src.plain", file))));
			}
			assertEquals(List.of("/ok/item/day1", "/ok/item/day2", "/ok/item/day2"), api.paths);
			assertFalse(api.keys.get(0).equals(api.keys.get(1)), "two records, one key: " + api.keys);
			assertEquals(api.keys.get(1), api.keys.get(2), "the same record again keeps its key");
		}
	}

	/**
	 * Late records of a window that has closed make a group of their own, whose result goes out with a key of its
	 * own: under the first result's key a target would answer "already done" and drop it.
	 */
	@Test
	void aLateGroupsResultGetsItsOwnIdempotencyKey(@TempDir Path root, @TempDir Path another) throws Exception {
		try (HttpTargetApi api = new HttpTargetApi()) {
			Path file = root.resolve("readings.ndjson");
			for (String id : new String[] { "r1", "r2" }) {
				Files.writeString(file, JSON.createObjectNode().put("id", id).put("path", "ok").put("name", "meter")
						.put("occurredAt", "2026-11-01T10:15:00Z") + "\n");
				Runner.once(options(generated, root, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Meter.readings", file))));
			}
			assertEquals(List.of("/ok/item/meter", "/ok/item/meter"), api.paths, "each run closed the 10:00 window");
			assertFalse(api.keys.get(0).equals(api.keys.get(1)), "the late result took the first one's key: " + api.keys);
			// Another journal numbers its rows from 1 again: its first group's result is not the first journal's.
			Runner.once(options(generated, another, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Meter.readings", file))));
			assertEquals(3, api.keys.size(), api.paths.toString());
			assertFalse(api.keys.get(2).equals(api.keys.get(0)), "a new journal's group took an old journal's key: " + api.keys);
		}
	}
}
