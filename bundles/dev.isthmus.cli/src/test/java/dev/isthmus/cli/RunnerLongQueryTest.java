package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.waitFor;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.TablesProject.exported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A data database whose query is slow but healthy: a polled table that is a view over a slow function, on an H2 TCP
 * server. The journal's network timeout and the wait that is reported are lowered (to 1.5 s and 0.5 s) so that a
 * 4-second query is longer than both. Seen failing before the fix: the data database's URL got the journal's
 * NETWORK_TIMEOUT, so the query broke ("Connection is broken: session closed") at every try and nothing was delivered;
 * and /health said 503 "degraded", calling the database one "which does not answer".
 */
class RunnerLongQueryTest {

	@Test
	void aQueryLongerThanTheJournalsTimeoutIsDeliveredAndHealthStaysUp(@TempDir Path generated, @TempDir Path root,
			@TempDir Path server) throws Exception {
		Map<String, String> lowered = Map.of("isthmus.networkTimeoutMillis", "1500", "isthmus.unresponsiveAfterMillis", "500");
		lowered.forEach(System::setProperty);
		org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		try {
			String erp = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/erp;USER=sa;PASSWORD=pw_slow_4";
			try (Connection c = DriverManager.getConnection(erp); Statement s = c.createStatement()) {
				s.execute("CREATE ALIAS SLOWDOWN FOR 'java.lang.Thread.sleep(long)'");
				s.execute("CREATE TABLE INVOICES_T (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
				// Thread.sleep returns nothing, which H2 gives as NULL: each row read takes 4 s.
				s.execute("CREATE VIEW INVOICES AS SELECT * FROM INVOICES_T WHERE SLOWDOWN(4000) IS NULL");
				s.execute("INSERT INTO INVOICES_T VALUES (1, 'cus_slow', 10)");
			}
			RunnerTestProjects.generate(TablesProject.NAME, generated);
			Files.createDirectories(root.resolve(".isthmus"));
			try (Connection c = DriverManager.getConnection(TablesProject.data(root)); Statement s = c.createStatement()) {
				s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
			}
			ByteArrayOutputStream log = new ByteArrayOutputStream();
			RunnerOptions options = TablesProject.options(generated, root, erp).withPorts("127.0.0.1", 0, 0)
					.withLog(RunnerTestProjects.print(log));
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			List<String> notUp = new CopyOnWriteArrayList<>();
			List<String> waiting = new CopyOnWriteArrayList<>();
			AtomicBoolean asking = new AtomicBoolean(true);
			try (Runner runner = Runner.start(options)) {
				URI health = URI.create("http://127.0.0.1:" + runner.managementPort() + "/health");
				Thread asker = new Thread(() -> {
					while (asking.get()) {
						try {
							HttpResponse<String> h = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
									HttpResponse.BodyHandlers.ofString());
							if (h.statusCode() != 200) {
								notUp.add(h.statusCode() + " " + h.body());
							} else if (h.body().contains("\"waiting\"")) {
								waiting.add(h.body());
							}
							Thread.sleep(200);
						} catch (Exception e) {
							notUp.add(String.valueOf(e));
						}
					}
				});
				asker.start();
				try {
					waitFor(() -> exported(root).size() == 1);
				} finally {
					asking.set(false);
					asker.join();
				}
			} finally {
				h2.stop();
			}
			assertEquals(List.of("1,cus_slow,10"), exported(root).stream().map(r -> r.replace(".00", "")).toList(), text(log));
			assertEquals(List.of(), notUp, "/health stays up while a query is slow");
			assertFalse(text(log).contains("session closed"), text(log));
			String said = text(log).lines().filter(l -> l.contains("\"database.waiting\"")).findFirst().orElseThrow(
					() -> new AssertionError("a long wait is told: " + text(log)));
			assertTrue(said.contains("flow tables.TableToFiles has been waiting") && said.contains("a long query"), said);
			assertTrue(said.contains("PASSWORD=***") && !said.contains("pw_slow_4"), said);
			assertFalse(text(log).contains("database.unresponsive"), text(log));
			// Asked every 200 ms through a 4-second query: the wait is shown, as information, while the status is up.
			assertFalse(waiting.isEmpty(), "/health showed the wait");
			assertTrue(waiting.stream().allMatch(b -> b.contains("\"status\":\"up\"") && b.contains("has been waiting")
					&& b.contains("PASSWORD=***") && !b.contains("\"failing\"")), waiting.toString());
		} finally {
			lowered.keySet().forEach(System::clearProperty);
		}
	}
}
