package dev.isthmus.benchmarks.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The runner alone, as {@code isthmus run --once} runs it in a JVM of its own: writes the usage events (1,000,000
 * unless the second argument says otherwise), runs {@link UsageBenchmark#isthmus} (its result checked against the
 * expected rows) once, or as many times as the third argument says, each on a journal of its own, and prints events
 * per second for each round. The first round pays for the JIT compilers (about 12 CPU seconds on the 2-core CI
 * machine, {@code -XX:+CITime}), the later ones show the runner warm, as a long-running one is. For comparing JVM
 * settings or builds side by side, alternating runs, e.g. the collectors:
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
			int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
			// The process's CPU time per event too: on a shared machine it varies less than the wall clock's rate.
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
					.getOperatingSystemMXBean();
			for (int round = 1; round <= rounds; round++) {
				long cpu = os.getProcessCpuTime();
				double rate = UsageBenchmark.isthmus(configuration, events, dir.resolve("runner-" + round), expected);
				double micros = (os.getProcessCpuTime() - cpu) / 1e3 / count;
				System.out.printf("Isthmus runner (%s), round %d: %,.0f events/s, %.1f CPU µs/event%n",
						java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(), round, rate, micros);
			}
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
