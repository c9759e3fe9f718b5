package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.waitFor;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.TablesProject.archived;
import static dev.isthmus.cli.TablesProject.exported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.cli.BoundedWaits.Check;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The running runner when the databases of its flows fail under it, on the tables project with real H2 databases:
 * databases that restart, and a polled table that is gone for a while. Each test was seen failing without its fix.
 */
class RunnerDatabaseFailuresTest {

	/**
	 * Databases restart: the running runner's connections to them break, and it opens them again once they are back.
	 * Here the ERP database (a polled table) and the data database (a table sink) are shut down under it.
	 */
	@Test
	void theRunnerReconnectsToDatabasesThatRestarted(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(TablesProject.NAME, generated);
		String erp = TablesProject.erp(root);
		String data = TablesProject.data(root);
		Files.createDirectories(root.resolve(".isthmus"));
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("INSERT INTO INVOICES VALUES (1, 'cus_1', 10)");
		}
		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		drop(root, "import/h.csv", "invoiceNo,customer,amount\n801,cus_a,1\n");
		RunnerOptions options = TablesProject.options(generated, root, erp).withPorts("127.0.0.1", 0, -1);
		try (Runner runner = Runner.start(options)) {
			waitFor(() -> archived(root).size() == 1 && exported(root).size() == 1);
			for (String url : List.of(erp, data)) {
				try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
					s.execute("SHUTDOWN");
				}
			}
			try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
				s.execute("INSERT INTO INVOICES VALUES (2, 'cus_2', 20)");
			}
			drop(root, "import/i.csv", "invoiceNo,customer,amount\n802,cus_b,2\n");
			waitFor(() -> archived(root).size() == 2 && exported(root).size() == 2);
		}
		assertEquals(new TreeSet<>(List.of("801|cus_a|1.00", "802|cus_b|2.00")), archived(root));
		assertEquals(2, exported(root).size(), exported(root).toString());
	}

	/**
	 * A flow that fails at every step (its polled table dropped) makes /health say "degraded" with 503, naming the
	 * flow and why, until the table is back (it said "up" while the flow logged flow.failed every second).
	 */
	@Test
	void healthSaysWhichFlowFailsUntilItWorksAgain(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
		RunnerOptions options = TablesProject.options(generated, root, data).withPorts("127.0.0.1", 0, 0)
				.withLog(RunnerTestProjects.print(log));
		HttpClient http = HttpClient.newHttpClient();
		try (Runner runner = Runner.start(options)) {
			URI health = URI.create("http://127.0.0.1:" + runner.managementPort() + "/health");
			Function<String, Check> healthSays = text -> () -> {
				var answer = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
				return answer.body().contains(text) && answer.statusCode() == (text.contains("\"up\"") ? 200 : 503);
			};
			waitFor(healthSays.apply("\"status\":\"up\""));
			try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
				s.execute("ALTER TABLE INVOICES RENAME TO INVOICES_AWAY");
			}
			waitFor(healthSays.apply("\"failing\":{\"flow tables.TableToFiles\":"));
			assertTrue(healthSays.apply("\"status\":\"degraded\"").holds());
			try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
				s.execute("ALTER TABLE INVOICES_AWAY RENAME TO INVOICES");
			}
			waitFor(healthSays.apply("\"status\":\"up\""));
			// The log says it works again, after the failure (review 23: a reader saw the failure and nothing after),
			// and names no class of the runner's.
			waitFor(() -> RunnerTestProjects.text(log).contains("\"event\":\"flow.resumed\",\"flow\":\"tables.TableToFiles\""));
			String logged = RunnerTestProjects.text(log);
			assertTrue(logged.indexOf("\"flow.failed\"") < logged.indexOf("\"flow.resumed\"") && logged.contains("works again, after: "), logged);
			assertTrue(!logged.contains("dev.isthmus.runner."), logged);
		}
	}
}
