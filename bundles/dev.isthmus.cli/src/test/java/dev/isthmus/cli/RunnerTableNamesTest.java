package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.edit;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
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
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.StartupException;

/**
 * The names of tables, as a review found them: {@code isthmus validate} said 0 errors of {@code table "my-table"},
 * which {@code isthmus run} then refused; and a table created as {@code CREATE TABLE "MixedCase"} could not be reached
 * ({@code Table "MIXEDCASE" not found (candidates are: "MixedCase")}, raw from H2). Now validate refuses the name where
 * it is written, and a mixed-case table is polled and written to by its name as written, on real H2 files.
 */
class RunnerTableNamesTest {

	@Test
	void validateRefusesATableNameTheRunnerWouldRefuseAtItsLine(@TempDir Path project) throws Exception {
		Path isl = RunnerTestProjects.copy(RunnerTestProjects.sources(TablesProject.NAME), project).resolve("tables.isl");
		edit(isl, text -> text.replace("table \"ARCHIVE\"", "table \"my-table\""));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = new IsthmusCommandLine(print(out), print(new ByteArrayOutputStream())).run("validate", project.toString());
		assertEquals(IsthmusCommandLine.PROBLEMS, exit, text(out));
		assertTrue(text(out).contains(isl + ":14:"), text(out));
		assertTrue(text(out).contains("error: table \"my-table\" is not a plain SQL name, and the runner would refuse it"), text(out));
	}

	@Test
	void tablesCreatedQuotedInMixedCaseArePolledAndWrittenByTheirNames(@TempDir Path generated, @TempDir Path root) throws Exception {
		Path source = RunnerTestProjects.copy(RunnerTestProjects.sources(TablesProject.NAME), root.resolve("project"));
		edit(source.resolve("tables.isl"), isl -> isl.replace("table \"INVOICES\"", "table \"Invoices\"").replace("table \"ARCHIVE\"",
				"table \"Archive\""));
		RunnerTestProjects.generateFrom(source, generated);
		String erp = TablesProject.erp(root);
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE \"Invoices\" (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("INSERT INTO \"Invoices\" VALUES (1, 'cus_1', 10.50), (2, 'cus_2', 20.50)");
		}
		Files.createDirectories(root.resolve(".isthmus"));
		try (Connection c = DriverManager.getConnection(TablesProject.data(root)); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE \"Archive\" (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n101,cus_a,12.00\n");

		RunSummary summary = Runner.once(TablesProject.options(generated, root, erp));

		assertEquals(List.of("1,cus_1,10.50", "2,cus_2,20.50"), TablesProject.exported(root), summary.render());
		try (Connection c = DriverManager.getConnection(TablesProject.data(root))) {
			assertEquals(List.of("101|cus_a"), rows(c, "SELECT INVOICENO, CUSTOMER FROM \"Archive\""));
			// The embedded sink found the table as written; it made no ARCHIVE of its own.
			assertEquals(List.of(), rows(c, "SELECT TABLE_NAME, TABLE_SCHEMA FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'ARCHIVE'"));
		}
	}

	@Test
	void aPolledTableNotThereIsSaidInWordsWithTheTablesNearIt(@TempDir Path generated, @TempDir Path root) throws Exception {
		Path source = RunnerTestProjects.copy(RunnerTestProjects.sources(TablesProject.NAME), root.resolve("project"));
		edit(source.resolve("tables.isl"), isl -> isl.replace("table \"INVOICES\"", "table \"Invoice\""));
		RunnerTestProjects.generateFrom(source, generated);
		String erp = TablesProject.erp(root);
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE \"Invoices\" (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}

		String refused = assertThrows(StartupException.class, () -> Runner.once(TablesProject.options(generated, root, erp))).getMessage();

		assertTrue(refused.contains("source tables.Erp.invoices: table \"Invoice\" is not in jdbc:h2:file:"), refused);
		assertTrue(refused.contains(" (looked for INVOICE and Invoice, the name as the database keeps it unquoted, then as written); it"
				+ " has Invoices, which the runner does not take for it (name it exactly so: table \"Invoices\"); create it, or point the"
				+ " endpoint at a table that is there"), refused);
		assertFalse(refused.contains("not found"), refused);
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
