package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.BoundedWaits.holds;
import static dev.isthmus.cli.HttpTargetProject.post;
import static dev.isthmus.cli.RunnerHealth.health;
import static dev.isthmus.cli.RunnerHealth.healthSays;
import static dev.isthmus.cli.RunnerTestProjects.anyDeadLetter;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.TablesProject.archived;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * /health for a target whose deliveries fail: a table dropped under the running runner, an HTTP target that stopped.
 * It said 200 "up" while every delivery became a dead letter ({@code Table "ARCHIVE" not found}, {@code cannot
 * reach}); now a delivery in which nothing went through and something failed for the target's sake makes it 503
 * "degraded", naming the target and why, until a delivery to it goes through. A record refused for its own data (a
 * value too long for its column, an HTTP 422) is that record's dead letter and leaves the target up. The degraded
 * cases were seen failing before the fix.
 */
class RunnerHealthDegradedTest {

	@Test
	void aTableDroppedUnderTheRunnerMakesItsTargetDegradedUntilADeliveryGoesThrough(@TempDir Path generated, @TempDir Path root)
			throws Exception {
		String data = TablesProject.generate(generated, root, "VARCHAR(100)", "VARCHAR(5)");
		RunnerOptions options = TablesProject.options(generated, root, data).withPorts("127.0.0.1", 0, 0);
		try (Runner runner = Runner.start(options)) {
			await("the runner up", () -> healthSays(runner, "up"));
			// One record alone, refused for its own data: its dead letter says so, and the target is not degraded.
			drop(root, "import/long.csv", "invoiceNo,customer,amount\n700,far too long a name,1\n");
			await("the long record's dead letter", () -> anyDeadLetter(generated, root, l -> String.valueOf(l.record()).contains("far too long")));
			assertTrue(healthSays(runner, "up"), health(runner).body());
			drop(root, "import/a.csv", "invoiceNo,customer,amount\n701,cus_a,1\n");
			await("the first record archived", () -> holds(() -> archived(root).size() == 1));
			try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
				s.execute("DROP TABLE ARCHIVE");
			}
			drop(root, "import/b.csv", "invoiceNo,customer,amount\n702,cus_b,2\n");
			await("/health degraded, naming the target and the missing table", () -> healthSays(runner, "degraded",
					"\"failing\":{\"target tables.Erp.archive\":", "ARCHIVE", "not found"));
			try (Connection c = DriverManager.getConnection(data); Statement s = c.createStatement()) {
				s.execute("CREATE TABLE ARCHIVE (INVOICENO BIGINT PRIMARY KEY, CUSTOMER VARCHAR(5), AMOUNT DECIMAL(12, 2))");
			}
			drop(root, "import/c.csv", "invoiceNo,customer,amount\n703,cus_c,3\n");
			await("/health up again once a delivery went through", () -> healthSays(runner, "up"));
			assertEquals(1, archived(root).size(), archived(root).toString());
		}
	}

	@Test
	void anHttpTargetThatStoppedMakesItDegradedUntilItAnswersAgain(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		HttpServer api = api(0);
		int port = api.getAddress().getPort();
		String base = "http://127.0.0.1:" + port;
		RunnerOptions options = RunnerTestProjects.options(generated, root, Map.of("BASE", base, "QKEY", HttpTargetProject.QKEY,
				"BASIC_CREDS", "alice:s3cr3t-pass")).withPorts("127.0.0.1", 0, 0);
		try (Runner runner = Runner.start(options)) {
			await("the runner up", () -> healthSays(runner, "up"));
			// Refused for its own data (422): a dead letter, and the target stays up.
			post(runner, "{\"id\":\"p0\",\"path\":\"bad\",\"name\":\"n0\"}");
			await("the refused record's dead letter", () -> anyDeadLetter(generated, root, l -> String.valueOf(l.details()).contains("HTTP 422")));
			assertTrue(healthSays(runner, "up"), health(runner).body());
			api.stop(0);
			post(runner, "{\"id\":\"p1\",\"path\":\"ok\",\"name\":\"n1\"}");
			await("/health degraded, naming the target that cannot be reached",
					() -> healthSays(runner, "degraded", "\"failing\":{\"target web.Api.items\":", "cannot reach"));
			api = api(port);
			post(runner, "{\"id\":\"p2\",\"path\":\"ok\",\"name\":\"n2\"}");
			await("/health up again once the target answers", () -> healthSays(runner, "up"));
		} finally {
			api.stop(0);
		}
	}

	/**
	 * A target failed and nothing waits for it any more (its record a dead letter, no retry policy): /health is up again
	 * a quiet time after the failure (a minute; here 1.5 s), not degraded until the next record reaches it — which a
	 * probe taking the runner out of rotation for it would never let come (review 35). /health/live, for probes, is 200
	 * throughout; a path that only starts like one is 404. Seen failing before the change (degraded for good).
	 */
	@Test
	void aFailedTargetWithNothingWaitingIsUpAgainAfterAQuietTime(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		HttpServer api = api(0);
		String base = "http://127.0.0.1:" + api.getAddress().getPort();
		api.stop(0);
		RunnerOptions options = RunnerTestProjects.options(generated, root, Map.of("BASE", base, "QKEY", HttpTargetProject.QKEY,
				"BASIC_CREDS", "alice:s3cr3t-pass")).withPorts("127.0.0.1", 0, 0);
		System.setProperty("isthmus.failingQuietMillis", "1500");
		try (Runner runner = Runner.start(options)) {
			await("the runner up", () -> healthSays(runner, "up"));
			post(runner, "{\"id\":\"p1\",\"path\":\"ok\",\"name\":\"n1\"}");
			await("/health degraded, naming the target that cannot be reached",
					() -> healthSays(runner, "degraded", "\"failing\":{\"target web.Api.items\":", "cannot reach"));
			java.net.http.HttpResponse<String> live = RunnerHealth.management(runner, "/health/live");
			assertEquals(200, live.statusCode(), live.body());
			assertEquals("{\"status\":\"up\",\"state\":\"running\"}", live.body());
			await("the record's dead letter", () -> anyDeadLetter(generated, root, l -> String.valueOf(l.reason()).contains("cannot reach")));
			await("/health up again, nothing waiting for the target", () -> healthSays(runner, "up"));
			assertEquals(404, RunnerHealth.management(runner, "/healthz").statusCode());
			assertEquals(404, RunnerHealth.management(runner, "/metrics.bak").statusCode());
			assertEquals(200, RunnerHealth.management(runner, "/metrics").statusCode());
			java.net.http.HttpResponse<String> posted = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
					java.net.URI.create("http://127.0.0.1:" + runner.managementPort() + "/health/live")).POST(java.net.http.HttpRequest.BodyPublishers
							.ofString("x")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertEquals(405, posted.statusCode(), posted.body());
			assertEquals("GET, HEAD", posted.headers().firstValue("Allow").orElse(null));
		} finally {
			System.clearProperty("isthmus.failingQuietMillis");
		}
	}

	/** An API on loopback at {@code port} (0: any) that refuses a record under /bad/ with 422 and takes any other. */
	private static HttpServer api(int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
		server.createContext("/", exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				boolean bad = exchange.getRequestURI().getPath().startsWith("/bad/");
				byte[] body = (bad ? "{\"error\":\"name is not allowed\"}" : "{}").getBytes();
				exchange.sendResponseHeaders(bad ? 422 : 200, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		server.start();
		return server;
	}
}
