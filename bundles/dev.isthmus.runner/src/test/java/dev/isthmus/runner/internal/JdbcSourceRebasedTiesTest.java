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
 * Ties kept by other columns than a source's now, with real H2 databases in memory: when a table was given a primary
 * key, or the endpoint's key columns changed, the rows at the checkpoint no longer matched what the journal kept, and
 * the source polled above the checkpoint only: a row given its value later was never read, and nothing said so. The
 * rows there are now taken as read anew, once, the log saying so; and rows changed at the checkpoint are said once per
 * value across runs, not at each run.
 */
class JdbcSourceRebasedTiesTest {

	private final ByteArrayOutputStream said = new ByteArrayOutputStream();

	@Test
	void aTieIsReadAfterTheTableIsGivenAPrimaryKey() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:rebased-a;DB_CLOSE_DELAY=-1");
				Connection journal = journal("rebased-a-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (ID INT NOT NULL, SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO T VALUES (1, 1, 'a'), (2, 2, 'b')");
			assertEquals(List.of("1:a", "2:b"), run("jdbc:h2:mem:rebased-a", List.of("SEQ"), journal));
			s.execute("ALTER TABLE T ADD PRIMARY KEY (ID)");
			assertEquals(List.of(), run("jdbc:h2:mem:rebased-a", List.of("SEQ"), journal), "nothing read twice");
			s.execute("INSERT INTO T VALUES (3, 2, 'tie')");
			assertEquals(List.of("2:tie"), run("jdbc:h2:mem:rebased-a", List.of("SEQ"), journal), "a later tie is read");
			assertEquals(List.of(), run("jdbc:h2:mem:rebased-a", List.of("SEQ"), journal));
			String log = said.toString(StandardCharsets.UTF_8);
			assertEquals(1, log.split("table.ties-rebased", -1).length - 1, "said once: " + log);
			assertTrue(log.contains("SEQ = 2") && log.contains("all of a row's values") && log.contains("told apart by ID"), log);
		}
	}

	@Test
	void aTieIsReadAfterTheEndpointsKeyChanges() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:rebased-b;DB_CLOSE_DELAY=-1");
				Connection journal = journal("rebased-b-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (ID INT, SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO T VALUES (1, 1, 'a'), (2, 2, 'b')");
			assertEquals(List.of("1:a", "2:b"), run("jdbc:h2:mem:rebased-b", List.of("SEQ", "ID"), journal));
			assertEquals(List.of(), run("jdbc:h2:mem:rebased-b", List.of("SEQ"), journal), "nothing read twice");
			s.execute("INSERT INTO T VALUES (3, 2, 'tie')");
			assertEquals(List.of("2:tie"), run("jdbc:h2:mem:rebased-b", List.of("SEQ"), journal), "a later tie is read");
			String log = said.toString(StandardCharsets.UTF_8);
			assertEquals(1, log.split("table.ties-rebased", -1).length - 1, "said once: " + log);
			assertTrue(log.contains("remembered by ID") && log.contains("told apart by all of a row's values"), log);
		}
	}

	@Test
	void aTieIsReadAfterACheckpointWrittenBeforeTiesWereKept() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:rebased-c;DB_CLOSE_DELAY=-1");
				Connection journal = journal("rebased-c-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (ID INT, SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO T VALUES (1, 1, 'a'), (2, 3, 'b'), (3, 3, 'c')");
			Journal.checkpoint(journal, "jdbc:f:e", "3"); // as an earlier runner left it: the value, nothing of its rows
			journal.commit();
			assertEquals(List.of(), run("jdbc:h2:mem:rebased-c", List.of("SEQ"), journal), "nothing read twice");
			s.execute("INSERT INTO T VALUES (4, 3, 'tie')");
			assertEquals(List.of("3:tie"), run("jdbc:h2:mem:rebased-c", List.of("SEQ"), journal), "a later tie is read");
			assertTrue(said.toString(StandardCharsets.UTF_8).contains("before the runner kept them"), said.toString(StandardCharsets.UTF_8));
		}
	}

	@Test
	void rowsChangedAtTheCheckpointAreSaidOnceAcrossRuns() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:rebased-d;DB_CLOSE_DELAY=-1");
				Connection journal = journal("rebased-d-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE U (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO U VALUES (1, 'x'), (2, 'y')");
			String query = "SELECT SEQ, NAME, CAST(RAND() AS VARCHAR) AS R FROM U";
			for (int run = 0; run < 3; run++) {
				JdbcSource source = new JdbcSource("f", "e", "jdbc:h2:mem:rebased-d", null, query, List.of("SEQ"), null, log());
				assertEquals(run == 0 ? List.of("1:x", "2:y") : List.of(), drain(source, journal));
				source.close();
			}
			String log = said.toString(StandardCharsets.UTF_8);
			assertEquals(1, log.split("table.rows-changed-at-checkpoint", -1).length - 1, "once for SEQ = 2: " + log);
			assertTrue(log.contains("1 row with SEQ = 2 in the endpoint's query differs from") && log.contains("and is not read"), log);
		}
	}

	private List<String> run(String url, List<String> keys, Connection journal) throws Exception {
		JdbcSource source = new JdbcSource("f", "e", url, "T", null, keys, null, log());
		try {
			return drain(source, journal);
		} finally {
			source.close();
		}
	}

	private JsonLog log() {
		return new JsonLog(new PrintStream(said, true, StandardCharsets.UTF_8), new Environment(Map.<String, String>of()::get));
	}
}
