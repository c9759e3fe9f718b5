package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The root lock (see RunnerRootLockTest) is taken only by a run that uses its root. A review found a runner with
 * webhooks and HTTP targets only, and its journal on a server, refused on a read-only root ("cannot use the root
 * directory …: AccessDeniedException …/.isthmus") where it had run before the lock: it writes nothing there.
 */
class RunnerReadOnlyRootTest {

	@TempDir
	static Path web;
	@TempDir
	static Path shop;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(HttpTargetProject.NAME, web);
		RunnerTestProjects.generate(ShopProject.NAME, shop);
	}

	/**
	 * Webhooks in, HTTP out, the journal on a server: the run goes on a read-only root, and nothing is written
	 * under it, no lock file either. Tests may run as root, whom permissions do not stop: then the run would succeed
	 * anyway, and what shows the fix is that no {@code .isthmus} folder (where the lock file goes) was made.
	 */
	@Test
	void aRunThatWritesNothingUnderItsRootRunsOnAReadOnlyOneAndLocksNothing(@TempDir Path temporary, @TempDir Path server)
			throws Exception {
		org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		Path root = Files.createDirectory(temporary.resolve("read-only"));
		try (HttpTargetApi api = new HttpTargetApi()) {
			String journal = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/journal";
			RunnerOptions options = HttpTargetProject.options(web, root, api, new ByteArrayOutputStream(), Map.of()).withJournal(journal);
			Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));

			assertNotNull(BoundedWaits.onceWithinAMinute(options));
			assertFalse(Files.exists(root.resolve(".isthmus")), "a run that does not use its root writes nothing under it");
			try (Runner runner = Runner.start(options)) {
				assertTrue(runner.webhookPort() > 0);
				assertFalse(Files.exists(root.resolve(".isthmus/runner.lock")), "a runner that does not use its root does not lock it");
			}
		} finally {
			Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
			h2.stop();
		}
	}

	/**
	 * File endpoints use the root: with the journal on a server and the data database elsewhere, the runner still
	 * locks it while it runs, and a second one is refused.
	 */
	@Test
	void aRunWithFileEndpointsStillLocksItsRoot(@TempDir Path root, @TempDir Path elsewhere, @TempDir Path server) throws Exception {
		org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		try {
			RunnerOptions options = ShopProject.options(shop, root, "http://127.0.0.1:9", new ByteArrayOutputStream())
					.withPorts("127.0.0.1", 0, -1).withJournal("jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/journal")
					.withData("jdbc:h2:file:" + elsewhere.resolve("data"));
			try (Runner runner = Runner.start(options)) {
				assertTrue(Files.exists(root.resolve(".isthmus/runner.lock")), "a runner reading the root's directories locks it");
				RunnerOptions second = options.withJournal("jdbc:h2:file:" + elsewhere.resolve("journal"))
						.withData("jdbc:h2:file:" + elsewhere.resolve("data2"));
				Exception refused = assertThrows(Exception.class, () -> Runner.once(second));
				assertTrue(refused.getMessage().contains("is in use: another runner works on it"), refused.getMessage());
			}
		} finally {
			h2.stop();
		}
	}
}
