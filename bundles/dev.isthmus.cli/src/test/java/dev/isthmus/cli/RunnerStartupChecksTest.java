package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.ShopProject.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * The shop project's start refused, never half run, for what it cannot do without: its secrets and URLs, its webhook
 * port, its journal database, a valid configuration; each named with what needs it.
 */
class RunnerStartupChecksTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
	}

	@Test
	void startUpChecksRefuseToHalfRun(@TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		// No environment: secrets and URLs are missing, each named with what needs it.
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", generated.toString(), "--root", root.toString(), "--port", "0",
				"--management-port", "0"));
		assertTrue(text(err).contains("LEDGER_TOKEN (used by endpoint shop.Ledger.entries, auth) is not set"), text(err));
		// The webhook's secret is named by its endpoint and every flow reading it (review 34: one flow of two was named).
		assertTrue(text(err).contains("SHOP_WEBHOOK_SECRET (used by endpoint shop.Shop.orders (read by flow shop.OrdersToLedger), signature)"
				+ " is not set"), text(err));
		// and in the log, for a collector reading its JSON lines (the command's plain lines follow)
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		assertThrows(StartupException.class, () -> Runner.once(RunnerOptions.of(generated).withRoot(root).withEnvironment(name -> null)
				.withLog(print(log))));
		assertTrue(text(log).lines().anyMatch(l -> l.startsWith("{") && l.contains("\"event\":\"runner.refused\"") && l.contains("LEDGER_TOKEN")),
				text(log));

		// A port in use.
		try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); FlakyLedger ledger = new FlakyLedger()) {
			RunnerOptions options = options(generated, root, ledger.url(), new ByteArrayOutputStream()).withPorts("127.0.0.1", taken.getLocalPort(), 0);
			var e = assertThrows(StartupException.class, () -> Runner.start(options));
			assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), e.getMessage());
			// An unreachable journal database: nothing listens on the port.
			int closed;
			try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				closed = probe.getLocalPort();
			}
			var unreachable = assertThrows(StartupException.class,
					() -> Runner.start(options(generated, root, ledger.url(), new ByteArrayOutputStream()).withJournal("jdbc:h2:tcp://127.0.0.1:"
							+ closed + "/nowhere")));
			assertTrue(unreachable.getMessage().startsWith("cannot open the journal at jdbc:h2:tcp://"), unreachable.getMessage());
			// Another database: said before trying (PostgreSQL answered with a syntax error, review 27).
			var notH2 = assertThrows(StartupException.class, () -> Runner.start(options(generated, root, ledger.url(), new ByteArrayOutputStream())
					.withJournal("jdbc:postgresql://127.0.0.1:" + closed + "/journal?user=app&password=hunter22")));
			assertEquals("cannot keep the journal at jdbc:postgresql://127.0.0.1:" + closed + "/journal?user=app&password=***: the journal is an H2"
					+ " database — an H2 file (the default, <root>/.isthmus/journal, or --journal jdbc:h2:file:/path) or an H2 server (--journal"
					+ " jdbc:h2:tcp://host/path) —, as its tables are written in H2's SQL; other databases serve as the endpoints' tables",
					notH2.getMessage());
		}

		// An invalid configuration: named with file and pointer.
		Path broken = RunnerTestProjects.copy(generated, root.resolve("broken"));
		Files.writeString(broken.resolve("flows/shop.OrdersToLedger.json"), "{\"format\":\"1.0\",\"flow\":42}");
		err.reset();
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", broken.toString(), "--root", root.toString(), "--once"));
		assertTrue(text(err).contains("invalid configuration") && text(err).contains("shop.OrdersToLedger.json"), text(err));
	}
}
