package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * One runner per root. A reviewer moved the journal to a server while the runner with the embedded journal still
 * ran: both started, both read every file of the root's directories, and 30,000 records came out as 60,000 lines.
 * The journal's lease guards a journal, not a root; the root now has a lock of its own, which goes with its process.
 */
class RunnerRootLockTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
	}

	private static RunnerOptions options(Path root) {
		return ShopProject.options(generated, root, "http://127.0.0.1:9", new ByteArrayOutputStream()).withPorts("127.0.0.1", 0, -1);
	}

	/**
	 * A runner in another process holds the root: a second one with a journal of its own is refused, running or
	 * {@code --once}, and told which process holds it. Killed with SIGKILL, the first leaves its lock file behind,
	 * which blocks no one: the next start runs.
	 */
	@Test
	void aSecondRunnerWithItsOwnJournalIsRefusedUntilTheFirstIsGoneEvenKilled(@TempDir Path root, @TempDir Path elsewhere)
			throws Exception {
		Path log = root.resolve("first.log");
		Process first = child(root, log);
		try {
			BoundedWaits.await("the first runner's start", () -> read(log).contains("runner.started") || !first.isAlive());
			assertTrue(first.isAlive(), read(log));
			// Its own journal, and its own database for the shop's embedded tables (which the first holds): only the
			// root is shared, as the files of a directory are.
			RunnerOptions second = options(root).withJournal("jdbc:h2:file:" + elsewhere.resolve("journal"))
					.withData("jdbc:h2:file:" + elsewhere.resolve("data"));

			StartupException refused = assertThrows(StartupException.class, () -> Runner.start(second).close());
			assertTrue(refused.getMessage().contains("the root " + root.toAbsolutePath() + " is in use: another runner works on it (process "
					+ first.pid() + " on "), refused.getMessage());
			assertTrue(refused.getMessage().contains("stop the other one, or give this one its own --root"), refused.getMessage());
			StartupException once = assertThrows(StartupException.class, () -> Runner.once(second));
			assertTrue(once.getMessage().contains("is in use: another runner works on it (process " + first.pid()), once.getMessage());

			first.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
			assertTrue(first.waitFor(60, TimeUnit.SECONDS));
			assertTrue(Files.exists(root.resolve(".isthmus/runner.lock")), "a killed runner cannot take its lock file away");
			try (Runner runner = Runner.start(second)) {
				assertTrue(runner.summary() != null);
			}
			assertFalse(Files.exists(root.resolve(".isthmus/runner.lock")), "a stopped runner takes its lock file away");
		} finally {
			first.destroyForcibly();
		}
	}

	/**
	 * In one process too (Java refuses a second lock on a file in the JVM by itself): the second is refused, by
	 * {@code isthmus run} with exit code 1, and starts once the first has stopped. {@code isthmus dlq} reads the
	 * journal, not the root: it works while the runner runs.
	 */
	@Test
	void aSecondRunnerInTheSameProcessIsRefusedAndTheDeadLettersStayReadable(@TempDir Path root, @TempDir Path elsewhere,
			@TempDir Path server) throws Exception {
		org.h2.tools.Server journalServer = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists")
				.start();
		try {
			String journal = "jdbc:h2:tcp://127.0.0.1:" + journalServer.getPort() + "/journal";
			try (Runner runner = Runner.start(options(root).withJournal(journal))) {
				RunnerOptions second = options(root); // the embedded journal under the root
				StartupException refused = assertThrows(StartupException.class, () -> Runner.start(second).close());
				assertTrue(refused.getMessage().contains("is in use: another runner works on it (process " + ProcessHandle.current().pid()),
						refused.getMessage());
				assertFalse(Files.exists(root.resolve(".isthmus/journal.mv.db")), "the refused runner created no journal");

				ByteArrayOutputStream out = new ByteArrayOutputStream();
				ByteArrayOutputStream err = new ByteArrayOutputStream();
				IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
				assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", generated.toString(), "--root", root.toString(), "--journal",
						"jdbc:h2:file:" + elsewhere.resolve("journal"), "--port", "0", "--management-port", "off", "--once"), text(err));
				assertTrue(text(err).contains("is in use: another runner works on it"), text(err));

				err.reset();
				assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "list", "--journal", journal), text(err));
			}
			try (Runner runner = Runner.start(options(root))) {
				assertTrue(runner.summary() != null);
			}
		} finally {
			journalServer.stop();
		}
	}

	private static Process child(Path root, Path log) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), IsthmusCommandLine.class.getName(),
				"run", generated.toString(), "--root", root.toString(), "--port", "0", "--management-port", "off"));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("SHOP_WEBHOOK_SECRET", ShopProject.SIGNING);
		builder.environment().put("LEDGER_URL", "http://127.0.0.1:9");
		builder.environment().put("LEDGER_TOKEN", ShopProject.TOKEN);
		return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		} catch (java.io.IOException e) {
			return "";
		}
	}
}
