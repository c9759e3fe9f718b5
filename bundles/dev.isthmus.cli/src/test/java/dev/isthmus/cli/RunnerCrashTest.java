package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Crash safety: a runner in a child JVM is killed with SIGKILL at random moments and started again, over and
 * over, while it moves dropped NDJSON files into a table (insert-only, no key to hide a double) and into files.
 * At the end each record is in the table once and in the files once: nothing lost, nothing doubled. The same is done
 * for aggregation windows (see {@link #killedAtRandomWhileSummingByHourEveryGroupIsSummedOnce}).
 * {@code -Disthmus.crash.rounds=200} soaks longer, {@code -Disthmus.crash.seed=N} picks other moments.
 */
class RunnerCrashTest {

	static final int FILES = 6;
	static final int LINES = 700;

	@Test
	void killedAtRandomAndRestartedNothingIsLostNorDoubled(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(ShopProject.NAME, generated);

		Path inbox = Files.createDirectories(root.resolve("inbox/orders"));
		int expected = 0;
		for (int f = 0; f < FILES; f++) {
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < LINES; i++) {
				lines.append("{\"id\":\"f").append(f).append("-").append(i).append("\",\"customer\":\"c").append(i % 13)
						.append("\",\"amount\":").append(100 + i).append("}\n");
				if (i % 50 == 0) {
					// A sender's duplicate: skipped by the flow's idempotency, never delivered twice.
					lines.append("{\"id\":\"f").append(f).append("-").append(i).append("\",\"customer\":\"c").append(i % 13)
							.append("\",\"amount\":").append(100 + i).append("}\n");
				}
				expected++;
			}
			Path file = Files.writeString(inbox.resolve("orders-" + f + ".ndjson"), lines);
			// Written a while ago: a running runner waits for a file to be left alone, and the first rounds' kills
			// are to come while it reads.
			Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
		}

		int rounds = Integer.getInteger("isthmus.crash.rounds", 20);
		Random random = new Random(Long.getLong("isthmus.crash.seed", 7));
		Path log = root.resolve("runner.log");
		List<Integer> kills = killAndDrain(generated, root, log, rounds, random, round -> {
		});

		Map<String, Integer> inTable = new HashMap<>();
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data"));
				ResultSet r = c.createStatement().executeQuery("SELECT ORDERID FROM LEDGER_ENTRIES")) {
			while (r.next()) {
				inTable.merge(r.getString(1), 1, Integer::sum);
			}
		}
		Map<String, Integer> inFiles = new HashMap<>();
		// Where each record was found, so that a failure says which files hold a record twice.
		Map<String, List<String>> whereInFiles = new HashMap<>();
		ObjectMapper json = new ObjectMapper();
		try (Stream<Path> files = Files.list(root.resolve("outbox/entries"))) {
			for (Path file : files.filter(p -> p.getFileName().toString().startsWith("entries-")).toList()) {
				// JSON records are one per file, NDJSON many: read whatever objects the file holds.
				try (var records = json.readerFor(com.fasterxml.jackson.databind.JsonNode.class).<com.fasterxml.jackson.databind.JsonNode>readValues(file.toFile())) {
					while (records.hasNext()) {
						String id = records.next().path("orderId").asText();
						inFiles.merge(id, 1, Integer::sum);
						whereInFiles.computeIfAbsent(id, k -> new ArrayList<>()).add(file.getFileName().toString());
					}
				}
			}
		}
		String history = rounds + " kills after " + kills + " ms";
		if (inTable.size() != expected || inFiles.size() != expected) {
			keep(root);
		}
		List<String> lostFromTable = new ArrayList<>();
		for (int f = 0; f < FILES && lostFromTable.size() < 10; f++) {
			for (int i = 0; i < LINES && lostFromTable.size() < 10; i++) {
				String id = "f" + f + "-" + i;
				if (!inTable.containsKey(id)) {
					lostFromTable.add(id + (inFiles.containsKey(id) ? " (in the files)" : " (not in the files either)"));
				}
			}
		}
		assertEquals(expected, inTable.size(), () -> "records lost from the table, e.g. " + lostFromTable + "; " + history + "\n" + tail(log));
		assertTrue(inTable.values().stream().allMatch(n -> n == 1), "records doubled in the table; " + history);
		assertEquals(expected, inFiles.size(), () -> "records lost from the files; " + history + "\n" + tail(log));
		assertTrue(inFiles.values().stream().allMatch(n -> n == 1), () -> "records doubled in the files ("
				+ whereInFiles.entrySet().stream().filter(e -> e.getValue().size() > 1).limit(5).map(e -> e.getKey() + " in " + e.getValue()).toList()
				+ "); " + history + "\n" + tail(log));
		try (Stream<Path> done = Files.list(inbox.resolve("done"))) {
			assertEquals(FILES, done.count(), "every file read to its end moved to done/");
		}
	}

	/**
	 * The same for aggregation windows, on the usage project: the runner sums usage events by customer, SKU and hour
	 * into a table (insert-only). A file of {@value #USAGE_LINES} events is dropped before each round, so that each run
	 * has records to sum when it is killed. Windows close as the events' time passes them, so kills land while groups
	 * are held, combined, delivered, and while the journal rows that hold records of closed and still open groups are
	 * deleted or written again. At the end each group is in the table once, with the sum of all its events: nothing
	 * lost, nothing doubled, no group split.
	 */
	@Test
	void killedAtRandomWhileSummingByHourEveryGroupIsSummedOnce(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate("runner-usage", generated);

		Random random = new Random(Long.getLong("isthmus.crash.seed", 7));
		int rounds = Integer.getInteger("isthmus.crash.rounds", 20);
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		// customer|sku|hour -> the sum of its events' quantities
		Map<String, Long> expected = new TreeMap<>();
		List<String> files = new ArrayList<>();
		long span = 12 * 3600;
		for (int f = 0; f < rounds; f++) {
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < USAGE_LINES; i++) {
				int n = f * USAGE_LINES + i;
				// In time order over twelve hours, give or take two minutes: windows close as the files are read.
				Instant at = USAGE_FROM.plusSeconds(span * n / ((long) rounds * USAGE_LINES) + random.nextInt(241));
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
		// The last run drains: every window still open is over by the wall clock, and closes.
		List<Integer> kills = killAndDrain(generated, root, log, rounds, random, round -> {
			// A file per round, so that each run has records to sum when it is killed.
			Path file = Files.writeString(inbox.resolve(String.format("usage-%04d.ndjson", round)), files.get(round));
			// Written a while ago: a running runner waits for a file to be left alone.
			Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));
		});

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
			keep(root);
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

	/**
	 * SIGTERM (a service manager's stop, Ctrl+C) while the runner is busy: it stops within its bounded time, its
	 * batches in flight commit, and no error is logged (H2's own shutdown hook closed the databases under the flows,
	 * which then failed: "Database is already closed"); the same for a {@code --once} run, which says it stopped early.
	 * A last {@code --once} run then finds every record in the table once.
	 */
	@Test
	void aSigtermStopsTheRunnerCleanly(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
		Path inbox = Files.createDirectories(root.resolve("inbox/orders"));
		int orders = 60_000;
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < orders; i++) {
			lines.append("{\"id\":\"t-").append(i).append("\",\"customer\":\"c").append(i % 13).append("\",\"amount\":").append(100 + i % 900)
					.append("}\n");
		}
		Files.setLastModifiedTime(Files.writeString(inbox.resolve("orders.ndjson"), lines),
				java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));

		for (boolean once : new boolean[] { false, true }) {
			Path log = root.resolve(once ? "once.log" : "running.log");
			Process runner = child(generated, root, log, once);
			// Stopped while it reads: a running runner once it has started (or after 20 s), a --once run after its JVM's start.
			for (int waited = 0; waited < 200 && !once && !Files.readString(log).contains("runner.started"); waited++) {
				Thread.sleep(100);
			}
			Thread.sleep(once ? 1500 : 300);
			runner.destroy(); // SIGTERM
			if (!runner.waitFor(60, TimeUnit.SECONDS)) {
				runner.destroyForcibly();
				fail("a SIGTERM did not stop the runner within a minute\n" + tail(log));
			}
			String logged = Files.readString(log);
			assertTrue(runner.exitValue() == 143 || once && runner.exitValue() == 0, runner.exitValue() + "\n" + tail(log));
			assertFalse(logged.contains("\"level\":\"error\""), () -> "an error when stopped by SIGTERM:\n" + tail(log));
			if (once && runner.exitValue() == 143) {
				assertTrue(logged.contains("Stopped before the sources were drained"), tail(log));
			}
			if (!once) {
				// (a review saw a log end in runner.stopped with nothing to say why)
				assertTrue(logged.contains("\"event\":\"runner.stopping\",\"reason\":\"the process was asked to stop"),
						() -> "the log says why the runner stops:\n" + tail(log));
			}
		}
		Path log = root.resolve("last.log");
		Process last = child(generated, root, log, true);
		assertTrue(last.waitFor(120, TimeUnit.SECONDS), () -> tail(log));
		assertEquals(0, last.exitValue(), () -> tail(log));
		Map<String, Integer> inTable = new HashMap<>();
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data"));
				ResultSet r = c.createStatement().executeQuery("SELECT ORDERID FROM LEDGER_ENTRIES")) {
			while (r.next()) {
				inTable.merge(r.getString(1), 1, Integer::sum);
			}
		}
		assertEquals(orders, inTable.size(), "records lost");
		assertTrue(inTable.values().stream().allMatch(n -> n == 1), "records doubled");
	}

	/** Events per file of the windows' test; a file is dropped before each round. */
	static final int USAGE_LINES = 1500;
	static final Instant USAGE_FROM = Instant.parse("2026-11-01T00:00:00Z");

	/** A failed run's root (journal, table, files, log) is kept in target/ for a look, the temporary one goes. */
	private static void keep(Path root) throws java.io.IOException {
		Path kept = Path.of("target", "crash-test-failure-" + System.currentTimeMillis());
		try (Stream<Path> all = Files.walk(root)) {
			for (Path p : all.toList()) {
				Path to = kept.resolve(root.relativize(p).toString());
				if (Files.isDirectory(p)) {
					Files.createDirectories(to);
				} else {
					Files.copy(p, to);
				}
			}
		}
		System.err.println("the failed run's root is kept in " + kept.toAbsolutePath());
	}

	/** What is done before each round. */
	private interface Round {
		void before(int round) throws Exception;
	}

	/**
	 * Starts a running runner {@code rounds} times, each killed with SIGKILL after 0.4 to 1.8 s, then one with
	 * {@code --once}, which must end well within two minutes; returns when each round was killed, in milliseconds.
	 */
	private static List<Integer> killAndDrain(Path generated, Path root, Path log, int rounds, Random random, Round round) throws Exception {
		List<Integer> kills = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			round.before(i);
			Process runner = child(generated, root, log, false);
			int after = 400 + random.nextInt(1400);
			Thread.sleep(after);
			runner.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
			runner.waitFor();
			kills.add(after);
		}
		Process last = child(generated, root, log, true);
		if (!last.waitFor(120, TimeUnit.SECONDS)) {
			last.destroyForcibly();
			fail("the final --once run did not finish in 2 minutes; kills after " + kills + " ms\n" + tail(log));
		}
		assertEquals(0, last.exitValue(), () -> tail(log));
		return kills;
	}

	private static Process child(Path generated, Path root, Path log, boolean once) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Disthmus.logDeliveries=true",
				// the journal compacted five times a second, not every 5 s: kills land during compaction passes too
				"-Disthmus.compactionMillis=200", "-cp", System.getProperty("java.class.path"), IsthmusCommandLine.class.getName(),
				"run", generated.toString(), "--root", root.toString(), "--port", "0", "--management-port", "off", "--batch", "100"));
		if (once) {
			command.add("--once");
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		// The shop's other flow needs these to start; it has no records in this test.
		builder.environment().put("SHOP_WEBHOOK_SECRET", "crash-test-secret");
		builder.environment().put("LEDGER_URL", "http://127.0.0.1:9");
		builder.environment().put("LEDGER_TOKEN", "crash-test-token");
		return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
	}

	/** The last 30 lines of a child runner's log, for a failure's message. */
	static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		} catch (java.io.IOException e) {
			return e.toString();
		}
	}
}
