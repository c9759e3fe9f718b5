package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A table sink's columns, on real H2 databases in memory: names that are SQL keywords, the types of the columns of a
 * table the runner creates, and values a column would round or cut. Each test was seen failing without its fix.
 */
class JdbcSinkColumnsTest {

	private static final String SPEND = """
			{"type":"object","properties":{"customer":{"type":"string"},"window":{"type":"string","format":"date-time"},
			"hour":{"type":"integer"},"amount":{"type":["number","null"]}}}""";

	/**
	 * Fields named like SQL keywords ({@code window}, {@code hour}) are columns like any other: created, inserted,
	 * updated by key, and a table polled by one (the CREATE TABLE failed with a syntax error at start-up).
	 */
	@Test
	void fieldsNamedLikeKeywordsAreColumns() throws Exception {
		String url = "jdbc:h2:mem:keywords;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url)) {
			JdbcSink sink = new JdbcSink("e", url, "SPEND", List.of("customer", "window"), shape(SPEND), true, "");
			List<Sink.Result> results = sink.deliver(List.of(pending(1, "{\"customer\":\"c\",\"window\":\"2026-11-01T10:00:00Z\",\"hour\":10,\"amount\":1}"),
					pending(2, "{\"customer\":\"c\",\"window\":\"2026-11-01T11:00:00Z\",\"hour\":11,\"amount\":2}")));
			assertEquals(List.of(Sink.Kind.OK, Sink.Kind.OK), results.stream().map(Sink.Result::kind).toList(), results.toString());
			results = sink.deliver(List.of(pending(3, "{\"customer\":\"c\",\"window\":\"2026-11-01T10:00:00Z\",\"hour\":10,\"amount\":5}")));
			assertEquals(Sink.Kind.OK, results.get(0).kind(), results.toString());
			sink.close();
			assertEquals(List.of("10|5", "11|2"), rows(c, "SELECT \"HOUR\", CAST(AMOUNT AS INT) FROM SPEND ORDER BY \"HOUR\""));

			JsonLog log = new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
					new Environment(Map.<String, String>of()::get));
			JdbcSource source = new JdbcSource("f", "e", url, "SPEND", null, "hour", shape(SPEND), log);
			try (Connection journal = DriverManager.getConnection("jdbc:h2:mem:keywords-journal;DB_CLOSE_DELAY=-1");
					Statement j = journal.createStatement()) {
				j.execute("CREATE TABLE ISTHMUS_CHECKPOINT (NAME VARCHAR(2000) PRIMARY KEY, VAL VARCHAR(2000) NOT NULL)");
				journal.setAutoCommit(false);
				Source.Batch batch = source.next(journal, 10);
				assertEquals(List.of(10L, 11L), batch.inputs().stream().map(i -> i.json().path("hour").asLong()).toList());
			}
			source.close();
		}
	}

	/**
	 * Where the database keeps unquoted names in lower case (PostgreSQL; H2 in its mode here), the quoted names are
	 * folded so: a table made with unquoted names is still the one written to.
	 */
	@Test
	void quotedNamesFollowTheDatabasesCase() throws Exception {
		String url = "jdbc:h2:mem:lower;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE spend (customer VARCHAR(20), \"window\" TIMESTAMP WITH TIME ZONE, \"hour\" BIGINT, amount DECIMAL(12, 2),"
					+ " PRIMARY KEY (customer, \"window\"))");
			JdbcSink sink = new JdbcSink("e", url, "SPEND", List.of("customer", "window"), shape(SPEND), false, "");
			List<Sink.Result> results = sink.deliver(List.of(pending(1, "{\"customer\":\"c\",\"window\":\"2026-11-01T10:00:00Z\",\"hour\":10,\"amount\":1.5}")));
			assertEquals(Sink.Kind.OK, results.get(0).kind(), results.toString());
			sink.close();
			assertEquals(List.of("c|1.50"), rows(c, "SELECT customer, amount FROM spend"));
		}
	}

	/**
	 * A table the runner creates holds what the record's types allow: every digit of a decimal (1.123456789012345
	 * became 1.1234567890) and text of any length (5,000 characters were a dead letter, "Value too long").
	 */
	@Test
	void createdColumnsHoldEveryDigitAndLongText() throws Exception {
		String url = "jdbc:h2:mem:created;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url)) {
			JdbcSink sink = new JdbcSink("e", url, "SPEND", List.of("customer", "window"), shape(SPEND), true, "");
			String longName = "x".repeat(5000);
			List<Sink.Result> results = sink.deliver(List.of(
					pending(1, "{\"customer\":\"a\",\"window\":\"2026-11-01T10:00:00Z\",\"hour\":1,\"amount\":10.50}"),
					pending(2, "{\"customer\":\"b\",\"window\":\"2026-11-01T10:00:00Z\",\"hour\":1,\"amount\":1.123456789012345}"),
					pending(3, "{\"customer\":\"" + longName + "\",\"window\":\"2026-11-01T10:00:00Z\",\"hour\":1,\"amount\":3}")));
			sink.close();
			assertEquals(List.of(Sink.Kind.OK, Sink.Kind.OK, Sink.Kind.OK), results.stream().map(Sink.Result::kind).toList(), results.toString());
			try (ResultSet r = c.createStatement().executeQuery("SELECT CUSTOMER, AMOUNT FROM SPEND ORDER BY LENGTH(CUSTOMER), CUSTOMER")) {
				r.next();
				assertEquals(0, new BigDecimal("10.50").compareTo(r.getBigDecimal(2)), "10.50 came back as " + r.getBigDecimal(2));
				r.next();
				assertEquals(new BigDecimal("1.123456789012345"), r.getBigDecimal(2).stripTrailingZeros());
				r.next();
				assertEquals(longName, r.getString(1));
			}
		}
	}

	/**
	 * A decimal with more places than its column keeps is refused, not rounded (1.239 went into DECIMAL(12, 2) as
	 * 1.24, 2.5 into a BIGINT as 3), and a text longer than its column is refused naming the field and column; the
	 * other records of the batch go in. Trailing zeros are no places lost.
	 */
	@Test
	void valuesAColumnWouldRoundOrCutAreRefusedInWords() throws Exception {
		String url = "jdbc:h2:mem:refused;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE SPEND (CUSTOMER VARCHAR(10), \"WINDOW\" TIMESTAMP WITH TIME ZONE, \"HOUR\" BIGINT, AMOUNT DECIMAL(12, 2),"
					+ " ISTHMUS_OUTBOX_ID BIGINT)");
			JdbcSink sink = new JdbcSink("e", url, "SPEND", List.of(), shape(SPEND.replace("\"hour\":{\"type\":\"integer\"}", "\"hour\":{\"type\":\"number\"}")),
					false, "");
			List<Sink.Result> results = sink.deliver(List.of(pending(1, "{\"customer\":\"a\",\"hour\":1,\"amount\":1.500}"),
					pending(2, "{\"customer\":\"b\",\"hour\":1,\"amount\":1.239}"),
					pending(3, "{\"customer\":\"a-long-name\",\"hour\":1,\"amount\":1}"),
					pending(4, "{\"customer\":\"d\",\"hour\":2.5,\"amount\":1}"),
					// one past the largest long: refused, not wrapped round to -9223372036854775808
					pending(5, "{\"customer\":\"e\",\"hour\":9223372036854775808,\"amount\":1}")));
			sink.close();
			assertEquals(List.of(Sink.Kind.OK, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT),
					results.stream().map(Sink.Result::kind).toList(), results.toString());
			assertEquals("amount: 1.239 has 3 decimal places and column AMOUNT of SPEND is DECIMAL(12, 2), which would round it to 1.24;"
					+ " widen the column (to a scale of 3 or more) or round the value in the flow's mapping (round(amount, 2)), then replay the record",
					results.get(1).detail());
			assertEquals("customer: a text of 11 characters (\"a-long-name\") does not fit column CUSTOMER of SPEND, CHARACTER VARYING(10);"
					+ " widen the column or shorten the value in the flow's mapping, then replay the record", results.get(2).detail());
			assertTrue(results.get(3).detail().startsWith("hour: 2.5 has 1 decimal places and column HOUR of SPEND is BIGINT"), results.get(3).detail());
			assertEquals(List.of("a|1.50"), rows(c, "SELECT CUSTOMER, AMOUNT FROM SPEND"));
		}
	}

	/**
	 * A timestamp with a time of day into a DATE column kept the day alone, one with a finer fraction than a
	 * TIMESTAMP(0) keeps was rounded (59.9 s to the next minute), and a decimal into a REAL lost digits (0.1234567891
	 * became 0.12345679), each delivered without a word (review 21): refused now, the rest of the batch going in.
	 */
	@Test
	void timestampsAndBinaryFloatsAColumnWouldChangeAreRefused() throws Exception {
		String url = "jdbc:h2:mem:changed;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE SPEND (CUSTOMER VARCHAR(10), \"WINDOW\" DATE, \"HOUR\" TIMESTAMP(0), AMOUNT REAL, ISTHMUS_OUTBOX_ID BIGINT)");
			String shape = SPEND.replace("\"hour\":{\"type\":\"integer\"}", "\"hour\":{\"type\":\"string\",\"format\":\"date-time\"}");
			JdbcSink sink = new JdbcSink("e", url, "SPEND", List.of(), shape(shape), false, "");
			List<Sink.Result> results = sink.deliver(List.of(
					pending(1, "{\"customer\":\"a\",\"window\":\"2026-12-01T00:00:00Z\",\"hour\":\"2026-12-01T15:45:59Z\",\"amount\":0.5}"),
					pending(2, "{\"customer\":\"b\",\"window\":\"2026-12-01T15:45:00Z\",\"amount\":0.5}"),
					pending(3, "{\"customer\":\"c\",\"hour\":\"2026-12-01T15:45:59.900Z\",\"amount\":0.5}"),
					pending(4, "{\"customer\":\"d\",\"amount\":0.1234567891}"),
					pending(5, "{\"customer\":\"e\",\"amount\":123456789}"),
					pending(6, "{\"customer\":\"f\",\"amount\":1e39}")));
			sink.close();
			assertEquals(List.of(Sink.Kind.OK, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT,
					Sink.Kind.PERMANENT), results.stream().map(Sink.Result::kind).toList(), results.toString());
			assertTrue(results.get(5).detail().contains("a binary floating-point type that would keep nothing: it is beyond the type's range"),
					results.get(5).detail());
			assertEquals("window: 2026-12-01T15:45Z has a time of day and column WINDOW of SPEND is DATE, which would keep the day alone; make the"
					+ " column a TIMESTAMP, or declare the field a date in the record (truncating it in the flow's mapping), then replay the record",
					results.get(1).detail());
			assertEquals("hour: 2026-12-01T15:45:59.900Z has a finer fraction of a second than column HOUR of SPEND keeps (TIMESTAMP(0), 0 decimal"
					+ " places), which would round it; widen the column's fraction or truncate the value in the flow's mapping (truncate(hour, 1s)),"
					+ " then replay the record", results.get(2).detail());
			assertEquals("amount: 0.1234567891 does not fit column AMOUNT of SPEND, REAL, a binary floating-point type that would keep it as"
					+ " 0.12345679; make the column DECIMAL (or DOUBLE PRECISION for a REAL), or round the value in the flow's mapping, then replay"
					+ " the record", results.get(3).detail());
			assertTrue(results.get(4).detail().startsWith("amount: 123456789 does not fit column AMOUNT of SPEND, REAL"), results.get(4).detail());
			assertEquals(List.of("a|2026-12-01"), rows(c, "SELECT CUSTOMER, \"WINDOW\" FROM SPEND"));
		}
	}

	/**
	 * Numbers out of an integer column's range or with more digits before the point than a DECIMAL(p, s) holds were
	 * refused by the database in its words — PostgreSQL's "integer out of range", "numeric field overflow", with the
	 * whole statement and the record's values — and the places were checked first, saying 123456789012345678901234567890.123
	 * "would round" to a number the column cannot hold (review 27). Now refused naming field, value, column and range; a
	 * zero fits any DECIMAL; a table's own refusal is cut to its reason.
	 */
	@Test
	void numbersOutOfAColumnsRangeAreRefusedInWords() throws Exception {
		String url = "jdbc:h2:mem:ranges;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE NUMS (K INTEGER, S SMALLINT, D DECIMAL(4, 2), NOTE VARCHAR(10) CHECK (NOTE <> 'bad'), ISTHMUS_OUTBOX_ID BIGINT)");
			String shape = "{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"integer\"},\"s\":{\"type\":\"integer\"},"
					+ "\"d\":{\"type\":\"number\"},\"note\":{\"type\":\"string\"}}}";
			JdbcSink sink = new JdbcSink("e", url, "NUMS", List.of(), shape(shape), false, "");
			List<Sink.Result> results = sink.deliver(List.of(pending(1, "{\"k\":2147483647,\"s\":-32768,\"d\":99.99,\"note\":\"a\"}"),
					pending(2, "{\"k\":3000000000,\"s\":1,\"d\":1,\"note\":\"b\"}"),
					pending(3, "{\"k\":1,\"s\":40000,\"d\":1,\"note\":\"c\"}"),
					pending(4, "{\"k\":1,\"s\":1,\"d\":100,\"note\":\"d\"}"),
					pending(5, "{\"k\":1,\"s\":1,\"d\":0.00,\"note\":\"e\"}"),
					pending(6, "{\"k\":1,\"s\":1,\"d\":123456789012345678901234567890.123,\"note\":\"f\"}"),
					pending(7, "{\"k\":1,\"s\":1,\"d\":1,\"note\":\"bad\"}")));
			sink.close();
			assertEquals(List.of(Sink.Kind.OK, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.OK, Sink.Kind.PERMANENT,
					Sink.Kind.PERMANENT), results.stream().map(Sink.Result::kind).toList(), results.toString());
			assertEquals("k: 3000000000 does not fit column K of NUMS, INTEGER, which holds whole numbers from -2147483648 to 2147483647; widen the"
					+ " column (BIGINT, or DECIMAL for larger numbers) or correct the value, then replay the record", results.get(1).detail());
			assertTrue(results.get(2).detail().startsWith("s: 40000 does not fit column S of NUMS, SMALLINT, which holds whole numbers from -32768 to 32767"),
					results.get(2).detail());
			assertEquals("d: 100 has 3 digits before the decimal point and column D of NUMS is NUMERIC(4, 2), which holds 2; widen the column (to a"
					+ " precision of 5 or more) or correct the value, then replay the record", results.get(3).detail().replace("DECIMAL", "NUMERIC"));
			assertTrue(results.get(5).detail().startsWith("d: 123456789012345678901234567890.123 has 30 digits before the decimal point"), results.get(5).detail());
			assertTrue(results.get(6).detail().startsWith("the table refused the record: Check constraint violation"), results.get(6).detail());
			assertTrue(results.get(6).detail().endsWith("(SQLSTATE 23513); correct the record (or the table), then replay it"), results.get(6).detail());
			assertEquals(List.of("2147483647|-32768", "1|1"), rows(c, "SELECT K, S FROM NUMS"));
		}
	}

	/**
	 * PostgreSQL's ways, which the suite has no server for: its text holds no U+0000 ("invalid byte sequence for encoding
	 * UTF8: 0x00" with the statement), a text parameter goes to a jsonb or bigint column only untyped, and a failed batch
	 * names its first statement with its values, the error itself its next exception (as PostgreSQL's driver reports it).
	 */
	@Test
	void postgresqlsTextAndBatchErrorsAreSaidForTheRecord() throws Exception {
		TableColumn text = new TableColumn("NOTE", java.sql.Types.VARCHAR, "text", Integer.MAX_VALUE, 0, true);
		java.sql.SQLException nul = org.junit.jupiter.api.Assertions.assertThrows(TableColumn.RefusedValue.class,
				() -> text.fitting("ab\u0000c", "note", "notes"));
		assertEquals("note: the text holds the character U+0000 (at character 3), which column NOTE of notes cannot hold (PostgreSQL's text has"
				+ " no NUL); remove it where the record comes from or in the flow's mapping, then replay the record", nul.getMessage());
		assertEquals("ab\u0000c", new TableColumn("NOTE", java.sql.Types.VARCHAR, "VARCHAR", 100, 0, false).fitting("ab\u0000c", "note", "t"));
		assertTrue(new TableColumn("DOC", java.sql.Types.OTHER, "jsonb", 0, 0, true).bindsTextAsUnknown());
		assertTrue(new TableColumn("ID", java.sql.Types.BIGINT, "int8", 19, 0, true).bindsTextAsUnknown());
		assertFalse(text.bindsTextAsUnknown());
		assertFalse(new TableColumn("DOC", java.sql.Types.OTHER, "JSON", 0, 0, false).bindsTextAsUnknown());

		java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 UPDATE \"fit\" SET \"amt\" = ('12345678901.00'::numeric)"
				+ " was aborted: ERROR: numeric field overflow  Call getNextException to see other errors in the batch.", "22003", new int[0]);
		batch.setNextException(new java.sql.SQLException("ERROR: numeric field overflow\n  Detail: A field with precision 12, scale 2 must round to an"
				+ " absolute value less than 10^10.", "22003"));
		assertTrue(JdbcSink.refused(batch));
		assertEquals("the table refused the record: numeric field overflow Detail: A field with precision 12, scale 2 must round to an absolute value"
				+ " less than 10^10. (SQLSTATE 22003); correct the record (or the table), then replay it", JdbcSink.refusal(batch));
	}

	/**
	 * A number or a time sent as text went to a numeric or time column for the database to cast, which rounded it
	 * without a word ("12.345" into DECIMAL(12, 2) became 12.35, "12.7" into an INT 13, a fraction dropped; review 29 on
	 * MariaDB, and H2 and PostgreSQL round so too): checked as the number or time it is.
	 */
	@Test
	void numbersAndTimesSentAsTextAreCheckedAsNumbersAndTimes() throws Exception {
		String url = "jdbc:h2:mem:texts;DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE TEXTS (N VARCHAR(10), D DECIMAL(12, 2), I INTEGER, T TIMESTAMP(0), DT DATE, ISTHMUS_OUTBOX_ID BIGINT)");
			String shape = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\"},\"d\":{\"type\":\"string\"},"
					+ "\"i\":{\"type\":\"string\"},\"t\":{\"type\":\"string\"},\"dt\":{\"type\":\"string\"}}}";
			JdbcSink sink = new JdbcSink("e", url, "TEXTS", List.of(), shape(shape), false, "");
			List<Sink.Result> results = sink.deliver(List.of(
					pending(1, "{\"n\":\"a\",\"d\":\"12.30\",\"i\":\"-7\",\"t\":\"2026-11-01 10:00:00\",\"dt\":\"2026-11-01T00:00:00Z\"}"),
					pending(2, "{\"n\":\"b\",\"d\":\"12.345\"}"),
					pending(3, "{\"n\":\"c\",\"i\":\"12.7\"}"),
					pending(4, "{\"n\":\"d\",\"t\":\"2026-11-01T10:00:00.7Z\"}"),
					pending(5, "{\"n\":\"e\",\"dt\":\"2026-11-01T15:45:00Z\"}"),
					pending(6, "{\"n\":\"f\",\"i\":\"twelve\"}")));
			sink.close();
			assertEquals(List.of(Sink.Kind.OK, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT, Sink.Kind.PERMANENT),
					results.stream().map(Sink.Result::kind).toList(), results.toString());
			assertTrue(results.get(1).detail().startsWith("d: 12.345 has 3 decimal places and column D of TEXTS is DECIMAL(12, 2), which would round"
					+ " it to 12.35"), results.get(1).detail());
			assertTrue(results.get(2).detail().startsWith("i: 12.7 has 1 decimal places and column I of TEXTS is INTEGER"), results.get(2).detail());
			assertTrue(results.get(3).detail().startsWith("t: 2026-11-01T10:00:00.700Z has a finer fraction of a second than column T"), results.get(3).detail());
			assertTrue(results.get(4).detail().startsWith("dt: 2026-11-01T15:45Z has a time of day and column DT of TEXTS is DATE"), results.get(4).detail());
			assertTrue(results.get(5).detail().startsWith("the table refused the record: "), results.get(5).detail());
			assertEquals(List.of("a|12.30"), rows(c, "SELECT N, D FROM TEXTS"));
			assertEquals(List.of("-7|2026-11-01 10:00:00"), rows(c, "SELECT I, T FROM TEXTS"));
		}
	}

	/**
	 * MySQL's and MariaDB's ways, which the suite has no server for (review 29): an UNSIGNED column holds from 0 to twice
	 * as far as its signed kind, and a value outside an ENUM ("Data truncated", 1265, state 01000) or a column without
	 * default the record leaves out (1364, HY000) is the record's refusal, not the target failing; "(conn=47) " is no part
	 * of a reason.
	 */
	@Test
	void mysqlsUnsignedColumnsAndRefusalsAreTheRecords() throws Exception {
		TableColumn unsigned = new TableColumn("U", java.sql.Types.INTEGER, "INTEGER UNSIGNED", 10, 0, false, false);
		assertEquals(new BigDecimal("4294967295"), unsigned.fitting(new BigDecimal("4294967295"), "u", "t"));
		java.sql.SQLException negative = org.junit.jupiter.api.Assertions.assertThrows(TableColumn.RefusedValue.class,
				() -> unsigned.fitting(new BigDecimal("-1"), "u", "t"));
		assertTrue(negative.getMessage().startsWith("u: -1 does not fit column U of t, INTEGER UNSIGNED, which holds whole numbers from 0 to"
				+ " 4294967295"), negative.getMessage());
		assertEquals(new BigDecimal("18446744073709551615"), new TableColumn("B", java.sql.Types.BIGINT, "BIGINT UNSIGNED", 20, 0, false, false)
				.fitting(new BigDecimal("18446744073709551615"), "b", "t"));

		java.sql.SQLException enumValue = new java.sql.SQLException("(conn=47) Data truncated for column 'color' at row 1", "01000", 1265);
		assertTrue(JdbcSink.refused(enumValue));
		assertEquals("the table refused the record: Data truncated for column 'color' at row 1 (SQLSTATE 01000); correct the record (or the"
				+ " table), then replay it", JdbcSink.refusal(enumValue));
		assertTrue(JdbcSink.refused(new java.sql.SQLException("Field 'req' doesn't have a default value", "HY000", 1364)));
		assertFalse(JdbcSink.refused(new java.sql.SQLException("Lock wait timeout exceeded", "HY000", 1205)));
	}

	private static JsonNode shape(String json) throws Exception {
		return JsonText.RECORDS.readTree(json);
	}

	private static Sink.Pending pending(long id, String record) {
		return new Sink.Pending(id, "f", record, "k" + id, "c" + id, null, 0, null, null, java.time.Instant.now(), 0);
	}

	private static List<String> rows(Connection c, String query) throws Exception {
		List<String> rows = new ArrayList<>();
		try (ResultSet r = c.createStatement().executeQuery(query)) {
			while (r.next()) {
				rows.add(r.getString(1) + "|" + r.getString(2));
			}
		}
		return rows;
	}
}
