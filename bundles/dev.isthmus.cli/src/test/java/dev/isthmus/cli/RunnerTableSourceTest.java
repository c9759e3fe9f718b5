package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.TablesProject.exported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A polled table read as the tables project reads INVOICES, with real H2 databases: a column numeric where the
 * record declares a string (an ERP's INT customer number read into {@code customer : string}) goes through as the
 * number's digits, its decimals reach the CSV file exactly, scale included; rows that share their polled value are
 * all read. Each test was seen failing without its fix.
 */
class RunnerTableSourceTest {

	/**
	 * Since records are checked against their declared types at the {@code from} step, every such row was a dead
	 * letter ("must be a string, found a number"); seen failing so before the source read them as text.
	 */
	@Test
	void aNumericColumnReadIntoAStringFieldIsItsDigits(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		String data = TablesProject.generate(generated, root, "INT", "VARCHAR(100)");
		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("INSERT INTO INVOICES VALUES (1, 4711, 10.00), (2, 815, 1234567890.10)");
		}
		Path env = Files.writeString(root.resolve("env"), "ERP_URL=" + data + "\n");
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--env-file",
				env.toString()), text(err));
		// Decimals as the table has them: read back from the journal as doubles they were 10.0 and 1.23456789010E9.
		assertEquals(List.of("1,4711,10.00", "2,815,1234567890.10"), exported(root).stream().sorted().toList(), text(out));
	}

	/**
	 * A polled table is read by its column's increasing values: rows that share a value are read in one batch, since
	 * the next poll asks for greater values and would skip the rest of them.
	 */
	@Test
	void rowsSharingTheirPolledValueAreAllRead(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(TablesProject.NAME, generated);
		String erp = TablesProject.erp(root);
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("INSERT INTO INVOICES VALUES (1, 'cus_1', 1), (5, 'cus_5a', 5), (5, 'cus_5b', 5), (5, 'cus_5c', 5), (6, 'cus_6', 6)");
		}
		RunnerOptions options = TablesProject.options(generated, root, erp).withBatchSize(2);
		RunSummary run = Runner.once(options);
		List<String> rows = exported(root);
		assertEquals(5, rows.size(), rows + "\n" + run.render());
		assertTrue(rows.contains("5,cus_5b,5.00") || rows.stream().anyMatch(r -> r.startsWith("5,cus_5b")), rows.toString());
		assertTrue(rows.stream().anyMatch(r -> r.startsWith("5,cus_5c")), rows.toString());
	}
}
