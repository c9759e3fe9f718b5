package dev.isthmus.cli;

import static dev.isthmus.cli.H2Project.notes;
import static dev.isthmus.cli.H2Project.once;
import static dev.isthmus.cli.H2Project.options;
import static dev.isthmus.cli.H2Project.sql;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.StartupException;

/**
 * A polled table's first poll, with a real H2 database: tables polled by a text column, a query by a DECIMAL(30,0)
 * one, a table keyed by two columns, and tables polled by a DATE and a DOUBLE column, each out to files. The first poll
 * asked for values above a "lowest" one: '' for text, so a row at '' was never read (and the next run's log said it
 * had appeared late), Long.MIN_VALUE for decimals, below which -10^20 was skipped; and '' for a DATE or DOUBLE, which
 * H2 could not convert, so the run stopped with a stack trace, every flow with it. Each test was seen failing first.
 */
class RunnerTableSourceFirstPollTest {

	private static final String PROJECT = """
			/** Tables polled from their first row. */
			package firstpoll

			record Row json {
			    k    : string
			    id   : integer?
			    note : string
			}

			system Db kind erp {
			    endpoint texts jdbc env DB table "TEXTS" key "K" receives Row
			    endpoint decimals jdbc env DB query "SELECT N AS K, NOTE FROM DECIMALS" key "K" receives Row
			    endpoint pairs jdbc env DB table "PAIRS" key "K", "ID" receives Row
			    endpoint dates jdbc env DB table "DATES" key "K" receives Row
			    endpoint doubles jdbc env DB table "DOUBLES" key "K" receives Row
			}

			system Out kind workflow {
			    endpoint texts file "texts" pattern "rows-*.ndjson" sends Row
			    endpoint decimals file "decimals" pattern "rows-*.ndjson" sends Row
			    endpoint pairs file "pairs" pattern "rows-*.ndjson" sends Row
			    endpoint dates file "dates" pattern "rows-*.ndjson" sends Row
			    endpoint doubles file "doubles" pattern "rows-*.ndjson" sends Row
			}

			flow Texts {
			    from Db.texts
			    to Out.texts
			}

			flow Decimals {
			    from Db.decimals
			    to Out.decimals
			}

			flow Pairs {
			    from Db.pairs
			    to Out.pairs
			}

			flow Dates {
			    from Db.dates
			    to Out.dates
			}

			flow Doubles {
			    from Db.doubles
			    to Out.doubles
			}

			""";

	/**
	 * The row at '' and the one at -10^20 are read by the first run, in a query and a table keyed by two columns too;
	 * the second run reads only the row added, and says nothing of rows below the checkpoint.
	 */
	@Test
	void theFirstPollReadsTheRowsAtTheLowestValues(@TempDir Path sources, @TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(sources, generated, root, "VARCHAR(20)", "VARCHAR(20)");
		sql(db, "INSERT INTO TEXTS VALUES ('', 'empty'), ('b', 'b')", "INSERT INTO DECIMALS VALUES (-100000000000000000000, 'low'), (5, 'five')",
				"INSERT INTO PAIRS VALUES ('', 1, 'p1'), ('', 2, 'p2'), ('a', 3, 'p3')");
		ByteArrayOutputStream log = once(generated, root, db);
		assertEquals(List.of("empty", "b"), notes(root, "texts"), text(log));
		assertEquals(List.of("low", "five"), notes(root, "decimals"), text(log));
		assertEquals(List.of("p1", "p2", "p3"), notes(root, "pairs").stream().sorted().toList(), text(log));

		sql(db, "INSERT INTO TEXTS VALUES ('c', 'c')", "INSERT INTO DECIMALS VALUES (6, 'six')", "INSERT INTO PAIRS VALUES ('a', 4, 'p4')");
		ByteArrayOutputStream again = once(generated, root, db);
		assertEquals(List.of("empty", "b", "c"), notes(root, "texts"), text(again));
		assertEquals(List.of("low", "five", "six"), notes(root, "decimals"), text(again));
		assertEquals(List.of("p1", "p2", "p3", "p4"), notes(root, "pairs").stream().sorted().toList(), text(again));
		assertFalse(text(again).contains("table.rows-below-checkpoint"), text(again));
	}

	/**
	 * Tables polled by a DATE and a DOUBLE column are read, and read on from their checkpoints by the next run (the
	 * double's exactly: the row at 0.1 is not read again, the one at the next double is read).
	 */
	@Test
	void tablesPolledByADateOrADoubleAreRead(@TempDir Path sources, @TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(sources, generated, root, "DATE", "DOUBLE");
		sql(db, "INSERT INTO TEXTS VALUES ('a', 'a')", "INSERT INTO DATES VALUES (DATE '2026-01-01', 'd1'), (DATE '2026-01-02', 'd2')",
				"INSERT INTO DOUBLES VALUES (-1.5E300, 'x1'), (0.1, 'x2')");
		ByteArrayOutputStream log = once(generated, root, db);
		assertEquals(List.of("a"), notes(root, "texts"), text(log));
		assertEquals(List.of("d1", "d2"), notes(root, "dates"), text(log));
		assertEquals(List.of("x1", "x2"), notes(root, "doubles"), text(log));

		sql(db, "INSERT INTO DATES VALUES (DATE '2026-01-03', 'd3')", "INSERT INTO DOUBLES VALUES (0.10000000000000002, 'x3')");
		ByteArrayOutputStream again = once(generated, root, db);
		assertEquals(List.of("d1", "d2", "d3"), notes(root, "dates"), text(again));
		assertEquals(List.of("x1", "x2", "x3"), notes(root, "doubles"), text(again));
	}

	/** A table polled by a column no checkpoint can be kept of is refused at start, naming flow, endpoint, column and type. */
	@Test
	void aTablePolledByABinaryColumnIsRefusedAtStartInWords(@TempDir Path sources, @TempDir Path generated, @TempDir Path root) throws Exception {
		String db = project(sources, generated, root, "VARBINARY(8)", "DOUBLE");
		StartupException refused = assertThrows(StartupException.class, () -> Runner.once(options(generated, root, db, new ByteArrayOutputStream())));
		assertTrue(refused.getMessage().contains("flow firstpoll.Dates, source firstpoll.Db.dates: table DATES is polled by its column K, of type BINARY VARYING,")
				&& refused.getMessage().contains("key the endpoint by an increasing column of a number, text, date, time or timestamp type")
				&& !refused.getMessage().contains("Exception"), refused.getMessage());
	}

	/** The project generated, with its tables made in a database of the run root: DATES and DOUBLES keyed by the types given. */
	private static String project(Path sources, Path generated, Path root, String dates, String doubles) throws Exception {
		String db = H2Project.generate(sources, "firstpoll.isl", PROJECT, generated, root);
		sql(db, "CREATE TABLE TEXTS (K VARCHAR(20), NOTE VARCHAR(20))", "CREATE TABLE DECIMALS (N DECIMAL(30, 0), NOTE VARCHAR(20))",
				"CREATE TABLE PAIRS (K VARCHAR(20), ID INT, NOTE VARCHAR(20))", "CREATE TABLE DATES (K " + dates + ", NOTE VARCHAR(20))",
				"CREATE TABLE DOUBLES (K " + doubles + ", NOTE VARCHAR(20))");
		return db;
	}
}
