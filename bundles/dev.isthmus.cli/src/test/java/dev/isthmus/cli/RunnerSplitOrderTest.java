package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A table target that refuses one record of a pack keeps journal order: the pack's other records are written before
 * anything queued after them, so that a later record of the same key is the one the table keeps. On the keyed project
 * ({@code src/test/resources/runner-keyed}): readings upserted into LATEST by id, whose CHECK refuses a negative value.
 * Each test was seen failing before the fix (LATEST kept the older record).
 */
class RunnerSplitOrderTest {

	private static final String LATEST = "CREATE TABLE LATEST (ID VARCHAR(20) PRIMARY KEY, V INT CHECK (V >= 0), TS TIMESTAMP)";

	/** Packs of two: [a=10, b=-1] is refused and split, [a=11] comes after it and must stay the last word for a. */
	@Test
	void aLaterRecordOfTheKeyIsNotOverwrittenByTheSplitPacksOlderOne(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root);
		Path readings = Files.writeString(root.resolve("readings.ndjson"), """
				{"id":"a","v":10}
				{"id":"b","v":-1}
				{"id":"a","v":11}
				""");
		RunSummary summary = Runner.once(options(generated, root, db).withBatchSize(2)
				.withFeeds(List.of(new RunnerOptions.Feed("readings", readings))));
		assertEquals(List.of("a|11"), latest(db), summary.render());
		RunSummary.EndpointCounts latest = endpoint(summary);
		assertEquals(2, latest.delivered(), summary.render());
		assertEquals(1, latest.deadLettered(), summary.render());
		assertEquals(0, latest.waiting(), summary.render());
	}

	/**
	 * The reviewer's case: the refused pack is followed by thousands of records (packs the deliverer takes in the same
	 * batch as the refused one, or queued before its split), the last of which updates the pack's first key; the
	 * default batch size.
	 */
	@Test
	void aPackRefusedAmongManyKeepsItsPlace(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root);
		StringBuilder lines = new StringBuilder("{\"id\":\"a\",\"v\":10}\n{\"id\":\"b\",\"v\":-1}\n");
		for (int i = 0; i < 5998; i++) {
			lines.append("{\"id\":\"f").append(i).append("\",\"v\":").append(i).append("}\n");
		}
		lines.append("{\"id\":\"a\",\"v\":11}\n");
		Path readings = Files.writeString(root.resolve("readings.ndjson"), lines);
		RunSummary summary = Runner.once(options(generated, root, db)
				.withFeeds(List.of(new RunnerOptions.Feed("readings", readings))));
		assertEquals(List.of("a|11"), latest(db).stream().filter(r -> !r.startsWith("f")).toList(), summary.render());
		RunSummary.EndpointCounts latest = endpoint(summary);
		assertEquals(6000, latest.delivered(), summary.render());
		assertEquals(1, latest.deadLettered(), summary.render());
		assertEquals(5999, latest(db).size());
	}

	/**
	 * A runner stopped (killed) after splitting a pack and before delivering its records finds them at start and
	 * sends them before the rows written after the pack, whose ids are lower. The journal is left as such a crash
	 * leaves it: a row written after the pack (c=2), then the row split off the pack (c=1), carrying the pack's id.
	 */
	@Test
	void rowsSplitOffBeforeACrashGoFirstAfterIt(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root);
		RunnerOptions options = options(generated, root, db);
		Runner.once(options); // the journal made, nothing in it
		try (Connection c = DriverManager.getConnection(options.journal())) {
			long pack = outbox(c, "{\"id\":\"c\",\"v\":2}", "later", null, 0);
			outbox(c, "{\"id\":\"c\",\"v\":1}", "split", pack - 1, 0);
		}
		RunSummary summary = Runner.once(options);
		assertEquals(List.of("c|2"), latest(db), summary.render());
		assertEquals(2, endpoint(summary).delivered(), summary.render());
	}

	/**
	 * A record waiting for its retry holds back the records after it, of its key or not, so that the later one of
	 * its key is not overwritten when it is retried (the later one was delivered at once). The journal holds the
	 * first (c=1) due in an hour, the next (c=2) due now.
	 */
	@Test
	void aRecordWaitingForItsRetryIsNotOvertaken(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root);
		RunnerOptions options = options(generated, root, db);
		Runner.once(options);
		try (Connection c = DriverManager.getConnection(options.journal())) {
			outbox(c, "{\"id\":\"c\",\"v\":1}", "retrying", null, 3600);
			outbox(c, "{\"id\":\"c\",\"v\":2}", "later", null, 0);
		}
		RunSummary summary = Runner.once(options);
		assertEquals(List.of(), latest(db), summary.render());
		assertEquals(2, endpoint(summary).waiting(), summary.render());
	}

	/** A pending outbox row of the readings, as the journal holds one, due in {@code seconds}; returns its id. */
	private static long outbox(Connection journal, String record, String key, Long batch, int seconds) throws Exception {
		try (java.sql.PreparedStatement insert = journal.prepareStatement("INSERT INTO ISTHMUS_OUTBOX (FLOW, ENDPOINT, RECORD,"
				+ " IDEMPOTENCY_KEY, STATE, NEXT_AT, CREATED_AT, BATCH) VALUES ('keyed.StoreReadings', 'keyed.Plant.latest', ?, ?,"
				+ " 'PENDING', DATEADD(SECOND, ?, CURRENT_TIMESTAMP), CURRENT_TIMESTAMP, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
			insert.setBytes(1, record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			insert.setString(2, key);
			insert.setInt(3, seconds);
			insert.setObject(4, batch);
			insert.executeUpdate();
			try (ResultSet keys = insert.getGeneratedKeys()) {
				keys.next();
				return keys.getLong(1);
			}
		}
	}

	private static RunSummary.EndpointCounts endpoint(RunSummary summary) {
		return summary.endpoints().stream().filter(e -> e.endpoint().endsWith("latest")).findFirst().orElseThrow();
	}

	/** The keyed project generated, with LATEST and EVENTS in a database of the run's root. */
	private static String project(Path generated, Path root) throws Exception {
		RunnerTestProjects.generate("runner-keyed", generated);
		String db = "jdbc:h2:file:" + root.toAbsolutePath().resolve("plant");
		try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
			s.execute(LATEST);
			s.execute("CREATE TABLE EVENTS (SEQ BIGINT, TS TIMESTAMP)");
		}
		return db;
	}

	private static RunnerOptions options(Path generated, Path root, String db) {
		return RunnerTestProjects.options(generated, root, Map.of("DB", db));
	}

	/** LATEST's rows as id|v, by id. */
	private static List<String> latest(String db) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(db);
				ResultSet r = c.createStatement().executeQuery("SELECT ID, V FROM LATEST ORDER BY ID")) {
			while (r.next()) {
				rows.add(r.getString(1) + "|" + r.getInt(2));
			}
		}
		return rows;
	}
}
