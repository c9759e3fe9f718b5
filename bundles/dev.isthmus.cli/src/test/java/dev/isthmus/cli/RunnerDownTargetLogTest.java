package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.HttpTargetProject.JSON;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * What the log says of an HTTP target that stays down while records keep arriving one at a time, each a batch of its
 * own: a review found 4 lines per record (3 {@code delivery.retrying}, 1 {@code delivery.dead-lettered}), about 400
 * lines a second at 100 records a second. Now the first record failing for a reason is said at once, the others are
 * counted into a line at growing intervals and into {@code delivery.resumed} once the target delivers again — the
 * records' URLs and the answers' excerpts differ, the reason is the same — and the next failure is said at once. A
 * record refused for its own data (a 422) is still a line of its own.
 */
class RunnerDownTargetLogTest {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();
	private static final int RECORDS = 30;
	/** The project's flow Retried: retry 3 times, fixed 1 s. */
	private static final int RETRIES = 3;

	@Test
	void aTargetThatStaysDownIsSaidOnceThenCountedAndAgainAtOnceAfterItDelivers(@TempDir Path generated, @TempDir Path root)
			throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<String> requests = new CopyOnWriteArrayList<>();
		HttpServer api = api(requests);
		try (Runner runner = Runner.start(options(generated, root, api, log))) {
			sendToTheDownTarget(runner, requests, "n", RECORDS);
			await("every record dead-lettered after its retries", () -> deadLetterCount(generated, root) == RECORDS);
			List<JsonNode> retrying = lines(log, "delivery.retrying");
			List<JsonNode> dead = lines(log, "delivery.dead-lettered");
			// Not a line per record and attempt (90 and 30 of them): a line at once, then at 10 s, 30 s, 70 s, ...
			assertTrue(retrying.size() <= 5, retrying.size() + " retrying lines for one outage:\n" + text(log));
			assertTrue(dead.size() <= 5, dead.size() + " dead-lettered lines for one outage:\n" + text(log));
			// Said at once, each line naming its record's URL in its reason, the first saying the others are counted.
			assertTrue(!retrying.isEmpty() && retrying.get(0).path("reason").asText().startsWith("HTTP 503 from POST"), text(log));
			assertTrue(retrying.get(0).path("message").asText().contains("counted"), text(log));
			assertTrue(!dead.isEmpty() && dead.get(0).path("reason").asText().startsWith("gave up after 4 attempts: HTTP 503"), text(log));

			post(runner, "/retried", "{\"id\":\"ok1\",\"path\":\"ok\",\"name\":\"back\"}");
			await("the target's recovery said, with what was not said", () -> !lines(log, "delivery.resumed").isEmpty());
			JsonNode resumed = lines(log, "delivery.resumed").get(0);
			// Lines and counts add up to what failed: no record's failure is lost from the log.
			assertEquals(RECORDS * RETRIES, said(retrying, "retriedUnsaid") + resumed.path("retriedUnsaid").asLong(), text(log));
			assertEquals(RECORDS, said(dead, "deadLetteredUnsaid") + resumed.path("deadLetteredUnsaid").asLong(), text(log));

			// After the target delivered, its next failure is new: said at once.
			post(runner, "/retried", "{\"id\":\"again\",\"path\":\"busy\",\"name\":\"again\"}");
			await("the first failure after the recovery said at once", () -> lines(log, "delivery.retrying").stream()
					.anyMatch(l -> l.path("reason").asText().contains("/busy/item/again")));
			// and its end too, though nothing went unsaid (review 39: no line ended an alert raised by a single failure)
			post(runner, "/retried", "{\"id\":\"ok2\",\"path\":\"ok\",\"name\":\"back again\"}");
			await("the recovery after a single failure said", () -> lines(log, "delivery.resumed").size() == 2);
			assertEquals(0, lines(log, "delivery.resumed").get(1).path("retriedUnsaid").asLong(), text(log));

			// A record refused for its own data is about that record: a line each.
			for (int i = 0; i < 3; i++) {
				post(runner, "/plain", "{\"id\":\"b" + i + "\",\"path\":\"bad\",\"name\":\"b" + i + "\"}");
			}
			await("each refused record said", () -> lines(log, "delivery.dead-lettered").stream()
					.filter(l -> l.path("reason").asText().startsWith("refused: HTTP 422")).count() == 3);
		} finally {
			api.stop(0);
		}
	}

	/**
	 * The runner stops while the target is still down: what was counted since the last lines is said as it stops
	 * ({@code delivery.unsaid}), so lines and counts still add up to what failed. (Before, the counts went with the runner.)
	 */
	@Test
	void whatWasCountedIsSaidWhenTheRunnerStopsWhileTheTargetIsDown(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<String> requests = new CopyOnWriteArrayList<>();
		HttpServer api = api(requests);
		int records = 10;
		try {
			try (Runner runner = Runner.start(options(generated, root, api, log))) {
				sendToTheDownTarget(runner, requests, "s", records);
				await("every record dead-lettered after its retries", () -> deadLetterCount(generated, root) == records);
			}
			List<JsonNode> unsaid = lines(log, "delivery.unsaid");
			assertEquals(1, unsaid.size(), text(log));
			assertEquals(records * RETRIES, said(lines(log, "delivery.retrying"), "retriedUnsaid") + unsaid.get(0).path("retriedUnsaid").asLong(),
					text(log));
			assertEquals(records, said(lines(log, "delivery.dead-lettered"), "deadLetteredUnsaid")
					+ unsaid.get(0).path("deadLetteredUnsaid").asLong(), text(log));
		} finally {
			api.stop(0);
		}
	}

	/**
	 * Posts {@code count} records for the failing path, each waiting for its first attempt before the next arrives: each
	 * record a batch of its own.
	 */
	private static void sendToTheDownTarget(Runner runner, List<String> requests, String prefix, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			String name = prefix + i;
			post(runner, "/retried", "{\"id\":\"" + name + "\",\"path\":\"busy\",\"name\":\"" + name + "\"}");
			await("the first attempt of " + name, () -> requests.contains("/busy/item/" + name));
		}
	}

	/** The records a target's failure lines say: one each, and the records they count as not said before them. */
	private static long said(List<JsonNode> lines, String unsaid) {
		return lines.stream().mapToLong(l -> 1 + l.path(unsaid).asLong()).sum();
	}

	private static long deadLetterCount(Path generated, Path root) {
		try {
			return deadLetters(generated, root).size();
		} catch (SQLException e) {
			return -1; // busy: asked again
		}
	}

	private static List<JsonNode> lines(ByteArrayOutputStream log, String event) {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : text(log).split("\n")) {
			if (line.contains("\"" + event + "\"")) {
				try {
					lines.add(JSON.readTree(line));
				} catch (IOException e) {
					throw new UncheckedIOException(line, e);
				}
			}
		}
		return lines;
	}

	/**
	 * The target on loopback: under /busy/ a 503 whose excerpt names the record (as many APIs' do), under /bad/ a 422,
	 * anything else taken. Notes each request's path.
	 */
	private static HttpServer api(List<String> requests) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		server.createContext("/", exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				String path = exchange.getRequestURI().getPath();
				requests.add(path);
				int status = switch (path.split("/")[1]) {
					case "busy" -> 503;
					case "bad" -> 422;
					default -> 200;
				};
				byte[] body = (status == 200 ? "{}" : "{\"error\":\"cannot take " + path + " now\"}").getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, body.length);
				exchange.getResponseBody().write(body);
			}
		});
		server.start();
		return server;
	}

	private static RunnerOptions options(Path generated, Path root, HttpServer api, ByteArrayOutputStream log) {
		Map<String, String> env = new HashMap<>();
		env.put("BASE", "http://127.0.0.1:" + api.getAddress().getPort());
		env.put("QKEY", HttpTargetProject.QKEY);
		env.put("BASIC_CREDS", "alice:s3cr3t-pass");
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(env::get)
				.withLog(RunnerTestProjects.print(log));
	}

	private static void post(Runner runner, String path, String record) throws Exception {
		HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.webhookPort() + path))
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(record)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());
	}
}
