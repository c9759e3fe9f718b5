package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.PolledJournals.journal;
import static dev.isthmus.runner.internal.PolledJournals.notes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A table polled by a column of each type a user may poll by, with real H2 databases in memory (the table's and the
 * journal's), each batch committed as the runner does: the first poll reads every row with a value, the lowest too,
 * and a source started again on the journal (the checkpoint read back from its text) reads the rows above it and a
 * tie at it, none twice. The first poll asked for values above a "lowest" one, '' for most types: a row at '' (or a
 * DECIMAL below any long, a BIGINT at its least) was never read, and a DATE, TIME, DOUBLE… column stopped the run;
 * a DOUBLE checkpoint went back as text, a decimal just below the double, and the row at it was read again. A column
 * that cannot be polled is refused when the source is made, in words.
 */
class JdbcSourceColumnTypesTest {

	@Test
	void everyColumnTypeIsReadFromItsLowestValueAndItsCheckpointReadBack() throws Exception {
		String[][] cases = { // type, the first rows' values (ascending; the last one the checkpoint), a value above it
				{ "VARCHAR(20)", "''", "'b'", "'c'" },
				{ "DECIMAL(30, 0)", "-100000000000000000000", "5", "6" },
				{ "BIGINT", "-9223372036854775808", "7", "8" },
				{ "DOUBLE", "0.1", "0.2", "0.30000000000000004" },
				{ "REAL", "0.1", "0.2", "0.3" },
				{ "DATE", "DATE '0001-01-01'", "DATE '2026-01-02'", "DATE '2026-01-03'" },
				{ "TIME(9)", "TIME '00:00:00'", "TIME '10:00:00.123456789'", "TIME '10:00:00.12345679'" },
				{ "TIMESTAMP(9)", "TIMESTAMP '1000-01-01 00:00:00'", "TIMESTAMP '2026-01-01 10:00:00.000000001'",
						"TIMESTAMP '2026-01-01 10:00:00.000000002'" },
				{ "UUID", "'00000000-0000-0000-0000-000000000001'", "'ffffffff-0000-0000-0000-000000000002'",
						"'ffffffff-0000-0000-0000-000000000003'" },
				{ "TIME(9) WITH TIME ZONE", "TIME WITH TIME ZONE '09:00:00+00'", "TIME WITH TIME ZONE '12:00:00+02'",
						"TIME WITH TIME ZONE '05:30:00-05'" } };
		for (int c = 0; c < cases.length; c++) {
			String[] t = cases[c];
			String url = "jdbc:h2:mem:types-" + c;
			try (Connection data = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=-1"); Connection journal = journal("types-journal-" + c);
					Statement s = data.createStatement()) {
				s.execute("CREATE TABLE T (K " + t[0] + ", NOTE VARCHAR(20))");
				s.execute("INSERT INTO T VALUES (" + t[1] + ", 'low'), (" + t[2] + ", 'mark'), (NULL, 'none')");
				JdbcSource source = source(url, "T", null, List.of("K"));
				assertEquals(List.of("low", "mark"), drain(source, journal, 1), t[0] + ": the first poll reads every row with a value");
				source.close();

				// Started again: the checkpoint comes back from the journal's text.
				s.execute("INSERT INTO T VALUES (" + t[3] + ", 'above'), (" + t[2] + ", 'tie')");
				source = source(url, "T", null, List.of("K"));
				assertEquals(List.of("tie", "above"), drain(source, journal, 1), t[0] + ": the rows above the checkpoint, and a tie at it");
				assertEquals(List.of(), drain(source, journal, 1), t[0] + ": nothing again");
				source.close();
				source = source(url, "T", null, List.of("K"));
				assertEquals(List.of(), drain(source, journal, 1), t[0] + ": nothing again after a restart");
				source.close();
			}
		}
	}

	/** Rows in other offsets are ordered by their instant; a tie at the checkpoint's instant, written in another offset, is read. */
	@Test
	void aTimestampWithTimeZoneIsPolledByItsInstantInAnyOffset() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:offsets;DB_CLOSE_DELAY=-1"); Connection journal = journal("offsets-journal");
				Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (K TIMESTAMP(9) WITH TIME ZONE, NOTE VARCHAR(20))");
			s.execute("INSERT INTO T VALUES (TIMESTAMP WITH TIME ZONE '2026-01-01 10:00:00+02', '08Z'),"
					+ " (TIMESTAMP WITH TIME ZONE '2026-01-01 09:00:00+00', '09Z')");
			JdbcSource source = source("jdbc:h2:mem:offsets", "T", null, List.of("K"));
			assertEquals(List.of("08Z", "09Z"), drain(source, journal, 1));
			source.close();
			s.execute("INSERT INTO T VALUES (TIMESTAMP WITH TIME ZONE '2026-01-01 04:30:00-05', '0930Z'),"
					+ " (TIMESTAMP WITH TIME ZONE '2026-01-01 11:00:00+02', '09Z again')");
			source = source("jdbc:h2:mem:offsets", "T", null, List.of("K"));
			assertEquals(List.of("09Z again", "0930Z"), drain(source, journal, 1));
			assertEquals(List.of(), drain(source, journal, 1));
			source.close();
		}
	}

	/** A query's first poll, and a table keyed by two columns, read the rows at the lowest value too. */
	@Test
	void aQueryAndATableKeyedByTwoColumnsReadTheLowestValue() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:variants;DB_CLOSE_DELAY=-1"); Connection journal = journal("variants-journal");
				Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (SEQ VARCHAR(20), ID INT, NOTE VARCHAR(20))");
			s.execute("INSERT INTO T VALUES ('', 1, 'one'), ('', 2, 'two'), ('b', 3, 'three')");
			JdbcSource byQuery = new JdbcSource("f", "q", "jdbc:h2:mem:variants", null, "SELECT SEQ, NOTE FROM T", List.of("SEQ"), null, log());
			assertEquals(List.of("one", "three", "two"), sorted(drain(byQuery, journal, 1)));
			byQuery.close();
			JdbcSource byTwo = source("jdbc:h2:mem:variants", "T", null, List.of("SEQ", "ID"));
			assertEquals(List.of("one", "three", "two"), sorted(drain(byTwo, journal, 1)));
			s.execute("INSERT INTO T VALUES ('b', 4, 'four')");
			assertEquals(List.of("four"), drain(byTwo, journal, 1));
			byTwo.close();
		}
	}

	/** Checkpoints as the runner wrote them before (text, a decimal's digits, a Timestamp's text) read on. */
	@Test
	void aCheckpointWrittenBeforeReadsOn() throws Exception {
		String[][] cases = { { "VARCHAR(20)", "b", "'b'", "'c'" }, { "DECIMAL(30, 0)", "5", "5", "6" },
				{ "TIMESTAMP", "2026-11-01 10:00:00.0", "TIMESTAMP '2026-11-01 10:00:00'", "TIMESTAMP '2026-11-01 10:00:01'" } };
		for (int c = 0; c < cases.length; c++) {
			String[] t = cases[c];
			String url = "jdbc:h2:mem:before-" + c;
			try (Connection data = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=-1"); Connection journal = journal("before-journal-" + c);
					Statement s = data.createStatement()) {
				s.execute("CREATE TABLE T (K " + t[0] + ", NOTE VARCHAR(20))");
				s.execute("INSERT INTO T VALUES (" + t[2] + ", 'read before'), (" + t[3] + ", 'above')");
				Journal.checkpoint(journal, "jdbc:f:e", t[1]);
				journal.commit();
				JdbcSource source = source(url, "T", null, List.of("K"));
				assertEquals(List.of("above"), drain(source, journal, 5), t[0]);
				source.close();
			}
		}
	}

	/** A column no checkpoint can be kept of is refused when the source is made, naming it, its type and what to do. */
	@Test
	void aColumnOfATypeWithoutOrderIsRefusedInWords() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:refused;DB_CLOSE_DELAY=-1"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (B VARBINARY(8), F BOOLEAN, J JSON)");
			for (String column : List.of("B", "F", "J")) {
				SQLException refused = assertThrows(SQLException.class, () -> source("jdbc:h2:mem:refused", "T", null, List.of(column)));
				assertTrue(refused.getMessage().startsWith("table T is polled by its column " + column + ", of type ")
						&& refused.getMessage().contains("key the endpoint by an increasing column of a number, text, date, time or timestamp type"),
						refused.getMessage());
			}
			SQLException refused = assertThrows(SQLException.class,
					() -> new JdbcSource("f", "e", "jdbc:h2:mem:refused", null, "SELECT B FROM T", List.of("B"), null, log()));
			assertTrue(refused.getMessage().startsWith("the endpoint's query is polled by its column B, of type BINARY VARYING"), refused.getMessage());
		}
	}

	private static JsonLog log() {
		return PolledJournals.log(new ByteArrayOutputStream());
	}

	/**
	 * Columns read as the record declares its fields: an optional string field ({@code ["string", "null"]}) takes a number
	 * column's digits, as a required one did (it took the number, which the type check refused), and a BOOLEAN column into
	 * an integer field is its 0 or 1 — as MariaDB's TINYINT(1) and YEAR, which its driver hands out as a boolean and a date,
	 * come in (review 29; H2 stands in for MariaDB, which the suite has no server of).
	 */
	@Test
	void columnsAreReadAsTheRecordDeclaresItsFields() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:declared;DB_CLOSE_DELAY=-1"); Connection journal = journal("declared-journal");
				Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (K BIGINT, CODE INTEGER, FLAG BOOLEAN, NOTE VARCHAR(20))");
			s.execute("INSERT INTO T VALUES (1, 42, TRUE, 'one'), (2, NULL, FALSE, 'two')");
			com.fasterxml.jackson.databind.JsonNode shape = JsonText.RECORDS.readTree("{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"integer\"},"
					+ "\"code\":{\"type\":[\"string\",\"null\"]},\"flag\":{\"type\":[\"integer\",\"null\"]},\"note\":{\"type\":\"string\"}}}");
			JdbcSource source = new JdbcSource("f", "e", "jdbc:h2:mem:declared", "T", null, List.of("K"), shape, log());
			List<Input> read = PolledJournals.drain(source, journal, 10);
			source.close();
			assertEquals("{\"k\":1,\"code\":\"42\",\"flag\":1,\"note\":\"one\"}", read.get(0).json().toString());
			assertEquals("{\"k\":2,\"code\":null,\"flag\":0,\"note\":\"two\"}", read.get(1).json().toString());
		}
	}

	private static JdbcSource source(String url, String table, String query, List<String> keys) throws Exception {
		return new JdbcSource("f", "e", url, table, query, keys, null, log());
	}

	/** Polls until a poll finds nothing, committing each batch's checkpoint as the runner does; each row's note. */
	private static List<String> drain(JdbcSource source, Connection journal, int max) throws Exception {
		return notes(PolledJournals.drain(source, journal, max));
	}

	private static List<String> sorted(List<String> rows) {
		return rows.stream().sorted().toList();
	}
}
