package dev.isthmus.cli;

import static dev.isthmus.cli.H2Project.notes;
import static dev.isthmus.cli.H2Project.once;
import static dev.isthmus.cli.H2Project.sql;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dates and times of long ago from a polled table into a table, and a table polled by a DOUBLE column holding NaN and
 * infinities, with a real H2 database. The dates were read through {@code java.sql.Date}, Julian before 1582-10-15:
 * 0001-01-01 arrived as 0001-01-03, 1500-06-01 as 1500-05-21, with no word. A NaN key became the checkpoint, and no row
 * after it was read again, the log blaming rows "committed late". Both seen failing first.
 */
class RunnerTableOldDatesAndNaNTest {

	private static final String PROJECT = """
			/** Old dates from table to table; a table polled by a double. */
			package olddates

			record Day json {
			    k    : date
			    d    : date?
			    ts   : timestamp
			    tm   : string?
			    note : string
			}

			record Measure json {
			    k    : decimal
			    note : string
			}

			system Db kind erp {
			    endpoint days jdbc env DB table "DAYS" key "K" receives Day
			    endpoint copies jdbc env DB table "COPIES" key "K" sends Day
			    endpoint measures jdbc env DB table "MEASURES" key "K" receives Measure
			}

			system Out kind workflow {
			    endpoint measures file "measures" pattern "rows-*.ndjson" sends Measure
			}

			flow Days {
			    from Db.days
			    to Db.copies
			}

			flow Measures {
			    from Db.measures
			    to Out.measures
			}

			""";

	/** Every date, timestamp and time arrives in the target table as the source table holds it. */
	@Test
	void datesOfLongAgoArriveAsTheyWere(@TempDir Path sources, @TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(sources, generated, root);
		sql(db, "INSERT INTO DAYS VALUES"
				+ " (DATE '0001-01-01', DATE '1500-06-01', TIMESTAMP '0001-01-01 00:00:00', TIME '10:00:00', 'a'),"
				+ " (DATE '1500-06-01', DATE '1582-10-10', TIMESTAMP '1500-06-01 10:30:00.5', TIME '10:00:00.5', 'b'),"
				+ " (DATE '1582-10-10', DATE '0001-01-01', TIMESTAMP '1582-10-10 23:59:59', TIME '23:59:59', 'c'),"
				+ " (DATE '9999-12-31', NULL, TIMESTAMP '9999-12-31 23:59:59.999', NULL, 'd'),"
				+ " (DATE '-9999-01-01', DATE '9999-12-31', TIMESTAMP '-9999-01-01 12:00:00', TIME '00:00:00', 'e')");
		ByteArrayOutputStream log = once(generated, root, db);
		assertEquals(List.of("-9999-01-01|9999-12-31|-9999-01-01T12:00|00:00|e", "0001-01-01|1500-06-01|0001-01-01T00:00|10:00|a",
				"1500-06-01|1582-10-10|1500-06-01T10:30:00.500|10:00:00.500|b", "1582-10-10|0001-01-01|1582-10-10T23:59:59|23:59:59|c",
				"9999-12-31|null|9999-12-31T23:59:59.999|null|d"), rows(db, "COPIES"), text(log));
		assertEquals(rows(db, "DAYS"), rows(db, "COPIES"));
	}

	/** Rows keyed NaN or an infinity are skipped and counted; the rows after them are read, by the next run too. */
	@Test
	void aDoubleKeyThatIsNaNStopsNothing(@TempDir Path sources, @TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(sources, generated, root);
		sql(db, "INSERT INTO MEASURES VALUES (1, 'one'), (CAST('NaN' AS DOUBLE), 'nan'), (CAST('Infinity' AS DOUBLE), 'infinity'),"
				+ " (CAST('-Infinity' AS DOUBLE), 'minus infinity'), (2, 'two')");
		ByteArrayOutputStream log = once(generated, root, db);
		assertEquals(List.of("one", "two"), notes(root, "measures"), text(log));
		assertTrue(text(log).contains("table.rows-skipped") && text(log).contains("3 rows have K NaN or an infinity and will not be read"), text(log));
		assertTrue(RunnerTestProjects.deadLetters(generated, root).isEmpty(), text(log));

		sql(db, "INSERT INTO MEASURES VALUES (3, 'three'), (CAST('NaN' AS DOUBLE), 'nan again')");
		ByteArrayOutputStream again = once(generated, root, db);
		assertEquals(List.of("one", "two", "three"), notes(root, "measures"), text(again));
		assertTrue(text(again).contains("4 rows have K NaN or an infinity"), text(again));
		assertFalse(text(again).contains("table.rows-below-checkpoint"), text(again));
		assertTrue(RunnerTestProjects.deadLetters(generated, root).isEmpty(), text(again));
	}

	/** The project generated, with its tables made in a database of the run root; returns its URL. */
	private static String project(Path sources, Path generated, Path root) throws Exception {
		String db = H2Project.generate(sources, "olddates.isl", PROJECT, generated, root);
		String days = " (K DATE PRIMARY KEY, D DATE, TS TIMESTAMP(9), TM TIME(9), NOTE VARCHAR(20))";
		sql(db, "CREATE TABLE DAYS" + days, "CREATE TABLE COPIES" + days, "CREATE TABLE MEASURES (K DOUBLE, NOTE VARCHAR(20))");
		return db;
	}

	/** A table's rows as K|D|TS|TM|NOTE, read as java.time values (which H2 gives exactly), in K's order. */
	private static List<String> rows(String db, String table) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(db);
				ResultSet r = c.createStatement().executeQuery("SELECT K, D, TS, TM, NOTE FROM " + table + " ORDER BY K")) {
			while (r.next()) {
				rows.add(r.getObject(1, java.time.LocalDate.class) + "|" + r.getObject(2, java.time.LocalDate.class) + "|"
						+ r.getObject(3, java.time.LocalDateTime.class) + "|" + r.getObject(4, java.time.LocalTime.class) + "|" + r.getString(5));
			}
		}
		return rows;
	}
}
