package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.PolledJournals.drain;
import static dev.isthmus.runner.internal.PolledJournals.journal;
import static dev.isthmus.runner.internal.PolledJournals.log;
import static dev.isthmus.runner.internal.PolledJournals.notes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A polled table's dates and times of long ago, and a DOUBLE or REAL key that is NaN or an infinity, with real H2
 * databases in memory. Dates were read through {@code java.sql.Date}, whose days before 1582-10-15 are Julian: the
 * DATE 0001-01-01 came out as "0001-01-03" and 1500-06-01 as "1500-05-21", while the origin and checkpoint were right.
 * A NaN key became the checkpoint, above which no row is: the table was read no more. Both seen failing first.
 */
class JdbcSourceOldDatesAndNaNTest {

	@Test
	void datesAndTimesOfLongAgoAreReadAsTheTableHoldsThem() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:old-dates;DB_CLOSE_DELAY=-1"); Connection journal = journal("old-dates-journal");
				Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (K DATE, D DATE, TS TIMESTAMP(9), TM TIME(9), TZ TIMESTAMP(9) WITH TIME ZONE, NOTE VARCHAR(20))");
			s.execute("INSERT INTO T VALUES"
					+ " (DATE '-9999-01-01', DATE '0001-01-01', TIMESTAMP '-9999-01-01 00:00:00', TIME '00:00:00',"
					+ "  TIMESTAMP WITH TIME ZONE '-9999-01-01 12:00:00+00', 'a'),"
					+ " (DATE '0001-01-01', DATE '1500-06-01', TIMESTAMP '0001-01-01 10:30:00', TIME '10:00:00',"
					+ "  TIMESTAMP WITH TIME ZONE '0001-01-01 12:00:00+02', 'b'),"
					+ " (DATE '1500-06-01', DATE '1582-10-10', TIMESTAMP '1500-06-01 10:30:00.5', TIME '10:00:00.5',"
					+ "  TIMESTAMP WITH TIME ZONE '1500-06-01 12:00:00+02', 'c'),"
					+ " (DATE '1582-10-10', DATE '9999-12-31', TIMESTAMP '1582-10-10 23:59:59.999999999', TIME '23:59:59.999999999',"
					+ "  TIMESTAMP WITH TIME ZONE '1582-10-10 00:30:00+02', 'd'),"
					+ " (DATE '9999-12-31', NULL, TIMESTAMP '9999-12-31 23:59:59', NULL, TIMESTAMP WITH TIME ZONE '9999-12-31 23:00:00-01', 'e')");
			JdbcSource source = new JdbcSource("f", "e", "jdbc:h2:mem:old-dates", "T", null, List.of("K"), null, log(new ByteArrayOutputStream()));
			List<Input> read = drain(source, journal, 2);
			source.close();
			assertEquals(List.of(
					"jdbc:e:K=-9999-01-01 -9999-01-01 0001-01-01 -9999-01-01T00:00:00Z 00:00:00 -9999-01-01T12:00:00Z",
					"jdbc:e:K=0001-01-01 0001-01-01 1500-06-01 0001-01-01T10:30:00Z 10:00:00 0001-01-01T10:00:00Z",
					"jdbc:e:K=1500-06-01 1500-06-01 1582-10-10 1500-06-01T10:30:00.500Z 10:00:00.5 1500-06-01T10:00:00Z",
					"jdbc:e:K=1582-10-10 1582-10-10 9999-12-31 1582-10-10T23:59:59.999999999Z 23:59:59.999999999 1582-10-09T22:30:00Z",
					"jdbc:e:K=9999-12-31 9999-12-31 null 9999-12-31T23:59:59Z null +10000-01-01T00:00:00Z"),
					read.stream().map(i -> i.origin() + " " + i.json().path("k").asText() + " " + i.json().path("d").asText() + " "
							+ i.json().path("ts").asText() + " " + i.json().path("tm").asText() + " " + i.json().path("tz").asText()).toList());
		}
	}

	/** Rows keyed NaN or an infinity are not read, never become the checkpoint, and are counted in the log; the others are read on. */
	@Test
	void aKeyThatIsNaNOrAnInfinityIsSkippedAndTheTableReadOn() throws Exception {
		for (String type : List.of("DOUBLE", "REAL")) {
			String url = "jdbc:h2:mem:nan-" + type;
			try (Connection data = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=-1"); Connection journal = journal("nan-journal-" + type);
					Statement s = data.createStatement()) {
				s.execute("CREATE TABLE T (K " + type + ", NOTE VARCHAR(20))");
				s.execute("INSERT INTO T VALUES (CAST('-Infinity' AS " + type + "), 'minus infinity'), (1, 'one'),"
						+ " (CAST('NaN' AS " + type + "), 'nan'), (CAST('Infinity' AS " + type + "), 'infinity'), (2, 'two'), (NULL, 'none')");
				ByteArrayOutputStream log = new ByteArrayOutputStream();
				JdbcSource source = new JdbcSource("f", "e", url, "T", null, List.of("K"), null, log(log));
				assertEquals(List.of("one", "two"), notes(drain(source, journal, 1)), type + ": " + log);
				assertEquals("2.0", Journal.checkpoint(journal, "jdbc:f:e"), type + ": the checkpoint is the last number read");
				source.close();
				String said = log.toString(StandardCharsets.UTF_8);
				assertTrue(said.contains("\"table.rows-skipped\"") && said.contains("3 rows have K NaN or an infinity and will not be read"), said);
				assertTrue(said.contains("1 row has no K (NULL)"), said);

				// Started again: the rows above the checkpoint are read, the skipped ones are not taken for late ones.
				s.execute("INSERT INTO T VALUES (3, 'three'), (CAST('NaN' AS " + type + "), 'nan again'), (4, 'four')");
				ByteArrayOutputStream again = new ByteArrayOutputStream();
				source = new JdbcSource("f", "e", url, "T", null, List.of("K"), null, log(again));
				assertEquals(List.of("three", "four"), notes(drain(source, journal, 1)), type + ": " + again);
				assertEquals(List.of(), notes(drain(source, journal, 1)));
				source.close();
				said = again.toString(StandardCharsets.UTF_8);
				assertTrue(said.contains("4 rows have K NaN or an infinity"), said);
				assertFalse(said.contains("table.rows-below-checkpoint"), said);
			}
		}
	}

	/** A NaN checkpoint an earlier runner kept is said once, with what to do; the runner does not guess where to go on. */
	@Test
	void aNaNCheckpointKeptBeforeIsSaidWithWhatToDo() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:nan-before;DB_CLOSE_DELAY=-1"); Connection journal = journal("nan-before-journal");
				Statement s = data.createStatement()) {
			s.execute("CREATE TABLE T (K DOUBLE, NOTE VARCHAR(20))");
			s.execute("INSERT INTO T VALUES (1, 'one'), (CAST('NaN' AS DOUBLE), 'nan'), (2, 'two')");
			Journal.checkpoint(journal, "jdbc:f:e", "NaN");
			journal.commit();
			ByteArrayOutputStream log = new ByteArrayOutputStream();
			JdbcSource source = new JdbcSource("f", "e", "jdbc:h2:mem:nan-before", "T", null, List.of("K"), null, log(log));
			assertEquals(List.of(), notes(drain(source, journal, 5)));
			source.close();
			String said = log.toString(StandardCharsets.UTF_8);
			assertTrue(said.contains("\"table.checkpoint-not-a-number\"") && said.contains("the checkpoint of table T is K = NaN")
					&& said.contains("UPDATE ISTHMUS_CHECKPOINT SET VAL = '<number>' WHERE NAME = 'jdbc:f:e'"), said);
		}
	}
}
