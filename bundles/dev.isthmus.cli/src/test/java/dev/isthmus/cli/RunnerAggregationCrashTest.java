package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of aggregation windows: a runner in a child JVM is killed with SIGKILL at random moments and started
 * again while it sums usage events by customer, SKU and hour into a table (insert-only, no key to hide a double).
 * A file of 1,500 events is dropped before each round, so that each run has records to sum when it is killed.
 * Windows close as the events' time passes them, so kills land while groups are held, combined, delivered, and
 * while the journal rows that hold records of closed and still open groups are deleted or written again. At the end
 * each group is in the table once, with the sum of all its events: nothing lost, nothing doubled, no group split.
 * {@code -Disthmus.crash.rounds=150} soaks longer ({@code -Disthmus.crash.seed} picks another run).
 */
class RunnerAggregationCrashTest {

	/** Events per file; a file is dropped before each round. */
	static final int LINES = 1500;
	static final Instant FIRST = Instant.parse("2026-11-01T00:00:00Z");

	@Test
	void killedAtRandomAndRestartedEveryGroupIsSummedOnce(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(RunnerCrashTest.print(new ByteArrayOutputStream()), RunnerCrashTest.print(err));
		assertEquals(IsthmusCommandLine.OK, cli.run("generate", "src/test/resources/runner-usage", "-o", generated.toString()), RunnerCrashTest.text(err));

		Random random = new Random(Long.getLong("isthmus.crash.seed", 7));
		int rounds = Integer.getInteger("isthmus.crash.rounds", 20);
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		// customer|sku|hour -> the sum of its events' quantities
		Map<String, Long> expected = new TreeMap<>();
		List<String> files = new ArrayList<>();
		long span = 12 * 3600;
		for (int f = 0; f < rounds; f++) {
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < LINES; i++) {
				int n = f * LINES + i;
				// In time order over twelve hours, give or take two minutes: windows close as the files are read.
				Instant at = FIRST.plusSeconds(span * n / ((long) rounds * LINES) + random.nextInt(241));
				String customer = "c" + random.nextInt(15);
				String sku = random.nextBoolean() ? "gb" : "api";
				int quantity = 1 + random.nextInt(1000);
				String event = "{\"eventId\":\"e" + n + "\",\"customerId\":\"" + customer + "\",\"sku\":\"" + sku + "\",\"quantity\":" + quantity
						+ ",\"occurredAt\":\"" + at + "\"}\n";
				lines.append(event);
				if (i % 40 == 0) {
					// A sender's duplicate: skipped by the flow's idempotency, never summed twice.
					lines.append(event);
				}
				expected.merge(customer + "|" + sku + "|" + at.truncatedTo(ChronoUnit.HOURS), (long) quantity, Long::sum);
			}
			files.add(lines.toString());
		}

		Path log = root.resolve("runner.log");
		List<Integer> kills = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			// A file per round, so that each run has records to sum when it is killed.
			Path file = Files.writeString(inbox.resolve(String.format("usage-%04d.ndjson", round)), files.get(round));
			// Written a while ago: a running runner waits for a file to be left alone.
			Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));
			Process runner = child(generated, root, log, false);
			int after = 400 + random.nextInt(1400);
			Thread.sleep(after);
			runner.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
			runner.waitFor();
			kills.add(after);
		}
		// The last run drains: every window still open is over by the wall clock, and closes.
		Process last = child(generated, root, log, true);
		if (!last.waitFor(120, TimeUnit.SECONDS)) {
			last.destroyForcibly();
			fail("the final --once run did not finish in 2 minutes; kills after " + kills + " ms\n" + tail(log));
		}
		assertEquals(0, last.exitValue(), () -> tail(log));

		Map<String, Long> inTable = new TreeMap<>();
		List<String> doubled = new ArrayList<>();
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data"));
				ResultSet r = c.createStatement().executeQuery("SELECT CUSTOMER, SKU, WINDOW_START, QUANTITY FROM USAGE_HOURLY")) {
			while (r.next()) {
				String group = r.getString(1) + "|" + r.getString(2) + "|" + r.getObject(3, OffsetDateTime.class).toInstant();
				Long before = inTable.put(group, r.getLong(4));
				if (before != null) {
					// Its rows' sums and the expected one: parts of it (split) or all of it again (delivered twice).
					doubled.add(group + ": " + before + " and " + r.getLong(4) + ", expected " + expected.get(group));
				}
			}
		}
		String history = rounds + " kills after " + kills + " ms";
		List<String> wrong = new ArrayList<>();
		expected.forEach((group, sum) -> {
			if (!sum.equals(inTable.get(group)) && wrong.size() < 10) {
				wrong.add(group + ": " + inTable.get(group) + " instead of " + sum);
			}
		});
		if (!doubled.isEmpty() || !wrong.isEmpty()) {
			RunnerCrashTest.keep(root);
		}
		assertEquals(List.of(), doubled, () -> "groups in the table more than once (split or delivered twice); " + history + "\n" + tail(log));
		assertEquals(List.of(), wrong, () -> "groups with a wrong sum (records lost or doubled); " + history + "\n" + tail(log));
		assertEquals(expected.keySet(), inTable.keySet(), () -> "groups missing or unexpected; " + history);
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/journal"));
				ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM ISTHMUS_HELD")) {
			r.next();
			assertEquals(0, r.getInt(1), "every held record was combined, so no journal row of them is left; " + history);
		}
	}

	private static Process child(Path generated, Path root, Path log, boolean once) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), IsthmusCommandLine.class.getName(),
				"run", generated.toString(), "--root", root.toString(), "--port", "0", "--management-port", "off", "--batch", "50"));
		if (once) {
			command.add("--once");
		}
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		} catch (java.io.IOException e) {
			return e.toString();
		}
	}
}
