package dev.isthmus.benchmarks.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage benchmark's Camel baseline, both ways of keeping its groups, on a few thousand real events in a real H2
 * file: every hourly sum as expected, each once, and every duplicate skipped. The benchmark prints no figure for a
 * wrong answer; this says so before anyone waits minutes for a million events.
 */
class CamelUsageRouteTest {

	@TempDir
	Path work;

	@ParameterizedTest
	@EnumSource(CamelUsageRoute.Groups.class)
	void theRouteWritesEveryExpectedHourlySumOnce(CamelUsageRoute.Groups groups) throws Exception {
		Path events = work.resolve("events.ndjson");
		UsageEvents expected = UsageEvents.write(events, 3_000, 20261206L);
		assertTrue(expected.duplicates() > 0, "the events include duplicates to skip");

		CamelUsageRoute.Result result = CamelUsageRoute.run(events, work.resolve("camel"), groups);

		assertEquals(expected.lines(), result.eventsRead());
		assertEquals(expected.duplicates(), result.duplicatesSkipped());
		assertNull(UsageBenchmarkCamelOnly.differences(expected, result, CamelUsageRoute.usageHourly(work.resolve("camel"))));
	}
}
