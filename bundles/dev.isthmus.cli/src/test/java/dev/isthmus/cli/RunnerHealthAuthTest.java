package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.BoundedWaits.holds;
import static dev.isthmus.cli.HttpTargetProject.post;
import static dev.isthmus.cli.RunnerHealth.health;
import static dev.isthmus.cli.RunnerHealth.healthSays;
import static dev.isthmus.cli.RunnerHealth.management;
import static dev.isthmus.cli.RunnerTestProjects.anyDeadLetter;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * /health for a target that refuses the runner's credentials: an HTTP 401 for every record (an expired token) made
 * each record a dead letter while /health said 200 "up", so an operator watching it never learnt that every delivery
 * was refused. Now an HTTP 401, 403 or 407 counts for the target like a 5xx: 503 "degraded", naming the target, why,
 * and the variables its credentials come from (never their values), until a delivery goes through; the records stay
 * dead letters at once (a 4xx is final). A table target whose database refuses the runner's rights is degraded too.
 */
class RunnerHealthAuthTest {

	private static final String CREDS = "alice:s3cr3t-pass";

	@Test
	void anHttpTargetRefusingTheRunnersCredentialsIsDegradedUntilADeliveryGoesThrough(@TempDir Path generated, @TempDir Path root)
			throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		HttpServer api = api();
		try (Runner runner = Runner.start(options(generated, root, api, log))) {
			await("the runner up", () -> healthSays(runner, "up"));
			post(runner, "{\"id\":\"p1\",\"path\":\"e401\",\"name\":\"n1\"}");
			await("/health degraded, naming the target, the 401 and the variables its credentials come from",
					() -> healthSays(runner, "degraded", "\"failing\":{\"target web.Api.items\":", "HTTP 401 from POST",
							"the target refuses the runner's credentials", "BASIC_CREDS", "QKEY"));
			String body = health(runner).body();
			assertFalse(body.contains("s3cr3t-pass") || body.contains(HttpTargetProject.QKEY), body);
			// Still final, as any 4xx: a dead letter at its first attempt, not retried.
			DeadLetters.DeadLetter letter = deadLetters(generated, root).get(0);
			assertTrue(letter.reason().startsWith("refused: HTTP 401"), letter.reason());
			post(runner, "{\"id\":\"p2\",\"path\":\"e401\",\"name\":\"n2\"}");
			await("the second refused record's dead letter", () -> holds(() -> deadLetters(generated, root).size() == 2));
			assertEquals(1, credentialLines(log), "one line when the target turns degraded, not one a record:\n" + text(log));
			String metrics = management(runner, "/metrics").body();
			assertTrue(metrics.contains("isthmus_delivery_failures_total{flow=\"web.Plain\",endpoint=\"web.Api.items\"} 2"), metrics);
			post(runner, "{\"id\":\"p3\",\"path\":\"ok\",\"name\":\"n3\"}");
			await("/health up again once a delivery went through", () -> healthSays(runner, "up"));
			// Refused again after it was up: said again.
			post(runner, "{\"id\":\"p4\",\"path\":\"e401\",\"name\":\"n4\"}");
			await("/health degraded again", () -> healthSays(runner, "degraded", "HTTP 401"));
			await("said again in the log", () -> credentialLines(log) == 2);
			assertFalse(text(log).contains("s3cr3t-pass"), text(log));
		} finally {
			api.stop(0);
		}
	}

	@Test
	void forbiddenAndProxyAuthenticationRequiredMakeTheTargetDegradedToo(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		HttpServer api = api();
		try (Runner runner = Runner.start(options(generated, root, api, new ByteArrayOutputStream()))) {
			await("the runner up", () -> healthSays(runner, "up"));
			post(runner, "{\"id\":\"p1\",\"path\":\"e403\",\"name\":\"n1\"}");
			await("/health degraded for the 403", () -> healthSays(runner, "degraded", "\"target web.Api.items\":", "HTTP 403",
					"BASIC_CREDS"));
			post(runner, "{\"id\":\"p2\",\"path\":\"ok\",\"name\":\"n2\"}");
			await("/health up again", () -> healthSays(runner, "up"));
			post(runner, "{\"id\":\"p3\",\"path\":\"e407\",\"name\":\"n3\"}");
			await("/health degraded for the 407, naming the proxy", () -> healthSays(runner, "degraded", "\"target web.Api.items\":",
					"HTTP 407", "proxy"));
			// A record refused for its own data leaves the target as it was: degraded still, for the proxy.
			post(runner, "{\"id\":\"p4\",\"path\":\"bad\",\"name\":\"n4\"}");
			await("the refused record's dead letter", () -> anyDeadLetter(generated, root, l -> String.valueOf(l.details()).contains("HTTP 422")));
			assertTrue(healthSays(runner, "degraded", "HTTP 407"), health(runner).body());
		} finally {
			api.stop(0);
		}
	}

	@Test
	void aTableTargetWhoseDatabaseRefusesTheRunnersRightsIsDegradedUntilADeliveryGoesThrough(@TempDir Path sources,
			@TempDir Path generated, @TempDir Path root, @TempDir Path server) throws Exception {
		// The archive in a database of its own, where the runner logs in as a user whose rights to write ARCHIVE are taken
		// away while it runs (a user without them from the start is refused at start: RunnerTableRightsTest).
		RunnerTestProjects.copy(RunnerTestProjects.sources(TablesProject.NAME), sources);
		RunnerTestProjects.edit(sources.resolve("tables.isl"), isl -> isl.replace("jdbc embedded table \"ARCHIVE\"", "jdbc env ARCHIVE_URL table \"ARCHIVE\""));
		RunnerTestProjects.generateFrom(sources, generated);
		java.nio.file.Files.createDirectories(root.resolve(".isthmus"));
		try (Connection c = DriverManager.getConnection(TablesProject.data(root)); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE INVOICES (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
		}
		org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		String admin = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/archive;USER=sa;PASSWORD=pw_admin_5";
		try {
			try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
				s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(100), AMOUNT DECIMAL(12, 2))");
				s.execute("CREATE TABLE ISTHMUS_DELIVERIES (ENDPOINT VARCHAR(300) NOT NULL, OUTBOX_ID BIGINT NOT NULL, PRIMARY KEY (ENDPOINT, OUTBOX_ID))");
				s.execute("CREATE USER CLERK PASSWORD 'pw_clerk_7'");
				s.execute("GRANT SELECT, INSERT, UPDATE ON ARCHIVE TO CLERK");
				s.execute("GRANT SELECT, INSERT ON ISTHMUS_DELIVERIES TO CLERK");
			}
			String clerk = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/archive;USER=CLERK;PASSWORD=pw_clerk_7";
			ByteArrayOutputStream log = new ByteArrayOutputStream();
			RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, 0)
					.withEnvironment(Map.of("ERP_URL", TablesProject.data(root), "ARCHIVE_URL", clerk)::get).withLog(RunnerTestProjects.print(log));
			try (Runner runner = Runner.start(options)) {
				await("the runner up", () -> healthSays(runner, "up"));
				try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
					s.execute("REVOKE INSERT, UPDATE ON ARCHIVE FROM CLERK");
				}
				drop(root, "import/a.csv", "invoiceNo,customer,amount\n801,cus_a,1\n");
				await("/health degraded, naming the target and the rights it lacks", () -> healthSays(runner, "degraded",
						"\"failing\":{\"target tables.Erp.archive\":", "refuses", "CLERK", "grant"));
				String body = health(runner).body();
				assertFalse(body.contains("pw_clerk_7"), body);
				try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
					s.execute("GRANT INSERT, UPDATE ON ARCHIVE TO CLERK");
				}
				drop(root, "import/b.csv", "invoiceNo,customer,amount\n802,cus_b,2\n");
				await("/health up again once a delivery went through", () -> healthSays(runner, "up"));
				assertFalse(text(log).contains("pw_clerk_7"), text(log));
			}
			try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement();
					ResultSet r = s.executeQuery("SELECT INVOICENO FROM ARCHIVE")) {
				assertTrue(r.next());
				assertEquals(802, r.getLong(1));
				assertFalse(r.next());
			}
		} finally {
			h2.stop();
		}
	}

	/** The log's lines saying the target refuses the runner's credentials (not the dead letters' own). */
	private static long credentialLines(ByteArrayOutputStream log) {
		return Arrays.stream(text(log).split("\n"))
				.filter(l -> l.contains("\"event\":\"delivery.failed\"") && l.contains("refuses the runner's credentials")).count();
	}

	private static RunnerOptions options(Path generated, Path root, HttpServer api, ByteArrayOutputStream log) {
		Map<String, String> env = new HashMap<>();
		env.put("BASE", "http://127.0.0.1:" + api.getAddress().getPort());
		env.put("QKEY", HttpTargetProject.QKEY);
		env.put("BASIC_CREDS", CREDS);
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, 0).withEnvironment(env::get)
				.withLog(RunnerTestProjects.print(log));
	}

	/**
	 * An API on loopback that answers a record under /e401/, /e403/ or /e407/ with that status (as a target refusing
	 * the credentials sent, or a proxy asking for its own), under /bad/ with 422, and takes any other.
	 */
	private static HttpServer api() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		server.createContext("/", exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				String first = exchange.getRequestURI().getPath().split("/")[1];
				int status = switch (first) {
					case "e401" -> 401;
					case "e403" -> 403;
					case "e407" -> 407;
					case "bad" -> 422;
					default -> 200;
				};
				byte[] body = (status == 200 ? "{}" : "{\"error\":\"no\"}").getBytes();
				exchange.sendResponseHeaders(status, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		server.start();
		return server;
	}
}
