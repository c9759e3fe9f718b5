package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.copy;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.edit;
import static dev.isthmus.cli.RunnerTestProjects.generateFrom;
import static dev.isthmus.cli.RunnerTestProjects.sources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * A table target's user without the right to create or write ISTHMUS_DELIVERIES, the table the runner marks each
 * delivery in: such a user passed the start, and every delivery failed on the table and ended a dead letter
 * (review 27, on PostgreSQL, where a user may not create tables in a schema it does not own). Now the start is
 * refused with the table to create and the grant to give. H2's users and rights stand in for PostgreSQL's here.
 */
class RunnerTableRightsTest {

	@Test
	void aUserWhoMayNotCreateOrWriteTheDeliveriesTableIsRefusedWithWhatToDo(@TempDir Path work, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(work.resolve("unused"), root);
		// In memory, kept open by this JVM for the run in it: a file would also need its admin to set WRITE_DELAY 0 first
		// (see DatabaseMessagesTest), which is not what this test is about.
		String name = "rights-" + System.nanoTime();
		String ledger = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
		try (Connection c = DriverManager.getConnection(ledger, "owner", "owner-pw-1"); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("CREATE USER WRITER PASSWORD 'writer-pw-1'");
			s.execute("GRANT SELECT, INSERT, UPDATE ON ARCHIVE TO WRITER");
		}
		Path project = copy(sources(TablesProject.NAME), work.resolve("project"));
		edit(project.resolve("tables.isl"), isl -> isl.replace("archive jdbc embedded",
				"archive jdbc \"jdbc:h2:mem:${env:LEDGER_NAME};USER=WRITER;PASSWORD=${env:LEDGER_PASSWORD}\""));
		Path generated = generateFrom(project, work.resolve("generated"));
		Map<String, String> environment = Map.of("ERP_URL", data, "LEDGER_NAME", name, "LEDGER_PASSWORD", "writer-pw-1");
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n1,cus_1,10.50\n");

		String cannotCreate = RunnerTestProjects.refusal(generated, root, environment);
		assertTrue(cannotCreate.contains("tables.Erp.archive: cannot create the table ISTHMUS_DELIVERIES, where the runner marks each delivery"), cannotCreate);
		assertTrue(cannotCreate.contains("have the database's owner create it where the endpoint's user finds it — CREATE TABLE ISTHMUS_DELIVERIES"
				+ " (ENDPOINT VARCHAR(300) NOT NULL, OUTBOX_ID BIGINT NOT NULL, PRIMARY KEY (ENDPOINT, OUTBOX_ID)) — and grant user WRITER SELECT,"
				+ " INSERT on it"), cannotCreate);

		try (Connection c = DriverManager.getConnection(ledger, "owner", "owner-pw-1"); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE ISTHMUS_DELIVERIES (ENDPOINT VARCHAR(300) NOT NULL, OUTBOX_ID BIGINT NOT NULL, PRIMARY KEY (ENDPOINT, OUTBOX_ID))");
			s.execute("GRANT SELECT ON ISTHMUS_DELIVERIES TO WRITER");
		}
		String cannotInsert = RunnerTestProjects.refusal(generated, root, environment);
		assertTrue(cannotInsert.contains("tables.Erp.archive: user WRITER may not insert into ISTHMUS_DELIVERIES, where the runner marks each"
				+ " delivery in the transaction that writes its rows; grant user WRITER SELECT, INSERT on ISTHMUS_DELIVERIES"), cannotInsert);

		try (Connection c = DriverManager.getConnection(ledger, "owner", "owner-pw-1"); Statement s = c.createStatement()) {
			s.execute("GRANT INSERT ON ISTHMUS_DELIVERIES TO WRITER");
		}
		RunSummary summary = Runner.once(RunnerTestProjects.options(generated, root, environment));
		assertEquals(1, TablesProject.received(summary), summary.render());
		try (Connection c = DriverManager.getConnection(ledger, "owner", "owner-pw-1");
				var r = c.createStatement().executeQuery("SELECT COUNT(*) FROM ARCHIVE")) {
			r.next();
			assertEquals(1, r.getInt(1), "delivered once the user has its rights; the start-up check left no row behind");
		}
		try (Connection c = DriverManager.getConnection(ledger, "owner", "owner-pw-1");
				var r = c.createStatement().executeQuery("SELECT COUNT(*) FROM ISTHMUS_DELIVERIES WHERE OUTBOX_ID < 0")) {
			r.next();
			assertEquals(0, r.getInt(1), "the start-up check's insert is rolled back");
		}
	}
}
