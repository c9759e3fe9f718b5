package dev.isthmus.cli;

import static dev.isthmus.cli.PostgresqlServer.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * The runner's tables on a real PostgreSQL server (see {@link PostgresqlServer}), where the suite had only H2 standing
 * in for it: a table polled by its increasing key into a table upserted by its key and an insert-only one, PostgreSQL's
 * types both ways (numeric, timestamptz and timestamp, boolean, uuid and jsonb from text), refusals as dead letters
 * naming the column, a user without the right to insert refused at the start, and a runner killed at random while it
 * polls and delivers: every invoice in each table once. The project is {@code src/test/resources/runner-postgresql}.
 */
class RunnerPostgresqlTest {

	private static PostgresqlServer server;
	private static final AtomicInteger DATABASES = new AtomicInteger();

	@TempDir
	static Path generated;

	@BeforeAll
	static void start() throws Exception {
		server = PostgresqlServer.start();
		RunnerTestProjects.generate("runner-postgresql", generated);
	}

	@AfterAll
	static void stop() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	/** The ERP's database (INVOICES) and the ledger's (LEDGER, keyed; AUDIT, insert-only), new for a test. */
	private record Databases(String erp, String ledger) {
		Map<String, String> environment() {
			return Map.of("ERP_URL", erp, "LEDGER_URL", ledger);
		}
	}

	private static Databases databases() throws Exception {
		int n = DATABASES.incrementAndGet();
		Databases d = new Databases(server.database("erp" + n), server.database("ledger" + n));
		execute(d.erp(), "CREATE TABLE invoices (invoiceno bigint PRIMARY KEY, customer text NOT NULL, amount numeric(14, 2),"
				+ " issuedat timestamptz, paid boolean, reference uuid, meta jsonb)");
		execute(d.ledger(), "CREATE TABLE ledger (invoiceno bigint PRIMARY KEY, customer varchar(20) NOT NULL,"
				+ " amount numeric(12, 2) CHECK (amount >= 0), issuedat timestamptz, paid boolean, reference uuid, meta jsonb)",
				"CREATE TABLE audit (id bigserial PRIMARY KEY, invoiceno bigint, customer text, amount numeric(14, 2), issuedat timestamp,"
						+ " paid boolean, reference uuid, meta jsonb, isthmus_outbox_id bigint)");
		return d;
	}

	/** Inserts invoices {@code from} to {@code to} into INVOICES, each its own plain values. */
	private static void invoices(Databases d, int from, int to) throws Exception {
		execute(d.erp(), "INSERT INTO invoices SELECT g, 'customer ' || g, g * 1.25, timestamptz '2026-11-01 10:00:00+00' + g * interval '1 minute',"
				+ " g % 2 = 0, ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, jsonb_build_object('n', g) FROM generate_series(" + from
				+ ", " + to + ") g");
	}

