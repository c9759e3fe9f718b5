package dev.isthmus.benchmarks.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The runner alone, as {@code isthmus run --once} runs it in a JVM of its own: writes the usage events (1,000,000
 * unless the second argument says otherwise), runs {@link UsageBenchmark#isthmus} once (its result checked against
 * the expected rows) and prints events per second. For comparing JVM settings side by side, alternating runs, e.g.
 * the collectors:
 *
 * <pre>
 * for gc in G1 Parallel G1 Parallel; do
 *   java -Xmx4g -XX:+Use${gc}GC -cp releng/dev.isthmus.benchmarks/target/benchmarks.jar \
 *     dev.isthmus.benchmarks.usage.UsageBenchmarkRunnerOnly target/usage-benchmark
 * done
 * </pre>
 *
 * (after {@code usage-benchmark} has generated {@code target/usage-benchmark}).
 */
public final class UsageBenchmarkRunnerOnly {

	private UsageBenchmarkRunnerOnly() {
	}

	public static void main(String[] args) throws Exception {
		Path configuration = Path.of(args[0]);
		int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
		Path dir = Files.createTempDirectory("isthmus-usage-benchmark");
		try {
			Path events = dir.resolve("events.ndjson");
			UsageEvents expected = UsageEvents.write(events, count, 20261121L);
			double rate = UsageBenchmark.isthmus(configuration, events, dir.resolve("runner"), expected);
			System.out.printf("Isthmus runner (%s): %,.0f events/s%n",
					java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(), rate);
		} finally {
			delete(dir);
		}
	}

	private static void delete(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
