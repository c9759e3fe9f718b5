package dev.isthmus.benchmarks.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Camel baseline alone: writes the usage events (1,000,000 unless the first argument says otherwise) to a
 * temporary folder, runs {@link CamelUsageRoute} once and prints its events per second, but only after the rows it
 * wrote equal the expected ones. One cold run of a batch job, not a JMH measurement: the figure includes the JIT's
 * warm-up, as a nightly import's would. From the repository's top folder, after a build:
 * {@code java -cp releng/dev.isthmus.benchmarks/target/benchmarks.jar dev.isthmus.benchmarks.usage.UsageBenchmarkCamelOnly [events] [memory|jdbc]}
 * (where the aggregator keeps its groups, see {@link CamelUsageRoute.Groups}).
 */
public final class UsageBenchmarkCamelOnly {

	static final long SEED = 20261102L;

	private UsageBenchmarkCamelOnly() {
	}

	public static void main(String[] args) throws Exception {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		CamelUsageRoute.Groups groups = CamelUsageRoute.Groups.MEMORY;
		if (args.length > 1) {
			try {
				groups = CamelUsageRoute.Groups.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
			} catch (IllegalArgumentException e) {
				System.err.println("The second argument says where Camel keeps its groups: memory or jdbc, not " + args[1]);
				System.exit(2);
			}
		}
		Path dir = Files.createTempDirectory("isthmus-usage-");
		String wrong;
		try {
			Path events = dir.resolve("usage-events.ndjson");
			UsageEvents input = UsageEvents.write(events, count, SEED);
			Path camelDir = dir.resolve("camel");
			long begun = System.nanoTime();
			CamelUsageRoute.Result result = CamelUsageRoute.run(events, camelDir, groups);
			long withStartAndStop = System.nanoTime() - begun;
			Map<UsageEvents.Window, Long> written = CamelUsageRoute.usageHourly(camelDir);
			wrong = differences(input, result, written);
			if (wrong == null) {
				double seconds = result.elapsedNanos() / 1e9;
				System.out.printf("Camel (groups in " + groups + "): %,d events (%,d duplicates skipped) to %,d rows in %.2f s: %,.0f events/s"
						+ " (%.2f s with the CamelContext's start and stop)%n", result.eventsRead(),
						result.duplicatesSkipped(), result.rowsWritten(), seconds, result.eventsRead() / seconds,
						withStartAndStop / 1e9);
			}
		} finally {
			delete(dir);
		}
		if (wrong != null) {
			System.err.println("Camel's result is wrong, so no figure: " + wrong);
			System.exit(1);
		}
	}

	/** What is wrong with a run, or null if nothing: its counts and every row must be as expected. */
	static String differences(UsageEvents input, CamelUsageRoute.Result result, Map<UsageEvents.Window, Long> written) {
		if (result.eventsRead() != input.lines()) {
			return "read " + result.eventsRead() + " events of " + input.lines();
		}
		if (result.duplicatesSkipped() != input.duplicates()) {
			return "skipped " + result.duplicatesSkipped() + " duplicates of " + input.duplicates();
		}
		if (result.rowsWritten() != written.size()) {
			return "counted " + result.rowsWritten() + " rows written, the table has " + written.size();
		}
		if (!written.equals(input.expected())) {
			Set<UsageEvents.Window> keys = new HashSet<>(input.expected().keySet());
			keys.addAll(written.keySet());
			UsageEvents.Window first = keys.stream()
					.filter(k -> !Objects.equals(input.expected().get(k), written.get(k)))
					.min(Comparator.comparing(UsageEvents.Window::start).thenComparing(UsageEvents.Window::customer)
							.thenComparing(UsageEvents.Window::sku))
					.orElseThrow();
			return written.size() + " rows, " + input.expected().size() + " expected; first difference at " + first
					+ ": " + written.get(first) + " instead of " + input.expected().get(first);
		}
		return null;
	}

	private static void delete(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
