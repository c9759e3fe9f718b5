package dev.isthmus.benchmarks.usage;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The runner benchmark, side by side with Apache Camel in one process: N NDJSON usage events (default 1,000,000)
 * → map → idempotency → aggregate by customer, sku and hour → a JDBC table on embedded H2, the journal on. Both
 * results are checked against the expected sums before any figure is printed.
 *
 * <pre>releng/dev.isthmus.benchmarks/usage-benchmark [events] [rounds]</pre>
 */
public final class UsageBenchmark {

	private UsageBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path configuration = Path.of(args[0]);
		int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
		int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
		Path work = Files.createTempDirectory("isthmus-usage-benchmark");
		Path events = work.resolve("events.ndjson");
		UsageEvents expected = UsageEvents.write(events, count, 20261121L);
		boolean keep = Boolean.getBoolean("isthmus.benchmark.keep");
		System.out.printf("%,d events (%,d duplicates), %,d hourly rows expected; work in %s%s%n", expected.lines(), expected.duplicates(),
				expected.expected().size(), work, keep ? "" : " (deleted after each round; -Disthmus.benchmark.keep=true keeps it)");
		// Camel's aggregator keeps its groups in memory unless given a repository; with camel-sql's JDBC one they survive
		// a crash (a reference figure, not the runner's guarantees: see CamelUsageRoute), and it takes minutes per
		// million events, so it is asked for.
		boolean durableCamel = Boolean.getBoolean("isthmus.benchmark.durableCamel");
		for (int round = 1; round <= rounds; round++) {
			double isthmus = isthmus(configuration, events, work.resolve("isthmus-" + round), expected);
			double camel = camel(events, work.resolve("camel-" + round), CamelUsageRoute.Groups.MEMORY, expected);
			System.out.printf("round %d: Isthmus runner %,.0f events/s, Camel route %,.0f events/s: Isthmus %.1fx%n", round, isthmus, camel,
					isthmus / camel);
			if (durableCamel) {
				double durable = camel(events, work.resolve("camel-jdbc-" + round), CamelUsageRoute.Groups.JDBC, expected);
				System.out.printf("round %d: Camel route with its groups in camel-sql's JdbcAggregationRepository %,.0f events/s:"
						+ " Isthmus %.1fx%n", round, durable, isthmus / durable);
			}
			if (!keep) {
				// A round leaves some gigabytes of databases (the journal keeps every event's trace).
				delete(work.resolve("isthmus-" + round));
				delete(work.resolve("camel-" + round));
				if (durableCamel) {
					delete(work.resolve("camel-jdbc-" + round));
				}
			}
		}
		if (!keep) {
			delete(work);
		}
	}

	private static void delete(Path directory) throws java.io.IOException {
		try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
			for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	/** The runner with its defaults (journal, traces, checkpoints), timed from start-up checks to the last row. */
	static double isthmus(Path configuration, Path events, Path root, UsageEvents expected) throws Exception {
		Files.createDirectories(root.resolve("inbox"));
		Files.copy(events, root.resolve("inbox/events.ndjson"));
		try (PrintStream log = new PrintStream(Files.newOutputStream(root.resolve("runner.log")), false)) {
			RunnerOptions options = RunnerOptions.of(configuration).withRoot(root).withPorts("127.0.0.1", 0, -1).withLog(log)
					.withEnvironment(name -> null).withTraces(!Boolean.getBoolean("isthmus.noTraces"));
			long start = System.nanoTime();
			RunSummary summary = Runner.once(options);
			long elapsed = System.nanoTime() - start;
			check("Isthmus", rows("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data")), expected);
			long duplicates = summary.flows().get(0).duplicates();
			if (duplicates != expected.duplicates()) {
				throw new IllegalStateException("Isthmus skipped " + duplicates + " duplicates, expected " + expected.duplicates());
			}
			return expected.lines() / (elapsed / 1e9);
		}
	}

	static double camel(Path events, Path work, CamelUsageRoute.Groups groups, UsageEvents expected) throws Exception {
		PrintStream out = System.out;
		System.setOut(new PrintStream(OutputStream.nullOutputStream()));
		CamelUsageRoute.Result result;
		try {
			result = CamelUsageRoute.run(events, work, groups);
		} finally {
			System.setOut(out);
		}
		check("Camel", CamelUsageRoute.usageHourly(work), expected);
		return expected.lines() / (result.elapsedNanos() / 1e9);
	}

	static Map<UsageEvents.Window, Long> rows(String url) throws Exception {
		Map<UsageEvents.Window, Long> rows = new HashMap<>();
		try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE"); Statement s = c.createStatement();
				ResultSet r = s.executeQuery("SELECT CUSTOMER, SKU, WINDOW_START, QUANTITY FROM USAGE_HOURLY")) {
			while (r.next()) {
				UsageEvents.Window key = new UsageEvents.Window(r.getString(1), r.getString(2), r.getObject(3, OffsetDateTime.class).toInstant());
				if (rows.put(key, r.getLong(4)) != null) {
					throw new IllegalStateException("USAGE_HOURLY has two rows for " + key);
				}
			}
		}
		return rows;
	}

	static void check(String who, Map<UsageEvents.Window, Long> rows, UsageEvents expected) {
		if (!rows.equals(expected.expected())) {
			throw new IllegalStateException(who + " wrote " + rows.size() + " rows that differ from the " + expected.expected().size()
					+ " expected; no figure is reported");
		}
	}
}