	private static List<String> rows(String url, String query) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Connection c = DriverManager.getConnection(url); ResultSet r = c.createStatement().executeQuery(query)) {
			int columns = r.getMetaData().getColumnCount();
			while (r.next()) {
				List<String> values = new ArrayList<>();
				for (int i = 1; i <= columns; i++) {
					values.add(r.getString(i));
				}
				rows.add(String.join("|", values));
			}
		}
		return rows;
	}

	@Test
	void aPolledTableGoesIntoAKeyedAndAnInsertOnlyTableWithItsTypes(@TempDir Path root) throws Exception {
		Databases d = databases();
		execute(d.erp(), "INSERT INTO invoices VALUES (1, 'Ada', 10.50, '2026-11-01 10:00:00+01', true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
				+ " '{\"a\": [1, 2]}'), (2, 'Bob', 0.10, '2026-11-01 12:00:00.123456+00', false, 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', '\"text\"')");

		RunSummary first = Runner.once(RunnerTestProjects.options(generated, root, d.environment()));

		assertEquals(2, first.flows().get(0).received(), first.render());
		List<String> ledger = List.of("1|Ada|10.50|2026-11-01 09:00:00+00|t|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|{\"a\": [1, 2]}",
				"2|Bob|0.10|2026-11-01 12:00:00.123456+00|f|b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12|\"text\"");
		assertEquals(ledger, rows(d.ledger(), "SELECT * FROM ledger ORDER BY invoiceno"));
		// A timestamp without time zone holds the instant in UTC.
		assertEquals(List.of("1|Ada|10.50|2026-11-01 09:00:00|t|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|{\"a\": [1, 2]}",
				"2|Bob|0.10|2026-11-01 12:00:00.123456|f|b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12|\"text\""),
				rows(d.ledger(), "SELECT invoiceno, customer, amount, issuedat, paid, reference, meta FROM audit ORDER BY invoiceno"));
		assertEquals(List.of("1"), rows(d.ledger(), "SELECT count(DISTINCT isthmus_outbox_id) FROM audit"), "the audit rows name their delivery");
		assertEquals(List.of("isthmus_deliveries"), rows(d.ledger(), "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'isthmus%'"));

		// The next run takes the rows with greater keys only; a key upserted again in LEDGER is one row, the last record's.
		execute(d.erp(), "INSERT INTO invoices VALUES (3, 'Cy', 3.00, '2026-11-02 08:00:00+00', true, 'c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', 'null')");
		execute(d.ledger(), "UPDATE ledger SET customer = 'changed there' WHERE invoiceno = 1");
		RunSummary second = Runner.once(RunnerTestProjects.options(generated, root, d.environment()));
		assertEquals(1, second.flows().get(0).received(), second.render());
		assertEquals(List.of("1|changed there", "2|Bob", "3|Cy"), rows(d.ledger(), "SELECT invoiceno, customer FROM ledger ORDER BY invoiceno"));
		assertEquals(List.of("1", "2", "3"), rows(d.ledger(), "SELECT invoiceno FROM audit ORDER BY invoiceno"));
	}

	@Test
	void refusalsAreDeadLettersAndTheOthersGoIn(@TempDir Path root) throws Exception {
		Databases d = databases();
		execute(d.erp(), "INSERT INTO invoices VALUES (1, 'a customer name far too long for twenty', 1, now(), true, NULL, NULL),"
				+ " (2, 'negative', -5, now(), true, NULL, NULL), (3, 'too big', 123456789012.00, now(), true, NULL, NULL),"
				+ " (4, 'fine', 4, now(), true, NULL, NULL)");

		RunSummary summary = Runner.once(RunnerTestProjects.options(generated, root, d.environment()));

		assertEquals(List.of("4|fine"), rows(d.ledger(), "SELECT invoiceno, customer FROM ledger"), summary.render());
		assertEquals(List.of("1", "2", "3", "4"), rows(d.ledger(), "SELECT invoiceno FROM audit ORDER BY invoiceno"), "AUDIT takes them all");
		Map<String, String> reasons = new TreeMap<>();
		for (DeadLetters.DeadLetter letter : RunnerTestProjects.deadLetters(generated, root)) {
			reasons.put(letter.correlation().replaceAll(".*=", ""), letter.reason());
		}
		assertEquals(List.of("1", "2", "3"), List.copyOf(reasons.keySet()), reasons.toString());
		assertTrue(reasons.get("1").contains("customer: a text of 39 characters") && reasons.get("1").contains("does not fit column customer of ledger,"
				+ " varchar(20); widen the column or shorten the value"), reasons.get("1"));
		// the database's own refusal, cut to its reason: no statement, no other record's values
		assertTrue(reasons.get("2").contains("ledger_amount_check"), reasons.get("2"));
		assertTrue(!reasons.get("2").contains("INSERT") && !reasons.get("2").contains("fine"), reasons.get("2"));
		assertTrue(reasons.get("3").contains("123456789012.00 has 12 digits before the decimal point and column amount of ledger is numeric(12, 2),"
				+ " which holds 10"), reasons.get("3"));
	}

	/**
	 * A user without a right the deliveries need is refused at the start, naming the grant: INSERT on an insert-only
	 * table, and the use of the sequence its {@code bigserial} column takes its values from, which PostgreSQL checks
	 * only when a row is inserted (the start passed, and every delivery to AUDIT was a dead letter).
	 */
	@Test
	void aUserWithoutTheRightsTheDeliveriesNeedIsRefusedAtTheStart(@TempDir Path root) throws Exception {
		Databases d = databases();
		execute(d.erp(), "INSERT INTO invoices VALUES (1, 'Ada', 10.50, now(), true, NULL, NULL)");
		String clerk = "clerk" + DATABASES.get(); // (roles are the server's, not a database's)
		execute(d.ledger(), "CREATE TABLE ISTHMUS_DELIVERIES (ENDPOINT VARCHAR(300) NOT NULL, OUTBOX_ID BIGINT NOT NULL, PRIMARY KEY (ENDPOINT, OUTBOX_ID))",
				"CREATE ROLE " + clerk + " LOGIN", "GRANT SELECT, INSERT ON isthmus_deliveries TO " + clerk, "GRANT SELECT ON ledger TO " + clerk,
				"GRANT INSERT, UPDATE ON ledger TO " + clerk);
		String ledgerAsClerk = d.ledger().replace("user=isthmus", "user=" + clerk);

		// The polled table, read as a user who may not: the grant, not "create it" (review 37).
		String refusal = RunnerTestProjects.refusal(generated, root, Map.of("ERP_URL", d.erp().replace("user=isthmus", "user=" + clerk),
				"LEDGER_URL", d.ledger()));
		assertTrue(refusal.contains("invoices cannot be read in") && refusal.contains("grant user " + clerk + " SELECT on table invoices"), refusal);

		// An insert-only table the user may insert into and not read (review 37: the database's words alone).
		Map<String, String> asClerk = Map.of("ERP_URL", d.erp(), "LEDGER_URL", ledgerAsClerk);
		execute(d.ledger(), "GRANT INSERT ON audit TO " + clerk);
		refusal = RunnerTestProjects.refusal(generated, root, asClerk);
		assertTrue(refusal.contains("user " + clerk + " cannot read audit (permission denied for table audit), which the runner does at start for"
				+ " its columns; grant user " + clerk + " SELECT, INSERT on audit"), refusal);
		execute(d.ledger(), "REVOKE INSERT ON audit FROM " + clerk, "GRANT SELECT ON audit TO " + clerk);

		refusal = RunnerTestProjects.refusal(generated, root, asClerk);
		assertTrue(refusal.contains("user " + clerk + " cannot insert into audit (permission denied for table audit); grant user " + clerk
				+ " SELECT, INSERT on audit"), refusal);

		execute(d.ledger(), "GRANT INSERT ON audit TO " + clerk);
		refusal = RunnerTestProjects.refusal(generated, root, asClerk);
		assertTrue(refusal.contains("user " + clerk + " cannot insert into audit: its column id takes its value from sequence audit_id_seq, which user "
				+ clerk + " may not use; have the database's owner run GRANT USAGE ON SEQUENCE audit_id_seq TO " + clerk), refusal);

		execute(d.ledger(), "GRANT USAGE ON SEQUENCE audit_id_seq TO " + clerk);
		RunSummary summary = Runner.once(RunnerTestProjects.options(generated, root, asClerk));
		assertEquals(List.of("1"), rows(d.ledger(), "SELECT invoiceno FROM audit"), summary.render());
		assertEquals(List.of(), RunnerTestProjects.deadLetters(generated, root));
	}

	/**
	 * A runner in a child JVM killed with SIGKILL at random while it polls INVOICES and delivers (a batch of new
	 * invoices before each round), then a last {@code --once}: each invoice once in LEDGER and once in AUDIT.
	 */
	@Test
	void killedAtRandomNothingIsLostNorDoubled(@TempDir Path root) throws Exception {
		Databases d = databases();
		Random random = new Random(Long.getLong("isthmus.crash.seed", 11));
		int rounds = 6;
		int perRound = 1500;
		Path log = root.resolve("runner.log");
		Files.createDirectories(root);
		List<Integer> kills = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			invoices(d, round * perRound + 1, (round + 1) * perRound);
			Process runner = child(d, root, log, false);
			int after = 500 + random.nextInt(1500);
			Thread.sleep(after);
			runner.destroyForcibly(); // SIGKILL
			runner.waitFor();
			kills.add(after);
		}
		Process last = child(d, root, log, true);
		if (!last.waitFor(120, TimeUnit.SECONDS)) {
			last.destroyForcibly();
			fail("the last --once run did not end in 2 minutes; kills after " + kills + " ms\n" + RunnerCrashTest.tail(log));
		}
		assertEquals(0, last.exitValue(), () -> RunnerCrashTest.tail(log));
		int all = rounds * perRound;
		String history = rounds + " kills after " + kills + " ms";
		assertEquals(List.of(all + "|" + all), rows(d.ledger(), "SELECT count(*), count(DISTINCT invoiceno) FROM ledger"), history);
		List<String> doubled = rows(d.ledger(), "SELECT invoiceno || ' x' || count(*) FROM audit GROUP BY invoiceno HAVING count(*) > 1 LIMIT 10");
		assertEquals(List.of(), doubled, () -> "invoices in AUDIT more than once; " + history + "\n" + RunnerCrashTest.tail(log));
		assertEquals(List.of(String.valueOf(all)), rows(d.ledger(), "SELECT count(*) FROM audit"), history);
	}

	private static Process child(Databases d, Path root, Path log, boolean once) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), IsthmusCommandLine.class.getName(),
				"run", generated.toString(), "--root", root.toString(), "--port", "0", "--management-port", "off", "--batch", "100"));
		if (once) {
			command.add("--once");
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(d.environment());
		return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
	}
}
