package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tables a JDBC endpoint's {@code table "…"} names, on real H2 databases in memory, folding unquoted names to upper
 * case (as H2 does) and to lower case (as PostgreSQL does; H2 in its mode here). A table created quoted in mixed case,
 * {@code CREATE TABLE "MixedCase"}, could not be reached (H2's raw {@code Table "MIXEDCASE" not found}); now a name is
 * looked up as the database folds it, then as written, by sinks and sources alike, two tables differing in case only
 * are refused naming both, and a table not there is said in words. Seen failing before the fix.
 */
class TableNamesTest {

	private static final String SHAPE = """
			{"type":"object","properties":{"id":{"type":"integer"},"note":{"type":"string"}}}""";

	/** The DSL's validator (SqlNameValidator.PLAIN) refuses the same names; its test pins the same text. */
	@Test
	void thePlainNameIsTheDslsAndNamesElseAreRefusedInWords() {
		assertEquals("[A-Za-z_][A-Za-z0-9_]*", SqlNames.PLAIN);
		assertNull(SqlNames.tableProblem("sales.Orders_2"));
		assertEquals("table \"my-table\" is not a plain SQL name: the runner names a table by letters A-Z or a-z, digits and '_', not"
				+ " starting with a digit, with its schema before a '.' if needed (table \"orders\", table \"sales.orders\"); name the"
				+ " table so, or create a view of such a name over it", SqlNames.tableProblem("my-table"));
	}

	@Test
	void aMixedCaseTableIsReachedWhereNamesFoldToUpperCase() throws Exception {
		reached("jdbc:h2:mem:table-names-upper;DB_CLOSE_DELAY=-1", "ORDERS");
	}

	@Test
	void aMixedCaseTableIsReachedWhereNamesFoldToLowerCase() throws Exception {
		reached("jdbc:h2:mem:table-names-lower;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "orders");
	}

	/**
	 * A table created quoted in mixed case is written to and polled by its name as written; a table created unquoted,
	 * kept as {@code unquoted}, by its name in any case.
	 */
	private static void reached(String url, String unquoted) throws Exception {
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE \"MixedCase\" (ID BIGINT PRIMARY KEY, NOTE VARCHAR(100))");
			s.execute("CREATE TABLE orders (ID BIGINT PRIMARY KEY, NOTE VARCHAR(100))");
			long id = 0;
			for (String table : List.of("MixedCase", "Orders", "ORDERS", "orders")) {
				JdbcSink sink = new JdbcSink("e", url, table, List.of("id"), shape(), false, "");
				id++;
				List<Sink.Result> results = sink.deliver(List.of(pending(id, "{\"id\":" + id + ",\"note\":\"" + table + "\"}")));
				sink.close();
				assertEquals(Sink.Kind.OK, results.get(0).kind(), results.toString());
				String stored = table.equals("MixedCase") ? "\"MixedCase\"" : "\"" + unquoted + "\"";
				assertEquals(List.of(table), column(c, "SELECT NOTE FROM " + stored + " WHERE ID = " + id), table);
				List<String> polled = polled(url, table);
				assertTrue(polled.contains(table), table + ": " + polled);
			}
		}
	}

	@Test
	void aNameThatFindsTwoTablesDifferingInCaseIsRefusedNamingBoth() throws Exception {
		String url = "jdbc:h2:mem:table-names-both;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE \"Orders\" (ID BIGINT PRIMARY KEY, NOTE VARCHAR(100))");
			s.execute("CREATE TABLE ORDERS (ID BIGINT PRIMARY KEY, NOTE VARCHAR(100))");
			String sink = assertThrows(SQLException.class, () -> new JdbcSink("e", url, "Orders", List.of("id"), shape(), false, "")).getMessage();
			String source = assertThrows(SQLException.class, () -> new JdbcSource("f", "e", url, "Orders", null, "id", shape(), log()))
					.getMessage();
			for (String refused : List.of(sink, source)) {
				assertTrue(refused.contains("table \"Orders\" names 2 tables that differ in case only, ORDERS and Orders"), refused);
				assertTrue(refused.contains("rename one of them, or point the endpoint at a view of a name of its own"), refused);
			}
			// Written as the database keeps it unquoted, the name is the unquoted table's alone.
			new JdbcSink("e", url, "ORDERS", List.of("id"), shape(), false, "").close();
		}
	}

	@Test
	void aTableNotThereIsSaidInWordsWithTheNamesTriedAndTheNearOnes() throws Exception {
		String url = "jdbc:h2:mem:table-names-absent;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE \"Mixedcase\" (ID BIGINT PRIMARY KEY, NOTE VARCHAR(100))");
			String sink = assertThrows(SQLException.class, () -> new JdbcSink("e", url, "MixedCase", List.of("id"), shape(), false, ""))
					.getMessage();
			String source = assertThrows(SQLException.class, () -> new JdbcSource("f", "e", url, "MixedCase", null, "id", shape(), log()))
					.getMessage();
			for (String refused : List.of(sink, source)) {
				assertTrue(refused.contains("table \"MixedCase\" is not in jdbc:h2:mem:table-names-absent (looked for MIXEDCASE and"
						+ " MixedCase, the name as the database keeps it unquoted, then as written); it has Mixedcase, which the runner does"
						+ " not take for it (name it exactly so: table \"Mixedcase\")"), refused);
				assertFalse(refused.contains("candidates"), refused);
			}
			assertTrue(sink.startsWith("e: table"), sink);
			assertTrue(sink.endsWith("; create it — CREATE TABLE \"MIXEDCASE\" (\"ID\" BIGINT, \"NOTE\" CHARACTER VARYING, PRIMARY KEY (\"ID\"))"
					+ " holds every value the record may have — or point the endpoint at another table"), sink);
			assertTrue(source.endsWith("; create it, or point the endpoint at a table that is there"), source);
		}
	}

	/** The notes of the rows a source on {@code table} reads first. */
	private static List<String> polled(String url, String table) throws Exception {
		JdbcSource source = new JdbcSource("f", "e", url, table, null, "id", shape(), log());
		try (Connection journal = DriverManager.getConnection("jdbc:h2:mem:"); Statement j = journal.createStatement()) {
			j.execute("CREATE TABLE ISTHMUS_CHECKPOINT (NAME VARCHAR(2000) PRIMARY KEY, VAL VARCHAR(2000) NOT NULL)");
			journal.setAutoCommit(false);
			return source.next(journal, 10).inputs().stream().map(i -> i.json().path("note").asText()).toList();
		} finally {
			source.close();
		}
	}

	private static List<String> column(Connection c, String query) throws Exception {
		List<String> values = new ArrayList<>();
		try (ResultSet r = c.createStatement().executeQuery(query)) {
			while (r.next()) {
				values.add(r.getString(1));
			}
		}
		return values;
	}

	private static JsonNode shape() throws Exception {
		return JsonText.RECORDS.readTree(SHAPE);
	}

	private static JsonLog log() {
		return new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new Environment(Map.<String, String>of()::get));
	}

	private static Sink.Pending pending(long id, String record) {
		return new Sink.Pending(id, "f", record, "k" + id, "c" + id, null, 0, null, null, java.time.Instant.now(), 0);
	}
}
