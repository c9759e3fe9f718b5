package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.waitFor;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.TablesProject.archived;
import static dev.isthmus.cli.TablesProject.received;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The runner when its journal fails under it, on the tables project with real parts: a journal whose transactions or
 * checkpoint reads fail (H2 triggers that throw), a journal server that restarts, and a journal deleted to start
 * afresh. Each test was seen failing without its fix.
 */
class RunnerJournalFailuresTest {

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
		String data = TablesProject.generate(generated, root);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunnerOptions options = TablesProject.options(generated, root, data).withPorts("127.0.0.1", 0, -1).withBatchSize(2).withLog(print(log));
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
		drop(root, "import/c.csv", "invoiceNo,customer,amount\n301,cus_a,1\n302,cus_b,2\n303,cus_c,3\n304,cus_d,4\n305,cus_e,5\n");

		RunSummary summary;
		try (Runner runner = Runner.start(options)) {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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
	 * A journal deleted to start afresh numbers its deliveries from 1 again: the table sink must not take them for the
	 * old journal's deliveries, which its markers remember, and skip them.
	 */
	@Test
	void aNewJournalsDeliveriesAreNotMistakenForAnOldOnes(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		RunnerOptions options = TablesProject.options(generated, root, data);
		drop(root, "import/f.csv", "invoiceNo,customer,amount\n701,cus_a,1\n");
		Runner.once(options);
		try (Stream<Path> journal = Files.list(root.resolve(".isthmus"))) {
			for (Path file : journal.filter(f -> f.getFileName().toString().startsWith("journal.")).toList()) {
				Files.delete(file);
			}
		}
		drop(root, "import/g.csv", "invoiceNo,customer,amount\n702,cus_b,2\n");
		RunSummary second = Runner.once(options);
		assertEquals(new TreeSet<>(List.of("701|cus_a|1.00", "702|cus_b|2.00")), archived(root), second.render());
	}

	/**
	 * A journal in a database server that restarts: the running runner's journal connections break, and it opens
	 * them again once the server is back. The server is H2's, on loopback, stopped and started again on its port.
	 */
	@Test
	void theRunnerReconnectsToAJournalServerThatRestarted(@TempDir Path generated, @TempDir Path root, @TempDir Path server)
			throws Exception {
		String data = TablesProject.generate(generated, root);
		Server journalServer = Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		int port = journalServer.getPort();
		try {
			RunnerOptions options = TablesProject.options(generated, root, data)
					.withJournal("jdbc:h2:tcp://127.0.0.1:" + port + "/journal").withPorts("127.0.0.1", 0, -1);
			drop(root, "import/j.csv", "invoiceNo,customer,amount\n1001,cus_a,1\n");
			try (Runner runner = Runner.start(options)) {
				waitFor(() -> archived(root).size() == 1);
				journalServer.stop();
				Thread.sleep(1500); // the runner's steps fail meanwhile, as they would while the server restarts
				journalServer = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", server.toString(), "-ifNotExists").start();
				drop(root, "import/k.csv", "invoiceNo,customer,amount\n1002,cus_b,2\n");
				waitFor(() -> archived(root).size() == 2);
			}
			assertEquals(new TreeSet<>(List.of("1001|cus_a|1.00", "1002|cus_b|2.00")), archived(root));
		} finally {
			journalServer.stop();
		}
	}

	/**
	 * Fails the second outbox insert: the second batch's transaction, in the middle of the file (a failure at its end
	 * would reopen the file anyway).
	 */
	public static final class FailingDisk implements org.h2.api.Trigger {
		static final AtomicInteger inserts = new AtomicInteger();
		/** When the failing insert happened, in nanoTime; 0 before. */
		static volatile long failedAt;

		@Override
		public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
			int n = inserts.incrementAndGet();
			if (n == 2) {
				failedAt = System.nanoTime();
				throw new SQLException("disk full (the test's trigger)");
			}
		}
	}

	/**
	 * After {@link FailingDisk} failed, fails the next checkpoint read of the file flow's thread (the runner names its
	 * flow threads), which is the file source opening the file again: the journal is still unwell.
	 */
	public static final class FailingCheckpoints implements org.h2.api.Trigger {
		static final AtomicBoolean failed = new AtomicBoolean();

		@Override
		public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
			if (FailingDisk.failedAt != 0 && Thread.currentThread().getName().equals("isthmus-flow-tables.FilesToTable")
					&& failed.compareAndSet(false, true)) {
				throw new SQLException("checkpoints unreadable (the test's trigger)");
			}
		}
	}
}
