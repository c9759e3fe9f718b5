package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * A table target's keys, columns and timestamps, and a polled table's rows it cannot read, on the keyed project
 * ({@code src/test/resources/runner-keyed}) with a real H2 database: readings upserted into LATEST by id, events
 * polled from EVENTS by seq. Each test was seen failing without its fix.
 */
class RunnerTableKeysTest {

	private static final String EVENTS = "CREATE TABLE EVENTS (SEQ BIGINT, TS TIMESTAMP)";

	/**
	 * A key repeated in one batch leaves one row, the last record's, in a table without a unique key (the update ran
	 * before the inserts, which inserted both); a record without its key is a dead letter saying so (it was inserted
	 * again on every delivery). A TIMESTAMP WITH TIME ZONE column takes the instant, and a column the record does not
	 * have is left to its default.
	 */
	@Test
	void aKeyRepeatedInABatchIsOneRowTheLastAndARecordWithoutKeyIsADeadLetter(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root, "CREATE TABLE LATEST (ID VARCHAR(20), V INT, TS TIMESTAMP WITH TIME ZONE, NOTE VARCHAR(20))");
		Path readings = Files.writeString(root.resolve("readings.ndjson"), """
				{"id":"a","v":3}
				{"v":1}
				{"id":"a","v":4}
				{"id":null,"v":2}
				{"id":"b","v":5,"ts":"2026-11-01T10:00:00Z"}
				""");
		RunnerOptions options = options(generated, root, db, new ByteArrayOutputStream());
		RunSummary summary = Runner.once(options.withFeeds(List.of(new RunnerOptions.Feed("readings", readings))));
		assertEquals(List.of("a|4|null", "b|5|2026-11-01T10:00:00Z"), latest(db), summary.render());

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "list", "--root", root.toString(), "--flow", "StoreReadings"), text(err));
		assertTrue(text(out).contains("2 dead letters") && text(out).contains("the key field id is empty (null or missing)"), text(out));

		// The earlier record of key a counts as delivered: nothing waits in the outbox, another run changes nothing.
		Runner.once(options);
		assertEquals(List.of("a|4|null", "b|5|2026-11-01T10:00:00Z"), latest(db));
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/journal"));
				ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM ISTHMUS_OUTBOX WHERE STATE = 'PENDING'")) {
			r.next();
			assertEquals(0, r.getInt(1), "deliveries left waiting");
		}
	}

	/** A table without a column of the record is refused at start, saying which and how to add it (every record was a dead letter). */
	@Test
	void aTableWithoutAColumnOfTheRecordIsRefusedAtStart(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root, "CREATE TABLE LATEST (ID VARCHAR(20) PRIMARY KEY, TS TIMESTAMP)");
		StartupException refused = assertThrows(StartupException.class, () -> Runner.once(options(generated, root, db, new ByteArrayOutputStream())));
		assertTrue(refused.getMessage().contains("keyed.Plant.latest: table LATEST has no column V for the record's field v; add it"
				+ " (ALTER TABLE \"LATEST\" ADD \"V\" BIGINT) or point the endpoint at a table that has it"), refused.getMessage());
	}

	/**
	 * TIMESTAMP columns without time zone hold UTC on a host in New York too: a reading's 10:00Z is written as 10:00
	 * (it was 05:00) and an event's 10:00 is read as 10:00Z (it was 15:00Z). The runner runs in a JVM of its own, as
	 * the driver keeps the zone it first saw.
	 */
	@Test
	void timestampColumnsWithoutZoneHoldUtcOnAnyHost(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root, "CREATE TABLE LATEST (ID VARCHAR(20) PRIMARY KEY, V INT, TS TIMESTAMP)");
		try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
			s.execute("INSERT INTO EVENTS VALUES (1, TIMESTAMP '2026-11-01 10:00:00')");
		}
		Path readings = Files.writeString(root.resolve("readings.ndjson"), "{\"id\":\"a\",\"v\":1,\"ts\":\"2026-11-01T10:00:00Z\"}\n");
		Path env = Files.writeString(root.resolve("env"), "DB=" + db + "\n");
		Path log = root.resolve("runner.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process runner = new ProcessBuilder(java, "-Duser.timezone=America/New_York", "-cp", System.getProperty("java.class.path"),
				IsthmusCommandLine.class.getName(), "run", generated.toString(), "--once", "--root", root.toString(), "--env-file",
				env.toString(), "--feed", "readings=" + readings).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(runner.waitFor(2, TimeUnit.MINUTES), "the runner did not end: " + Files.readString(log));
		assertEquals(0, runner.exitValue(), Files.readString(log));

		try (Connection c = DriverManager.getConnection(db);
				ResultSet r = c.createStatement().executeQuery("SELECT CAST(TS AS VARCHAR) FROM LATEST")) {
			assertTrue(r.next(), Files.readString(log));
			assertEquals("2026-11-01 10:00:00", r.getString(1));
		}
		List<String> exported = new ArrayList<>();
		try (Stream<Path> files = Files.list(root.resolve("out"))) {
			for (Path file : files.toList()) {
				exported.addAll(Files.readAllLines(file));
			}
		}
		assertEquals(1, exported.size(), exported.toString());
		assertTrue(exported.get(0).contains("\"ts\":\"2026-11-01T10:00:00Z\""), exported.get(0));
	}

	/** Polled rows whose column is NULL are never read: the log says how many and why (nothing did). */
	@Test
	void polledRowsWithoutTheirColumnAreNamedInTheLog(@TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(generated, root, "CREATE TABLE LATEST (ID VARCHAR(20) PRIMARY KEY, V INT, TS TIMESTAMP)");
		try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
			s.execute("INSERT INTO EVENTS VALUES (1, TIMESTAMP '2026-11-01 10:00:00'), (NULL, TIMESTAMP '2026-11-01 11:00:00'),"
					+ " (NULL, TIMESTAMP '2026-11-01 12:00:00')");
		}
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		Runner.once(options(generated, root, db, log));
		assertTrue(text(log).contains("\"event\":\"table.rows-skipped\"") && text(log).contains("\"source\":\"table EVENTS\"")
				&& text(log).contains("2 rows have no SEQ (NULL) and will not be read"), text(log));
	}

	/** The keyed project generated, with EVENTS and LATEST (as given) in a database of the run's root. */
	private static String project(Path generated, Path root, String latest) throws Exception {
		RunnerTestProjects.generate("runner-keyed", generated);
		String db = "jdbc:h2:file:" + root.toAbsolutePath().resolve("plant");
		try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
			s.execute(latest);
			s.execute(EVENTS);
		}
		return db;
	}

	private static RunnerOptions options(Path generated, Path root, String db, ByteArrayOutputStream log) {
		return RunnerTestProjects.options(generated, root, Map.of("DB", db)).withLog(print(log));
	}

	/** LATEST's rows as id|v|ts (the instant), by id. */
	private static List<String> latest(String db) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(db);
				ResultSet r = c.createStatement().executeQuery("SELECT ID, V, TS FROM LATEST ORDER BY ID NULLS FIRST")) {
			while (r.next()) {
				java.time.OffsetDateTime at = r.getObject(3, java.time.OffsetDateTime.class);
				rows.add(r.getString(1) + "|" + r.getInt(2) + "|" + (at == null ? null : at.toInstant()));
			}
		}
		return rows;
	}
}
