package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;

/**
 * A runner's thread meeting an {@link Error} — an {@link OutOfMemoryError}, typically — stops the runner, saying which
 * and why. The flow's thread ended alone before: the runner went on taking in what that flow no longer processed, its
 * health "up" (seen with an unbounded cache). A real OutOfMemoryError cannot be had on cue in one thread of a JVM
 * running tests, so a stand-in JDBC driver (H2 underneath) throws one from the polled table's query once armed; the
 * command line's launcher ends the JVM on a real one ({@code -XX:+ExitOnOutOfMemoryError}, README). Seen failing
 * before the change: the runner never stopped (the wait below timed out).
 */
class RunnerBrokenThreadTest {

	/** {@code jdbc:breaking:h2:…}: H2's connection, whose queries of INVOICES throw once {@link #armed} is set. */
	static final class BreakingDriver implements Driver {
		static final String PREFIX = "jdbc:breaking:";
		static volatile boolean armed;
		static final AtomicInteger thrown = new AtomicInteger();

		@Override
		public Connection connect(String url, Properties info) throws SQLException {
			if (!acceptsURL(url)) {
				return null;
			}
			Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class }, (proxy, method, args) -> {
				if (armed && method.getName().startsWith("prepare") && String.valueOf(args[0]).contains("INVOICES")
						&& String.valueOf(args[0]).toUpperCase().startsWith("SELECT")) {
					thrown.incrementAndGet();
					throw new OutOfMemoryError("Java heap space (thrown by the test's driver)");
				}
				try {
					return method.invoke(real, args);
				} catch (InvocationTargetException e) {
					throw e.getCause();
				}
			});
		}

		@Override
		public boolean acceptsURL(String url) {
			return url.startsWith(PREFIX);
		}

		@Override
		public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
			return new DriverPropertyInfo[0];
		}

		@Override
		public int getMajorVersion() {
			return 1;
		}

		@Override
		public int getMinorVersion() {
			return 0;
		}

		@Override
		public boolean jdbcCompliant() {
			return false;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}
	}

	private static final BreakingDriver DRIVER = new BreakingDriver();

	@BeforeAll
	static void register() throws SQLException {
		DriverManager.registerDriver(DRIVER);
	}

	@AfterAll
	static void deregister() throws SQLException {
		DriverManager.deregisterDriver(DRIVER);
		BreakingDriver.armed = false;
	}

	@Test
	void aFlowWhoseThreadBreaksStopsTheRunnerSayingWhy(@TempDir Path generated, @TempDir Path root) throws Exception {
		String erp = invoices(generated, root);
		Path env = Files.writeString(root.resolve("run.env"), "ERP_URL=" + breaking(erp) + "\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		AtomicInteger exit = new AtomicInteger(-1);
		BreakingDriver.armed = false;
		Thread run = new Thread(() -> exit.set(new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--root",
				root.toString(), "--env-file", env.toString(), "--port", "0", "--management-port", "off")));
		run.setDaemon(true);
		run.start();
		long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!text(out).contains("Ctrl+C stops") && run.isAlive() && System.nanoTime() < started) {
			Thread.sleep(50);
		}
		assertTrue(text(out).contains("Ctrl+C stops"), text(out) + text(err));
		// The invoice polled before the break is exported: the flow worked until then.
		long exported = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!exportedOne(root) && System.nanoTime() < exported) {
			Thread.sleep(50);
		}
		assertTrue(exportedOne(root), text(err));

		BreakingDriver.armed = true;
		run.join(TimeUnit.SECONDS.toMillis(60));

		assertTrue(!run.isAlive(), "the runner stopped by itself: " + text(err));
		assertTrue(BreakingDriver.thrown.get() > 0);
		assertEquals(IsthmusCommandLine.PROBLEMS, exit.get(), text(err));
		assertTrue(text(err).contains("isthmus run: stopped: flow tables.TableToFiles ran out of memory (Java heap space (thrown by the test's"
				+ " driver)); give the runner more"), text(err));
		assertTrue(text(err).contains("What was acknowledged is in the journal"), text(err));
	}

	/** The same through the library: {@code awaitStop} returns, {@code broken()} says why, and the log says it first. */
	@Test
	void aLibraryRunnerSaysWhyItBroke(@TempDir Path generated, @TempDir Path root) throws Exception {
		String erp = invoices(generated, root);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		BreakingDriver.armed = false;
		try (Runner runner = Runner.start(TablesProject.options(generated, root, breaking(erp)).withLog(print(log)))) {
			Thread waiting = new Thread(() -> {
				try {
					runner.awaitStop();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			});
			waiting.setDaemon(true);
			waiting.start();
			BreakingDriver.armed = true;
			waiting.join(TimeUnit.SECONDS.toMillis(60));

			assertTrue(!waiting.isAlive(), "the runner stopped by itself: " + text(log));
			assertTrue(runner.broken().startsWith("flow tables.TableToFiles ran out of memory (Java heap space (thrown by the test's driver))"),
					runner.broken());
			assertTrue(text(log).lines().anyMatch(line -> line.contains("\"event\":\"runner.failed\"") && line.contains("\"level\":\"error\"")
					&& line.contains("flow tables.TableToFiles ran out of memory")), text(log));
		}
	}

	/** The tables project generated, with INVOICES holding one row in an ERP database of its own; returns its URL. */
	private static String invoices(Path generated, Path root) throws Exception {
		String erp = TablesProject.erp(root);
		TablesProject.generate(generated, root);
		try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			s.execute("INSERT INTO INVOICES VALUES (1, 'cus_1', 10.00)");
		}
		return erp;
	}

	/** The stand-in driver's URL for an H2 database's. */
	private static String breaking(String h2) {
		return BreakingDriver.PREFIX + h2.substring("jdbc:".length());
	}

	private static boolean exportedOne(Path root) throws Exception {
		return Files.isDirectory(root.resolve("export")) && TablesProject.exported(root).size() == 1;
	}
}
