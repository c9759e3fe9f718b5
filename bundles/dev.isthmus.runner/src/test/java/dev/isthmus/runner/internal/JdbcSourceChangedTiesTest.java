package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.PolledJournals.drain;
import static dev.isthmus.runner.internal.PolledJournals.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Rows at the checkpoint's value whose values change, with real H2 databases in memory: they were read again at
 * every change, and a query with a computed column (RAND()) read them at every poll, so that {@code run --once} never
 * ended. A row is read once: told apart by the endpoint's second key column or the table's primary key, or else, by
 * all its values, a changed row is said in the log and not read. And rows that appear below the checkpoint are said
 * by a later run too, the count below it being kept in the journal.
 */
class JdbcSourceChangedTiesTest {

	private final ByteArrayOutputStream said = new ByteArrayOutputStream();

	@Test
	void aQueryWithAComputedColumnEndsAndReadsEachRowOnce() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:changed-a;DB_CLOSE_DELAY=-1");
				Connection journal = journal("changed-a-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE U (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO U VALUES (1, 'x'), (2, 'y')");
			JdbcSource source = new JdbcSource("f", "e", "jdbc:h2:mem:changed-a", null,
					"SELECT SEQ, NAME, CAST(RAND() AS VARCHAR) AS SEEN FROM U", List.of("SEQ"), null, log());
			assertEquals(List.of("1:x", "2:y"), drain(source, journal));
			assertEquals(List.of(), drain(source, journal), "read once, and the polls end");
			s.execute("INSERT INTO U VALUES (3, 'z')");
			assertEquals(List.of("3:z"), drain(source, journal));
			source.close();
			String log = said.toString(StandardCharsets.UTF_8);
			assertEquals(2, log.split("table.rows-changed-at-checkpoint", -1).length - 1, "once at 2, once at 3: " + log);
			assertTrue(log.contains("SEQ = 2") && log.contains("key \\\"SEQ\\\", \\\"ID\\\""), log);
		}
	}

	@Test
	void aRowUpdatedAtTheCheckpointIsNotReadAgain() throws Exception {
		for (String table : List.of("CREATE TABLE T (ID INT PRIMARY KEY, SEQ BIGINT, NAME VARCHAR(50))",
				"CREATE TABLE T (ID INT, SEQ BIGINT, NAME VARCHAR(50))")) {
			boolean keyed = table.contains("PRIMARY");
			String url = "jdbc:h2:mem:changed-b" + keyed;
			try (Connection data = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=-1");
					Connection journal = journal("changed-b-journal" + keyed); Statement s = data.createStatement()) {
				s.execute(table);
				s.execute("INSERT INTO T VALUES (1, 1, 'a'), (2, 2, 'b')");
				List<String> keys = keyed ? List.of("SEQ") : List.of("SEQ", "ID");
				JdbcSource source = new JdbcSource("f", "e", url, "T", null, keys, null, log());
				assertEquals(List.of("1:a", "2:b"), drain(source, journal));
				source.close();
				s.execute("UPDATE T SET NAME = 'changed'");
				source = new JdbcSource("f", "e", url, "T", null, keys, null, log());
				assertEquals(List.of(), drain(source, journal), "a restart after the update reads nothing again (" + table + ")");
				s.execute("INSERT INTO T VALUES (3, 2, 'tie')");
				assertEquals(List.of("2:tie"), drain(source, journal), "a new tie is read (" + table + ")");
				source.close();
			}
		}
		assertEquals("", said.toString(StandardCharsets.UTF_8));
	}

	@Test
	void aRowBelowTheCheckpointIsSaidByALaterRun() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:changed-c;DB_CLOSE_DELAY=-1");
				Connection journal = journal("changed-c-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO T VALUES (1, 'a'), (2, 'b')");
			JdbcSource source = new JdbcSource("f", "e", "jdbc:h2:mem:changed-c", "T", null, List.of("SEQ"), null, log());
			assertEquals(List.of("1:a", "2:b"), drain(source, journal));
			source.close();
			s.execute("INSERT INTO T VALUES (1, 'below')");
			source = new JdbcSource("f", "e", "jdbc:h2:mem:changed-c", "T", null, List.of("SEQ"), null, log());
			assertEquals(List.of(), drain(source, journal));
			source.close();
			String log = said.toString(StandardCharsets.UTF_8);
			assertTrue(log.contains("table.rows-below-checkpoint") && log.contains("1 row with SEQ below 2"), log);
		}
	}

	private JsonLog log() {
		return new JsonLog(new PrintStream(said, true, StandardCharsets.UTF_8), new Environment(Map.<String, String>of()::get));
	}
}
