package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * The journal as the runner takes it, on the tables project: one runner per journal, even in a database server
 * that two machines reach, and the journal's and the tables' passwords never shown. Each test was seen failing
 * without its fix.
 */
class RunnerJournalTest {

	/**
	 * Two runners on one journal server would each deliver every row (a reviewer saw 100 requests for 50 records):
	 * the second is refused, told who holds the journal, and starts once the first has stopped.
	 */
	@Test
	void aSecondRunnerOnAJournalServerIsRefusedUntilTheFirstStops(@TempDir Path generated, @TempDir Path first,
			@TempDir Path second, @TempDir Path server) throws Exception {
		String data = TablesProject.generate(generated, first);
		org.h2.tools.Server journalServer = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists")
				.start();
		try {
			String journal = "jdbc:h2:tcp://127.0.0.1:" + journalServer.getPort() + "/journal";
			RunnerOptions one = TablesProject.options(generated, first, data).withJournal(journal).withPorts("127.0.0.1", 0, -1);
			RunnerOptions two = one.withRoot(second).withData(data);
			try (Runner runner = Runner.start(one)) {
				StartupException refused = assertThrows(StartupException.class, () -> Runner.start(two).close());
				assertTrue(refused.getMessage().contains("is in use: another runner is using this journal (process "
						+ ProcessHandle.current().pid()), refused.getMessage());
				assertTrue(refused.getMessage().contains("stop the other one, or give this one its own --journal"), refused.getMessage());
			}
			try (Runner runner = Runner.start(two)) {
				assertTrue(runner.summary() != null);
			}
		} finally {
			journalServer.stop();
		}
	}

	/** A password in the journal's URL or a table's is not in the log, nor in a refusal that quotes the URL. */
	@Test
	void passwordsInJdbcUrlsAreNotShown(@TempDir Path generated, @TempDir Path root) throws Exception {
		TablesProject.generate(generated, root);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		String journal = "jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/secured") + ";USER=sa;PASSWORD=hunter2x";
		RunnerOptions options = TablesProject.options(generated, root, "jdbc:h2:tcp://127.0.0.1:1/x;USER=sa;PASSWORD=pw_secret_77")
				.withJournal(journal).withPorts("127.0.0.1", 0, -1).withLog(print(log));
		StartupException refused = assertThrows(StartupException.class, () -> Runner.start(options).close());
		assertTrue(refused.getMessage().contains("source tables.Erp.invoices: cannot reach the database at"
				+ " jdbc:h2:tcp://127.0.0.1:1/x;USER=sa;PASSWORD=***"), refused.getMessage());
		assertFalse(refused.getMessage().contains("pw_secret_77"), refused.getMessage());

		String data = TablesProject.data(root);
		try (Runner runner = Runner.start(options.withEnvironment(Map.of("ERP_URL", data)::get))) {
			assertTrue(runner.summary() != null);
		}
		String logged = log.toString(StandardCharsets.UTF_8);
		assertTrue(logged.contains("\"journal\":\"jdbc:h2:file:") && logged.contains("PASSWORD=***"), logged);
		assertFalse(logged.contains("hunter2x") || logged.contains("pw_secret_77"), logged);
	}
}
