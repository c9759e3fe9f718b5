package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.copy;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.edit;
import static dev.isthmus.cli.RunnerTestProjects.generateFrom;
import static dev.isthmus.cli.RunnerTestProjects.sources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * Where an endpoint's database and credentials come from (review 27, High): a JDBC URL written in the model
 * ({@code jdbc "jdbc:…password=${env:…}"}) was left out by the generator, taken for a secret, and the runner wrote the
 * records into its embedded data database, counted as delivered; an {@code auth bearer "…"} written as text was left
 * out too, and the target was dropped without a word, its records waiting for good. Seen failing before the fix.
 */
class RunnerEndpointUrlsTest {

	/**
	 * A URL from the environment without its scheme ({@code 127.0.0.1:8080/erp}) was refused as "Illegal character in
	 * scheme name at index 0", naming no variable (review 34): the refusal says which variables made it, and how a URL
	 * is written.
	 */
	@Test
	void aUrlWithoutItsSchemeNamesTheVariablesItCameFrom(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		String refusal = RunnerTestProjects.refusal(generated, root, Map.of("BASE", "127.0.0.1:8080/erp", "QKEY", HttpTargetProject.QKEY,
				"BASIC_CREDS", "alice:s3cr3t-pass"));
		assertTrue(refusal.contains("endpoint web.Api.items: \"127.0.0.1:8080/erp/{path}/item/{name}?api_key=***\" is not a")
				&& refusal.contains("check BASE and QKEY: a URL is written whole, with its scheme (http://host:port/path or https://…)"), refusal);
	}

	@Test
	void aJdbcUrlWrittenInTheModelIsTheDatabaseTheRowsGoTo(@TempDir Path work, @TempDir Path root) throws Exception {
		Path ledger = root.toAbsolutePath().resolve("ledger");
		// A database with a password of its own, made as the ERP's would be.
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + ledger, "ops", "s3cret-ledger")) {
			c.createStatement().execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		String data = TablesProject.generate(work.resolve("unused"), root); // ARCHIVE in the data database too, which must stay empty
		Path project = copy(sources(TablesProject.NAME), work.resolve("project"));
		edit(project.resolve("tables.isl"), isl -> isl.replace("archive jdbc embedded",
				"archive jdbc \"jdbc:h2:file:${env:LEDGER_PATH};USER=ops;PASSWORD=${env:LEDGER_PASSWORD}\""));
		Path generated = generateFrom(project, work.resolve("generated"));
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n1,cus_1,10.50\n2,cus_2,20.00\n");

		RunSummary summary = Runner.once(RunnerTestProjects.options(generated, root, Map.of("ERP_URL", data, "LEDGER_PATH", ledger.toString(), "LEDGER_PASSWORD", "s3cret-ledger")));

		assertEquals(2, TablesProject.received(summary), summary.render());
		assertEquals(new TreeSet<>(java.util.List.of("1|cus_1|10.50", "2|cus_2|20.00")), TablesProject.archived("jdbc:h2:file:" + ledger + ";USER=ops;PASSWORD=s3cret-ledger"));
		assertEquals(new TreeSet<>(), TablesProject.archived(root), "nothing in the embedded data database");

		String refused = RunnerTestProjects.refusal(generated, root, Map.of("ERP_URL", data, "LEDGER_PATH", ledger.toString(), "LEDGER_PASSWORD", "wrong-password-1"));
		assertTrue(refused.contains("endpoint tables.Erp.archive"), refused);
		assertFalse(refused.contains("wrong-password-1"), refused);
		String missing = RunnerTestProjects.refusal(generated, root, Map.of("ERP_URL", data, "LEDGER_PATH", ledger.toString()));
		assertTrue(missing.contains("LEDGER_PASSWORD (used by endpoint tables.Erp.archive) is not set"), missing);
		// A ';' in a value after a setting ends it there: the driver would take the password up to it, and a refusal
		// showed the rest (review 29, '&' in a query's password on MariaDB).
		String cut = RunnerTestProjects.refusal(generated, root, Map.of("ERP_URL", data, "LEDGER_PATH", ledger.toString(), "LEDGER_PASSWORD", "s3cret;tail-part-9"));
		assertTrue(cut.contains("endpoint tables.Erp.archive: the value of LEDGER_PASSWORD holds ';', which ends a parameter in the JDBC URL,"
				+ " so the driver would take only what comes before it"), cut);
		assertFalse(cut.contains("tail-part-9"), cut);
	}

	@Test
	void aJdbcEndpointWithoutADatabaseIsRefusedNotSentToTheEmbeddedOne(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		// A configuration an older generator wrote for jdbc "…": neither a URL nor embedded.
		try (var flows = Files.list(generated.resolve("flows"))) {
			for (Path flow : flows.toList()) {
				edit(flow, text -> text.replaceAll("\"embedded\"\\s*:\\s*true\\s*,", ""));
			}
		}
		String refused = RunnerTestProjects.refusal(generated, root, Map.of("ERP_URL", data));
		assertTrue(refused.contains("endpoint tables.Erp.archive: its configuration names no database (no \"url\", and not \"embedded\");"
				+ " write the endpoint as jdbc env VARIABLE, jdbc \"jdbc:…\" or jdbc embedded, and generate the project again"), refused);
	}

	@Test
	void aVariablesValueHoldingAReferenceIsSaid(@TempDir Path generated, @TempDir Path root) throws Exception {
		TablesProject.generate(generated, root);
		String refused = RunnerTestProjects.refusal(generated, root, Map.of("ERP_URL", "jdbc:h2:tcp://127.0.0.1:9/erp;PASSWORD=${env:ERP_PASSWORD}", "ERP_PASSWORD", "p"));
		assertTrue(refused.contains("source tables.Erp.invoices: the value of ERP_URL holds ${env:…}, which is not filled inside a variable's"
				+ " value; put the value itself into ERP_URL, or write the URL in the model"), refused);
	}

	@Test
	void aSecretWrittenAsTextIsRefusedSayingWhatToWrite(@TempDir Path work, @TempDir Path root) throws Exception {
		Path project = copy(sources("runner"), work.resolve("project"));
		edit(project.resolve("orders.isl"), isl -> isl.replace("auth bearer env LEDGER_TOKEN", "auth bearer \"tok_written_in_the_model\""));
		Path generated = generateFrom(project, work.resolve("generated"));
		assertFalse(Files.readString(generated.resolve("flows/shop.OrdersToLedger.json")).contains("tok_written_in_the_model"));

		String refused = RunnerTestProjects.refusal(generated, root, Map.of("LEDGER_URL", "http://127.0.0.1:9", "SHOP_WEBHOOK_SECRET", "whsec_x"));
		assertTrue(refused.contains("endpoint shop.Ledger.entries: its auth bearer names no secret to send; a secret written into the model"
				+ " as text (secret \"…\", auth bearer \"…\") is left out of the generated configuration: write it as env NAME, set NAME,"
				+ " and generate the project again"), refused);
	}
}
