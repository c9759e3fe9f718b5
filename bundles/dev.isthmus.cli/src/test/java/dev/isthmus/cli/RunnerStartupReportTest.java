package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * What a refused start says, on the shop project: every problem at once, ports in use among them (they were said
 * only once the rest was fixed), and a journal in memory refused for what it is (it was refused for a missing table).
 */
class RunnerStartupReportTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
	}

	@Test
	void portsInUseAreListedWithTheMissingVariables(@TempDir Path temporary) throws Exception {
		Path root = temporary.resolve("not-yet");
		try (ServerSocket webhooks = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ServerSocket management = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Map<String, String> env = new HashMap<>();
			env.put("SHOP_WEBHOOK_SECRET", ShopProject.SIGNING);
			env.put("LEDGER_URL", "http://127.0.0.1:9");
			RunnerOptions options = ShopProject.options(generated, root, "unused", new ByteArrayOutputStream()).withEnvironment(env::get)
					.withPorts("127.0.0.1", webhooks.getLocalPort(), management.getLocalPort());

			StartupException refused = assertThrows(StartupException.class, () -> Runner.start(options).close());
			assertEquals(3, refused.problems().size(), refused.getMessage());
			assertTrue(refused.getMessage().contains("LEDGER_TOKEN"), refused.getMessage());
			assertTrue(refused.getMessage().contains("webhook port " + webhooks.getLocalPort() + " on 127.0.0.1 is in use; stop what holds it"
					+ " or choose another with --port"), refused.getMessage());
			assertTrue(refused.getMessage().contains("management port " + management.getLocalPort() + " on 127.0.0.1 is in use; stop what"
					+ " holds it or choose another with --management-port"), refused.getMessage());
			assertFalse(Files.exists(root), "a refused start takes back the root it created, its lock file with it");

			RunnerOptions same = options.withPorts("127.0.0.1", webhooks.getLocalPort(), webhooks.getLocalPort());
			StartupException twice = assertThrows(StartupException.class, () -> Runner.start(same).close());
			assertTrue(twice.getMessage().contains("--port and --management-port are both " + webhooks.getLocalPort()), twice.getMessage());
		}
	}

	/** {@code --once} listens on no port: one in use is no problem for it. */
	@Test
	void aRunWithOnceDoesNotCheckPorts(@TempDir Path root) throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			RunnerOptions options = ShopProject.options(generated, root, "http://127.0.0.1:9", new ByteArrayOutputStream())
					.withPorts("127.0.0.1", taken.getLocalPort(), taken.getLocalPort());
			assertTrue(BoundedWaits.onceWithinAMinute(options) != null);
		}
	}

	@Test
	void aJournalInMemoryIsRefusedForWhatItWouldLose(@TempDir Path temporary) {
		Path root = temporary.resolve("not-yet");
		for (String journal : new String[] { "jdbc:h2:mem:j", "jdbc:h2:tcp://127.0.0.1:1/mem:j;USER=sa;PASSWORD=secret_9" }) {
			RunnerOptions options = ShopProject.options(generated, root, "http://127.0.0.1:9", new ByteArrayOutputStream()).withJournal(journal)
					.withPorts("127.0.0.1", 0, -1);
			StartupException refused = assertThrows(StartupException.class, () -> Runner.start(options).close());
			assertTrue(refused.getMessage().contains("in the runner's memory, gone when it exits")
					|| refused.getMessage().contains("in the memory of its database server, gone when the server stops"), refused.getMessage());
			assertTrue(refused.getMessage().contains("would be lost with it"), refused.getMessage());
			assertTrue(refused.getMessage().contains("an H2 file (jdbc:h2:file:") && refused.getMessage().contains("an H2 server (jdbc:h2:tcp:"),
					refused.getMessage());
			assertFalse(refused.getMessage().contains("ISTHMUS_LEASE") || refused.getMessage().contains("secret_9"), refused.getMessage());
			assertFalse(Files.exists(root), "nothing created");
		}
	}
}
