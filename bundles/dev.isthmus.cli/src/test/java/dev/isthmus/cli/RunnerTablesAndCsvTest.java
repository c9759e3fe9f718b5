package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.TablesProject.archived;
import static dev.isthmus.cli.TablesProject.exported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * A polled table out to CSV files and CSV files into a table, with real H2 databases and files: the table's
 * checkpoint takes each row once across runs, CSV cells are typed by the record's shape, a bad cell becomes a dead
 * letter that {@code isthmus dlq} lists and {@code isthmus trace} explains.
 */
class RunnerTablesAndCsvTest {

	@Test
	void tablesAndCsvFilesMoveEachRecordOnceAndBadCellsBecomeDeadLetters(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		RunnerTestProjects.generate(TablesProject.NAME, generated);

		String erp = TablesProject.erp(root);
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			for (int i = 1; i <= 5; i++) {
				s.execute("INSERT INTO INVOICES VALUES (" + i + ", 'cus_" + i + "', " + (i * 10) + ".50)");
			}
		}
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n101,cus_a,12.00\n102,\"cus, b\",7.25\nx,cus_c,1\n103,cus_d,3\n");

		RunnerOptions options = TablesProject.options(generated, root, erp);
		RunSummary first = Runner.once(options);
		assertEquals(5, exported(root).size(), first.render());
		assertEquals(new TreeSet<>(List.of("101|cus_a|12.00", "102|cus, b|7.25", "103|cus_d|3.00")), archived(root));
		assertTrue(Files.isRegularFile(root.resolve("import/done/a.csv")), "the CSV file moved to done/");

		// Two new rows: the next run takes only those, by the table's checkpoint.
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("INSERT INTO INVOICES VALUES (6, 'cus_6', 60.00), (7, 'cus_7', 70.00)");
		}
		Runner.once(options);
		List<String> rows = exported(root);
		assertEquals(7, rows.size(), rows.toString());
		assertEquals(7, new TreeSet<>(rows).size(), "a row exported twice: " + rows);
		assertTrue(rows.contains("7,cus_7,70.00") || rows.contains("7,cus_7,70.0"), rows.toString());

		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "list", "--root", root.toString(), "--flow", "FilesToTable"), text(err));
		assertTrue(text(out).contains("column invoiceNo: 'x' is not an integer") && text(out).contains("1 dead letter" + System.lineSeparator()), text(out));
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("trace", "tables.FilesToTable@file:import/a.csv:3", "--root", root.toString()), text(err));
		assertTrue(text(out).contains("deliver -> tables.Erp.archive") && text(out).contains("cus, b"), text(out));
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "discard", "--root", root.toString(), "--reason", "not an integer"), text(err));
		assertTrue(text(out).startsWith("discarded 1 of 1"), text(out));
		out.reset();
		cli.run("dlq", "list", "--root", root.toString());
		assertTrue(text(out).contains("0 dead letters"), text(out));
	}

	/**
	 * Deliveries to a table travel as one journal row (a pack); when the table refuses one record, the others go in
	 * and the refused one becomes a dead letter of its own, with its record and correlation id, which a replay
	 * delivers once the table takes it.
	 */
	@Test
	void aRecordTheTableRefusesIsDeadLetteredAloneAndTheRestOfItsPackGoesIn(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		RunnerTestProjects.generate(TablesProject.NAME, generated);
		String data = TablesProject.data(root);
		Files.createDirectories(root.resolve(".isthmus"));
		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2),"
					+ " CONSTRAINT NOT_NEGATIVE CHECK (AMOUNT >= 0))");
			// The project's other flow polls this one; it stays empty here.
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		drop(root, "import/b.csv", "invoiceNo,customer,amount\n201,cus_a,1\n202,cus_b,2\n203,cus_c,-3\n204,cus_d,4\n205,cus_e,5\n");
		RunnerOptions options = TablesProject.options(generated, root, data);

		RunSummary first = Runner.once(options);
		assertEquals(new TreeSet<>(List.of("201|cus_a|1.00", "202|cus_b|2.00", "204|cus_d|4.00", "205|cus_e|5.00")), archived(root),
				first.render());
		cli.run("dlq", "list", "--root", root.toString(), "--flow", "FilesToTable");
		assertTrue(text(out).contains("1 dead letter" + System.lineSeparator()) && text(out).contains("refused: ") && text(out).contains("NOT_NEGATIVE"), text(out));
		out.reset();
		cli.run("dlq", "show", "1", "--root", root.toString());
		// The database's reason on one line, without the statement and the driver's code (they split the output).
		String reason = text(out).lines().filter(l -> l.trim().startsWith("reason:")).findFirst().orElseThrow();
		assertTrue(reason.contains("refused: the table refused the record: Check constraint violation: \"NOT_NEGATIVE")
				&& reason.endsWith("correct the record (or the table), then replay it"), text(out));
		assertFalse(text(out).contains("SQL statement") || text(out).contains("-252]"), text(out));
		// Its attempts are its own: the pack's refusal (whichever record caused it) is not one of them.
		String attempts = text(out).lines().filter(l -> l.trim().startsWith("attempts:")).findFirst().orElseThrow();
		assertEquals(1, attempts.split("\"attempt\":", -1).length - 1, attempts);
		assertTrue(attempts.contains("NOT_NEGATIVE"), attempts);
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/journal"));
				ResultSet r = c.createStatement().executeQuery("SELECT D.CORRELATION, D.RECORD, O.STATE, O.PACKED FROM ISTHMUS_DEAD D"
						+ " JOIN ISTHMUS_OUTBOX O ON O.ID = D.OUTBOX_ID")) {
			assertTrue(r.next(), "the dead letter points at its outbox row");
			assertEquals("tables.FilesToTable@file:import/b.csv:4", r.getString(1), "the refused record's own correlation id");
			assertTrue(r.getString(2).contains("\"invoiceNo\":203") && !r.getString(2).contains("202"), r.getString(2));
			assertEquals("DEAD", r.getString(3));
			assertEquals(0, r.getInt(4), "a row of its own, not a pack");
		}

		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("ALTER TABLE ARCHIVE DROP CONSTRAINT NOT_NEGATIVE");
		}
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "replay", "--root", root.toString(), "--flow", "FilesToTable"), text(err));
		assertTrue(text(out).startsWith("replayed 1 of 1"), text(out));
		Runner.once(options);
		assertEquals(5, archived(root).size(), archived(root).toString());
		assertTrue(archived(root).contains("203|cus_c|-3.00"), archived(root).toString());
	}

	/**
	 * A CSV value over several lines is one value, and a quote left open costs its own line only: the run goes on, the
	 * other rows go in, the bad line is a dead letter naming file and line (it used to stop the run). {@code --feed}
	 * refuses a CSV endpoint in words, and a fed record too long for the journal is a dead letter, not a failed start.
	 */
	@Test
	void csvValuesOverSeveralLinesGoInAndABrokenQuoteIsADeadLetterOfItsLine(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		RunnerTestProjects.generate(TablesProject.NAME, generated);
		String erp = TablesProject.erp(root);
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		drop(root, "import/m.csv", "\uFEFFinvoiceNo,customer,amount\n301,\"cus\nmulti\",1\n302,\"cus_b,2\n303,cus_c,3\n");

		RunnerOptions options = TablesProject.options(generated, root, erp);
		RunSummary summary = Runner.once(options);
		assertEquals(new TreeSet<>(List.of("301|cus\nmulti|1.00", "303|cus_c|3.00")), archived(root), summary.render());
		assertTrue(Files.isRegularFile(root.resolve("import/done/m.csv")), "the CSV file moved to done/");
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "list", "--root", root.toString(), "--flow", "FilesToTable"), text(err));
		assertTrue(text(out).contains("import/m.csv:4: a quote opened on this line") && text(out).contains("1 dead letter" + System.lineSeparator()), text(out));

		Path big = root.resolve("big.txt");
		Files.writeString(big, "x".repeat(2_000_000));
		RunSummary fed = Runner.once(options.withFeeds(List.of(new RunnerOptions.Feed("invoices", big))));
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "list", "--root", root.toString(), "--flow", "TableToFiles"), text(err));
		assertTrue(text(out).contains("the record has 2000000 characters, more than the 1000000 the journal keeps")
				&& text(out).contains("1 dead letter" + System.lineSeparator()), fed.render() + text(out));

		Path csv = root.resolve("more.csv");
		Files.writeString(csv, "invoiceNo,customer,amount\n401,cus_d,4\n");
		StartupException refused = assertThrows(StartupException.class,
				() -> Runner.once(options.withFeeds(List.of(new RunnerOptions.Feed("imports", csv)))));
		assertTrue(refused.getMessage().contains("--feed takes JSON or NDJSON records, and tables.Erp.imports reads CSV files; copy the file"
				+ " into import"), refused.getMessage());
	}
}
