package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTablesAndCsvTest.archived;
import static dev.isthmus.cli.RunnerTablesAndCsvTest.exported;
import static dev.isthmus.cli.RunnerTablesAndCsvTest.print;
import static dev.isthmus.cli.RunnerTablesAndCsvTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The runner when things fail under it, on the tables project with real parts: a journal whose transactions or
 * checkpoint reads fail (H2 triggers that throw), databases and a journal server that restart, files that cannot be
 * moved, are still being written, are too long or are not files at all, and a journal deleted to start afresh. Each
 * test was seen failing without its fix.
 */
class RunnerFailuresTest {

	/** The tables project generated, with its tables in the data database (which also stands for the ERP's). */
	private static String project(Path generated, Path root) throws Exception {
		generate(generated);
		String data = "jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data");
		Files.createDirectories(root.resolve(".isthmus"));
		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		return data;
	}

	private static void generate(Path generated) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err));
		assertEquals(IsthmusCommandLine.OK, cli.run("generate", "src/test/resources/runner-tables", "-o", generated.toString()), text(err));
	}

	/** A run with --once, which must return: a hang fails the test after a minute instead of holding the build. */
	static RunSummary onceWithinAMinute(RunnerOptions options) throws Exception {
		return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
			try {
				return Runner.once(options);
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}).get(60, java.util.concurrent.TimeUnit.SECONDS);
	}

	/**
	 * A journal that fails a transaction (a full disk, a database server restarting) costs the running runner nothing:
	 * the flow reports the failure, waits, and reads the batch that was rolled back again, from the file's committed
	 * checkpoint, so every line ends in the table. The failure is real: an H2 trigger on the journal's outbox throws
	 * in the flow's transaction, as a full disk would.
	 */
	@Test
	void aBatchWhoseJournalTransactionFailsIsReadAgainNotLost(@TempDir Path generated, @TempDir Path root) throws Exception {
		failingJournal(generated, root, false);
	}

	/**
	 * As above, and the journal then fails to give the file's checkpoint for a while: the file is opened at its
	 * checkpoint once it can be read, never from its first line (which would journal its first lines twice).
	 */
	@Test
	void aFileIsReopenedAtItsCheckpointOnlyOnceTheCheckpointCanBeRead(@TempDir Path generated, @TempDir Path root) throws Exception {
		failingJournal(generated, root, true);
	}

	private void failingJournal(Path generated, Path root, boolean checkpointsFailToo) throws Exception {
		String data = project(generated, root);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
				.withPorts("127.0.0.1", 0, -1).withBatchSize(2).withLog(new PrintStream(log, true, StandardCharsets.UTF_8));
		Runner.once(options); // creates the journal, so that the trigger can be put on it
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/journal"));
				Statement s = c.createStatement()) {
			s.execute("CREATE TRIGGER FAILING_DISK BEFORE INSERT ON ISTHMUS_OUTBOX FOR EACH ROW CALL '"
					+ FailingDisk.class.getName() + "'");
			if (checkpointsFailToo) {
				s.execute("CREATE TRIGGER FAILING_CHECKPOINTS BEFORE SELECT ON ISTHMUS_CHECKPOINT CALL '"
						+ FailingCheckpoints.class.getName() + "'");
			}
		}
		FailingDisk.inserts.set(0);
		FailingDisk.failedAt = 0;
		FailingCheckpoints.failed.set(false);
		Files.createDirectories(root.resolve("import"));
		Files.writeString(root.resolve("import/c.csv"), "invoiceNo,customer,amount\n301,cus_a,1\n302,cus_b,2\n303,cus_c,3\n304,cus_d,4\n305,cus_e,5\n");

		RunSummary summary;
		try (Runner runner = Runner.start(options)) {
			long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
			while (!(archived(root).size() == 5 && Files.exists(root.resolve("import/done/c.csv"))) && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			summary = runner.summary();
		}
		assertEquals(5, received(summary), "each line journaled once\n" + summary.render());
		if (checkpointsFailToo) {
			assertTrue(text(log).lines().anyMatch(l -> l.contains("\"flow.failed\"") && l.contains("\"flow\":\"tables.FilesToTable\"")
					&& l.contains("checkpoints unreadable (the test's trigger)")), "the file's reopening failed at first\n" + text(log));
		}
		assertEquals(new TreeSet<>(List.of("301|cus_a|1.00", "302|cus_b|2.00", "303|cus_c|3.00", "304|cus_d|4.00", "305|cus_e|5.00")),
				archived(root));
		assertTrue(text(log).contains("\"flow.failed\"") && text(log).contains("disk full (the test's trigger)"),
				"the failures were real and reported\n" + text(log));
		assertTrue(Files.exists(root.resolve("import/done/c.csv")), "the file is done once all of it is in the journal");
	}

	/**
	 * A file read to its end that cannot be moved to done/ (here done/ is a file, as a permission problem would do)
	 * stays where it is with its checkpoint at its end: the run ends, says why, and neither it nor the next run reads
	 * the file's records again. Once done/ can be made, the next run moves it.
	 */
	@Test
	void aFileThatCannotBeMovedToDoneIsNotReadAgain(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = project(generated, root);
		Files.createDirectories(root.resolve("import"));
		Files.writeString(root.resolve("import/d.csv"), "invoiceNo,customer,amount\n401,cus_a,1\n402,cus_b,2\n");
		Files.writeString(root.resolve("import/done"), "in the way\n");
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
				.withLog(new PrintStream(log, true, StandardCharsets.UTF_8));

		RunSummary first = onceWithinAMinute(options);
		assertEquals(2, received(first), first.render());
		assertEquals(new TreeSet<>(List.of("401|cus_a|1.00", "402|cus_b|2.00")), archived(root));
		assertTrue(Files.exists(root.resolve("import/d.csv")), "the file stays where it is");
		assertTrue(text(log).contains("\"file.move-failed\""), text(log));

		RunSummary second = Runner.once(options);
		assertEquals(0, received(second), "the file's records are journaled already\n" + second.render());

		Files.delete(root.resolve("import/done"));
		RunSummary third = Runner.once(options);
		assertEquals(0, received(third), third.render());
		assertTrue(Files.exists(root.resolve("import/done/d.csv")), "moved once done/ could be made");
	}

	/**
	 * A line longer than the journal keeps a record (a million characters) becomes a dead letter that says where the
	 * whole line is; the file's other lines go on, and the run ends.
	 */
	@Test
	void aLineTooLongForTheJournalIsDeadLetteredAndTheRestGoesOn(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = project(generated, root);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(new ByteArrayOutputStream()));
		Files.createDirectories(root.resolve("import"));
		Files.writeString(root.resolve("import/e.csv"), "invoiceNo,customer,amount\n601," + "x".repeat(1_100_000) + ",1\n602,cus_b,2\n");
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
				.withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		RunSummary run = onceWithinAMinute(options);
		assertEquals(new TreeSet<>(List.of("602|cus_b|2.00")), archived(root), run.render());
		cli.run("dlq", "list", "--root", root.toString(), "--flow", "FilesToTable");
		assertTrue(text(out).contains("1 dead letters") && text(out).contains("more than the 1000000 the journal keeps"), text(out));
		assertTrue(Files.exists(root.resolve("import/done/e.csv")), "the file, long line included, is kept in done/");
	}

	/**
	 * A journal deleted to start afresh numbers its deliveries from 1 again: the table sink must not take them for the
	 * old journal's deliveries, which its markers remember, and skip them.
	 */
	@Test
	void aNewJournalsDeliveriesAreNotMistakenForAnOldOnes(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = project(generated, root);
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
				.withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		Files.createDirectories(root.resolve("import"));
		Files.writeString(root.resolve("import/f.csv"), "invoiceNo,customer,amount\n701,cus_a,1\n");
		Runner.once(options);
		try (Stream<Path> journal = Files.list(root.resolve(".isthmus"))) {
			for (Path file : journal.filter(f -> f.getFileName().toString().startsWith("journal.")).toList()) {
				Files.delete(file);
			}
		}
		Files.writeString(root.resolve("import/g.csv"), "invoiceNo,customer,amount\n702,cus_b,2\n");
		RunSummary second = Runner.once(options);
		assertEquals(new TreeSet<>(List.of("701|cus_a|1.00", "702|cus_b|2.00")), archived(root), second.render());
	}

	/**
	 * Databases restart: the running runner's connections to them break, and it opens them again once they are back.
	 * Here the ERP database (a polled table) and the data database (a table sink) are shut down under it.
	 */
	@Test
	void theRunnerReconnectsToDatabasesThatRestarted(@TempDir Path generated, @TempDir Path root) throws Exception {
		generate(generated);
		String erp = "jdbc:h2:file:" + root.toAbsolutePath().resolve("erp");
		String data = "jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data");
		Files.createDirectories(root.resolve(".isthmus"));
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("INSERT INTO INVOICES VALUES (1, 'cus_1', 10)");
		}
		try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		Files.createDirectories(root.resolve("import"));
		Files.writeString(root.resolve("import/h.csv"), "invoiceNo,customer,amount\n801,cus_a,1\n");
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", erp)::get)
				.withPorts("127.0.0.1", 0, -1).withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
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
			Files.writeString(root.resolve("import/i.csv"), "invoiceNo,customer,amount\n802,cus_b,2\n");
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
		String data = project(generated, root);
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
				.withPorts("127.0.0.1", 0, 0).withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		try (Runner runner = Runner.start(options)) {
			java.net.URI health = java.net.URI.create("http://127.0.0.1:" + runner.managementPort() + "/health");
			java.util.function.Function<String, Check> healthSays = text -> () -> {
				var answer = http.send(java.net.http.HttpRequest.newBuilder(health).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
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
		}
	}

	/**
	 * A journal in a database server that restarts: the running runner's journal connections break, and it opens
	 * them again once the server is back. The server is H2's, on loopback, stopped and started again on its port.
	 */
	@Test
	void theRunnerReconnectsToAJournalServerThatRestarted(@TempDir Path generated, @TempDir Path root, @TempDir Path server)
			throws Exception {
		String data = project(generated, root);
		org.h2.tools.Server journalServer = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists")
				.start();
		int port = journalServer.getPort();
		try {
			RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
					.withJournal("jdbc:h2:tcp://127.0.0.1:" + port + "/journal").withPorts("127.0.0.1", 0, -1)
					.withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
			Files.createDirectories(root.resolve("import"));
			Files.writeString(root.resolve("import/j.csv"), "invoiceNo,customer,amount\n1001,cus_a,1\n");
			try (Runner runner = Runner.start(options)) {
				waitFor(() -> archived(root).size() == 1);
				journalServer.stop();
				Thread.sleep(1500); // the runner's steps fail meanwhile, as they would while the server restarts
				journalServer = org.h2.tools.Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", server.toString(),
						"-ifNotExists").start();
				Files.writeString(root.resolve("import/k.csv"), "invoiceNo,customer,amount\n1002,cus_b,2\n");
				waitFor(() -> archived(root).size() == 2);
			}
			assertEquals(new TreeSet<>(List.of("1001|cus_a|1.00", "1002|cus_b|2.00")), archived(root));
		} finally {
			journalServer.stop();
		}
	}

	interface Check {
		boolean holds() throws Exception;
	}

	/** Waits, at most a minute, until the check holds; the assertions after it say what did not happen. */
	private static void waitFor(Check check) throws InterruptedException {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (check.holds()) {
					return;
				}
			} catch (Exception e) {
				// not yet readable: try again
			}
			Thread.sleep(50);
		}
	}

	/**
	 * A polled table is read by its column's increasing values: rows that share a value are read in one batch, since
	 * the next poll asks for greater values and would skip the rest of them.
	 */
	@Test
	void rowsSharingTheirPolledValueAreAllRead(@TempDir Path generated, @TempDir Path root) throws Exception {
		generate(generated);
		String erp = "jdbc:h2:file:" + root.toAbsolutePath().resolve("erp");
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("INSERT INTO INVOICES VALUES (1, 'cus_1', 1), (5, 'cus_5a', 5), (5, 'cus_5b', 5), (5, 'cus_5c', 5), (6, 'cus_6', 6)");
		}
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", erp)::get).withBatchSize(2)
				.withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		RunSummary run = Runner.once(options);
		List<String> rows = exported(root);
		assertEquals(5, rows.size(), rows + "\n" + run.render());
		assertTrue(rows.contains("5,cus_5b,5.00") || rows.stream().anyMatch(r -> r.startsWith("5,cus_5b")), rows.toString());
		assertTrue(rows.stream().anyMatch(r -> r.startsWith("5,cus_5c")), rows.toString());
	}

	/**
	 * A running runner reads a file once it has not changed for a while (its producer may still be writing it); a
	 * file changed "now" (here: stamped an hour ahead) waits, a file left alone is read.
	 */
	@Test
	void aRunningRunnerWaitsForAFileToBeLeftAlone(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = project(generated, root);
		Files.createDirectories(root.resolve("import"));
		Path writing = Files.writeString(root.resolve("import/a-writing.csv"), "invoiceNo,customer,amount\n901,cus_a,1\n");
		Files.setLastModifiedTime(writing, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(3600)));
		Path done = Files.writeString(root.resolve("import/b-done.csv"), "invoiceNo,customer,amount\n902,cus_b,2\n");
		Files.setLastModifiedTime(done, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
				.withPorts("127.0.0.1", 0, -1).withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		try (Runner runner = Runner.start(options)) {
			waitFor(() -> archived(root).size() == 1);
			assertEquals(new TreeSet<>(List.of("902|cus_b|2.00")), archived(root), "the file being written waits");
			assertTrue(Files.exists(writing), "and stays where it is");
			Files.setLastModifiedTime(writing, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
			waitFor(() -> archived(root).size() == 2);
		}
		assertEquals(new TreeSet<>(List.of("901|cus_a|1.00", "902|cus_b|2.00")), archived(root));
	}

	/** A named pipe matching the pattern is not a file to read: opening it would wait for a writer, and hold the flow. */
	@Test
	void aNamedPipeInTheDirectoryIsLeftAlone(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = project(generated, root);
		Files.createDirectories(root.resolve("import"));
		Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("import/a-pipe.csv").toString()).inheritIO().start();
		org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo makes the named pipe");
		Files.writeString(root.resolve("import/b.csv"), "invoiceNo,customer,amount\n501,cus_a,1\n");
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("ERP_URL", data)::get)
				.withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
		RunSummary run = onceWithinAMinute(options);
		assertEquals(1, received(run), run.render());
		assertEquals(new TreeSet<>(List.of("501|cus_a|1.00")), archived(root));
	}

	private static long received(RunSummary summary) {
		return summary.flows().stream().filter(f -> f.flow().equals("tables.FilesToTable")).mapToLong(RunSummary.FlowCounts::received).sum();
	}

	/**
	 * Fails the second outbox insert: the second batch's transaction, in the middle of the file (a failure at its end
	 * would reopen the file anyway).
	 */
	public static final class FailingDisk implements org.h2.api.Trigger {
		static final java.util.concurrent.atomic.AtomicInteger inserts = new java.util.concurrent.atomic.AtomicInteger();
		/** When the failing insert happened, in nanoTime; 0 before. */
		static volatile long failedAt;

		@Override
		public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws java.sql.SQLException {
			int n = inserts.incrementAndGet();
			if (n == 2) {
				failedAt = System.nanoTime();
				throw new java.sql.SQLException("disk full (the test's trigger)");
			}
		}
	}

	/**
	 * After {@link FailingDisk} failed, fails the next checkpoint read of the file flow's thread (the runner names its
	 * flow threads), which is the file source opening the file again: the journal is still unwell.
	 */
	public static final class FailingCheckpoints implements org.h2.api.Trigger {
		static final java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();

		@Override
		public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws java.sql.SQLException {
			if (FailingDisk.failedAt != 0 && Thread.currentThread().getName().equals("isthmus-flow-tables.FilesToTable")
					&& failed.compareAndSet(false, true)) {
				throw new java.sql.SQLException("checkpoints unreadable (the test's trigger)");
			}
		}
	}

}
