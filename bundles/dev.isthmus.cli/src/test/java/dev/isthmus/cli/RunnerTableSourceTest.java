package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTablesAndCsvTest.exported;
import static dev.isthmus.cli.RunnerTablesAndCsvTest.print;
import static dev.isthmus.cli.RunnerTablesAndCsvTest.tablesProject;
import static dev.isthmus.cli.RunnerTablesAndCsvTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A polled table whose column is numeric where the record declares a string (an ERP's INT customer number read
 * into {@code customer : string}): the rows go through as the number's digits; its decimals reach the CSV file
 * exactly, scale included. Since records are checked against
 * their declared types at the {@code from} step, every such row was a dead letter ("must be a string, found a
 * number"); seen failing so before the source read them as text.
 */
class RunnerTableSourceTest {

	@Test
	void aNumericColumnReadIntoAStringFieldIsItsDigits(@TempDir Path generated, @TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		String data = tablesProject(generated, root, "INT", "VARCHAR(100)");
		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("INSERT INTO INVOICES VALUES (1, 4711, 10.00), (2, 815, 1234567890.10)");
		}
		Path env = Files.writeString(root.resolve("env"), "ERP_URL=" + data + "\n");
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--env-file",
				env.toString()), text(err));
		// Decimals as the table has them: read back from the journal as doubles they were 10.0 and 1.23456789010E9.
		assertEquals(List.of("1,4711,10.00", "2,815,1234567890.10"), exported(root).stream().sorted().toList(), text(out));
	}
}
