package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.RunnerOptions;

/**
 * The tables project ({@code src/test/resources/runner-tables}) in a run root: a polled table (INVOICES, in the
 * database ERP_URL names) out to CSV files in export/, and CSV files dropped in import/ into a table (ARCHIVE, in the
 * run's data database); what its flows wrote, read back.
 */
final class TablesProject {

	static final String NAME = "runner-tables";

	private TablesProject() {
	}

	/**
	 * The project generated into {@code generated}, with INVOICES and ARCHIVE made in the data database under
	 * {@code root} (which stands for the ERP's too), their CUSTOMER columns of the types given; returns its URL.
	 */
	static String generate(Path generated, Path root, String invoicesCustomer, String archiveCustomer) throws Exception {
		RunnerTestProjects.generate(NAME, generated);
		String data = data(root);
		Files.createDirectories(root.resolve(".isthmus"));
		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER " + archiveCustomer + ", AMOUNT DECIMAL(12, 2))");
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER " + invoicesCustomer + ", AMOUNT DECIMAL(12, 2))");
		}
		return data;
	}

	/** As above, with CUSTOMER columns of VARCHAR(100). */
	static String generate(Path generated, Path root) throws Exception {
		return generate(generated, root, "VARCHAR(100)", "VARCHAR(100)");
	}

	/** The run's data database, where ARCHIVE is (and INVOICES, when it stands for the ERP's). */
	static String data(Path root) {
		return "jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data");
	}

	/** An ERP database of its own under the run root, for a test that has it restart or fills INVOICES itself. */
	static String erp(Path root) {
		return "jdbc:h2:file:" + root.toAbsolutePath().resolve("erp");
	}

	/** A run of the project polling the ERP at {@code erpUrl}, logging nowhere. */
	static RunnerOptions options(Path generated, Path root, String erpUrl) {
		return RunnerTestProjects.options(generated, root, Map.of("ERP_URL", erpUrl));
	}

	/** The records the file flow (tables.FilesToTable) received. */
	static long received(RunSummary summary) {
		return summary.flows().stream().filter(f -> f.flow().equals("tables.FilesToTable")).mapToLong(RunSummary.FlowCounts::received).sum();
	}

	/** The rows of the CSV files in export/, each with its header checked, in the files' order. */
	static List<String> exported(Path root) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Stream<Path> files = Files.list(root.resolve("export"))) {
			for (Path file : files.filter(f -> f.getFileName().toString().startsWith("invoices-")).sorted().toList()) {
				List<String> lines = Files.readAllLines(file);
				assertEquals("invoiceNo,customer,amount", lines.get(0), file + " has a header");
				rows.addAll(lines.subList(1, lines.size()));
			}
		}
		return rows;
	}

	/** ARCHIVE's rows as invoiceNo|customer|amount. */
	static TreeSet<String> archived(Path root) throws Exception {
		return archived(data(root));
	}

	/** ARCHIVE's rows in the database at {@code url}, as invoiceNo|customer|amount. */
	static TreeSet<String> archived(String url) throws Exception {
		TreeSet<String> rows = new TreeSet<>();
		try (Connection c = DriverManager.getConnection(url);
				ResultSet r = c.createStatement().executeQuery("SELECT INVOICENO, CUSTOMER, AMOUNT FROM ARCHIVE")) {
			while (r.next()) {
				rows.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getBigDecimal(3).setScale(2));
			}
		}
		return rows;
	}
}
