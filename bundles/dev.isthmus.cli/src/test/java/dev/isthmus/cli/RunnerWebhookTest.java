package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.RunnerTestProjects.anyDeadLetter;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.ShopProject.CLIENT;
import static dev.isthmus.cli.ShopProject.JSON;
import static dev.isthmus.cli.ShopProject.SIGNING;
import static dev.isthmus.cli.ShopProject.signature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * What a webhook sender sees of the runner's webhook, on loopback with the shop project's signed endpoint: which
 * bodies, content types, methods and paths are refused and how, that a record whose values do not fit its declared
 * types is a dead letter at the source, that each request is a record of its own (its own correlation id), and that
 * the same signed request again is not journaled twice.
 */
class RunnerWebhookTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
	}

	/** The ledger's API, recording each delivery's order id with its X-Correlation-Id header. */
	static final class Ledger implements AutoCloseable {
		final HttpServer server;
		final Map<String, String> correlationByOrder = new ConcurrentHashMap<>();

		Ledger() throws Exception {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
			server.createContext("/entries", exchange -> {
				try (exchange) {
					JsonNode body = JSON.readTree(exchange.getRequestBody());
					correlationByOrder.put(body.path("orderId").asText(), exchange.getRequestHeaders().getFirst("X-Correlation-Id"));
					exchange.sendResponseHeaders(201, -1);
				}
			});
			server.start();
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}

	private static Runner start(Path root, Ledger ledger) throws Exception {
		return Runner.start(ShopProject.options(generated, root, "http://127.0.0.1:" + ledger.server.getAddress().getPort(),
				new ByteArrayOutputStream()));
	}

	private static HttpResponse<String> send(int port, String body, String contentType) throws Exception {
		return send(port, body, contentType, signature(body, Instant.now().getEpochSecond(), SIGNING));
	}

	private static HttpResponse<String> send(int port, String body, String contentType, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
				.POST(HttpRequest.BodyPublishers.ofString(body)).header("Stripe-Signature", signature);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> request(int port, String method, String path) throws Exception {
		return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aBodyThatIsNotOneJsonObjectIsRefusedWith400AndSaysWhy(@TempDir Path root) throws Exception {
		try (Ledger ledger = new Ledger(); Runner runner = start(root, ledger)) {
			int port = runner.webhookPort();
			Map<String, String> bodies = new java.util.LinkedHashMap<>();
			bodies.put("", "the body is empty; send one JSON object");
			bodies.put("null", "the body is null; a webhook takes one JSON object per request");
			bodies.put("\"str\"", "the body is a JSON string; a webhook takes one JSON object per request");
			bodies.put("123", "the body is a JSON number; a webhook takes one JSON object per request");
			bodies.put("[1,2]", "the body is a JSON array; a webhook takes one JSON object per request");
			bodies.put("{\"id\":\"o-1\"} {\"id\":\"o-2\"}", "the body holds more than one JSON value (the second starts at line 1, column 14);"
					+ " a webhook takes one JSON object per request");
			// Where, and in the parser's words less those naming its settings (StreamReadFeature, JsonReadFeature).
			bodies.put("{\"id\":\"o-4\",\"amount\":NaN}\n", "the body is not JSON at line 1, column 25: Non-standard token 'NaN'\"");
			bodies.put("{\"id\":\"o-6\",\"amount\":+1}", "the body is not JSON at line 1, column 23: Unexpected character ('+' (code 43)) in"
					+ " numeric value: JSON spec does not allow numbers to have plus signs\"");
			bodies.put("{\"id\":\"o-7\" /* a note */}", "the body is not JSON at line 1, column 13: Unexpected character ('/' (code 47)):"
					+ " maybe a (non-standard) comment? (JSON has none)\"");
			bodies.put("{\"id\":\"o-8\",\"amount\":" + "1".repeat(1200) + "}", "the body is not JSON: Number value length (1200) exceeds the"
					+ " maximum allowed (1000)\"");
			bodies.put("{\"id\":\"o-5\",\n\"amount\":[1,2}", "the body is not JSON at line 2, column 14: Unexpected close marker '}':"
					+ " expected ']' (for Array starting at [line: 2, column: 10])");
			// Taken last-wins, the amount was 10000 here, where another reader of the same signed body may take 10.
			bodies.put("{\"id\":\"o-3\",\"customer\":\"c\",\"amount\":10,\"amount\":10000}", "the body is refused: the field \"amount\" is"
					+ " named twice in one object (the second time just before line 1, column 48): which of its values is meant cannot be told; name each field once");
			for (Map.Entry<String, String> b : bodies.entrySet()) {
				HttpResponse<String> answer = send(port, b.getKey(), "application/json");
				assertEquals(400, answer.statusCode(), b.getKey() + " -> " + answer.body());
				// (an expectation ending in a quote is the whole message)
				String error = JSON.readTree(answer.body()).path("error").asText();
				assertTrue(b.getValue().endsWith("\"") ? (error + "\"").equals(b.getValue()) : error.startsWith(b.getValue()), b.getKey() + " -> " + answer.body());
			}
			assertEquals(List.of(), deadLetters(generated, root), "nothing refused was journaled");
		}
	}

	/**
	 * A number beyond a double's range is taken, as a file's record takes it (decimals are exact): the flow then
	 * judges it against the record's declared types. (The webhook alone refused it with a 400.)
	 */
	@Test
	void aNumberBeyondADoubleIsTakenAndJudgedByTheFlowAsFromAFile(@TempDir Path root) throws Exception {
		try (Ledger ledger = new Ledger(); Runner runner = start(root, ledger)) {
			HttpResponse<String> answer = send(runner.webhookPort(), "{\"id\":\"o-big\",\"customer\":\"c\",\"amount\":1.5e400}",
					"application/json");
			assertEquals(202, answer.statusCode(), answer.body());
			await("the order dead-lettered by its flow", () -> anyDeadLetter(generated, root,
					d -> d.reason().contains("amount is 1.5E+400, out of an integer's range")));
		}
	}

	@Test
	void onlyJsonInUtf8IsTakenA415Otherwise(@TempDir Path root) throws Exception {
		try (Ledger ledger = new Ledger(); Runner runner = start(root, ledger)) {
			int port = runner.webhookPort();
			String order = "{\"id\":\"o-%s\",\"customer\":\"c\",\"amount\":100}";
			HttpResponse<String> text = send(port, order.formatted(1), "text/plain");
			assertEquals(415, text.statusCode(), text.body());
			assertTrue(text.body().contains("the Content-Type is text/plain; a webhook takes JSON"), text.body());
			HttpResponse<String> latin = send(port, order.formatted(2), "application/json; charset=ISO-8859-1");
			assertEquals(415, latin.statusCode(), latin.body());
			assertTrue(latin.body().contains("charset"), latin.body());
			assertEquals(202, send(port, order.formatted(3), "application/json").statusCode());
			assertEquals(202, send(port, order.formatted(4), "Application/JSON; charset=\"UTF-8\"").statusCode());
			assertEquals(202, send(port, order.formatted(5), "application/vnd.shop.order+json").statusCode());
			assertEquals(202, send(port, order.formatted(6), null).statusCode(), "a sender that names no type is taken");
		}
	}

	@Test
	void headAndUnknownPathsAreAnsweredPlainlyAndTheJdkLogsNothing(@TempDir Path root) throws Exception {
		List<LogRecord> jdk = new ArrayList<>();
		// What the JDK's server logs reaches standard error through the root logger's console handler, between the
		// runner's JSON lines; a handler of our own sees what it would print.
		java.util.logging.Logger jdkLog = java.util.logging.Logger.getLogger("com.sun.net.httpserver");
		Handler seen = new Handler() {
			@Override
			public void publish(LogRecord record) {
				if (record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
					synchronized (jdk) {
						jdk.add(record);
					}
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		jdkLog.addHandler(seen);
		try (Ledger ledger = new Ledger(); Runner runner = start(root, ledger)) {
			int port = runner.webhookPort();
			HttpResponse<String> head = request(port, "HEAD", "/orders");
			assertEquals(405, head.statusCode());
			assertEquals("POST", head.headers().firstValue("Allow").orElse(null));
			for (String path : List.of("/nowhere", "/orders/", "/orders/x", "//shop/nowhere", "//shop/orders")) {
				HttpResponse<String> missing = request(port, "GET", path);
				assertEquals(404, missing.statusCode(), path);
				assertEquals("no webhook at " + path, missing.body(), path);
				assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), path);
			}
			assertEquals(404, request(port, "HEAD", "/nowhere").statusCode());
			HttpResponse<String> health = request(runner.managementPort(), "HEAD", "/health");
			assertEquals(200, health.statusCode());
		} finally {
			jdkLog.removeHandler(seen);
		}
		synchronized (jdk) {
			assertEquals(List.of(), jdk.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList(), "the JDK's server logged");
		}
	}

	@Test
	void eachRequestIsARecordOfItsOwnWithItsOwnCorrelationId(@TempDir Path root) throws Exception {
		try (Ledger ledger = new Ledger(); Runner runner = start(root, ledger)) {
			int port = runner.webhookPort();
			List<Long> ids = new ArrayList<>();
			for (String id : List.of("c-1", "c-2")) {
				HttpResponse<String> answer = send(port, "{\"id\":\"" + id + "\",\"customer\":\"c\",\"amount\":100}", "application/json");
				assertEquals(202, answer.statusCode(), answer.body());
				ids.add(JSON.readTree(answer.body()).path("accepted").get(0).asLong());
			}
			await("both delivered", () -> ledger.correlationByOrder.size() == 2);
			// The flow does not correlate by a field: the correlation id is the request's, the journal's id of it.
			assertEquals("shop.OrdersToLedger@webhook:/orders#" + ids.get(0), ledger.correlationByOrder.get("c-1"));
			assertEquals("shop.OrdersToLedger@webhook:/orders#" + ids.get(1), ledger.correlationByOrder.get("c-2"));
			assertNotEquals(ledger.correlationByOrder.get("c-1"), ledger.correlationByOrder.get("c-2"));
			try (dev.isthmus.runner.Trails letters = new dev.isthmus.runner.Trails(RunnerOptions.of(generated).withRoot(root).journal())) {
				List<String[]> trace = letters.traces(ledger.correlationByOrder.get("c-1"));
				assertFalse(trace.isEmpty(), "isthmus trace finds the record");
				assertTrue(trace.stream().allMatch(t -> String.join(" ", t).contains("c-1") && !String.join(" ", t).contains("c-2")),
						"and only that record");
			}
		}
	}

	@Test
	void theSameSignedRequestAgainIsAnsweredAsAcceptedBeforeAndNotJournaledTwice(@TempDir Path root) throws Exception {
		try (Ledger ledger = new Ledger(); Runner runner = start(root, ledger)) {
			int port = runner.webhookPort();
			String body = "{\"id\":\"r-1\",\"customer\":\"c\",\"amount\":100}";
			String header = signature(body, Instant.now().getEpochSecond(), SIGNING);
			HttpResponse<String> first = send(port, body, "application/json", header);
			assertEquals(202, first.statusCode(), first.body());
			// A replay, or a sender that never got our 202 sending the very same request: a 2xx (a 401 would make a
			// retrying sender give up on a record we have), naming what was accepted the first time.
			HttpResponse<String> again = send(port, body, "application/json", header);
			assertEquals(202, again.statusCode(), again.body());
			assertEquals(JSON.readTree(first.body()).get("accepted"), JSON.readTree(again.body()).get("accepted"), again.body());
			assertTrue(JSON.readTree(again.body()).path("duplicate").asBoolean(), again.body());
			// Signed again (a new timestamp) it is a new request: journaled, and the flow's key skips it.
			HttpResponse<String> resent = send(port, body, "application/json", signature(body, Instant.now().getEpochSecond() - 30, SIGNING));
			assertEquals(202, resent.statusCode());
			assertNotEquals(JSON.readTree(first.body()).get("accepted"), JSON.readTree(resent.body()).get("accepted"));
		}
	}

	@Test
	void aRecordWhoseValuesDoNotFitItsDeclaredTypesIsADeadLetterAtTheSource(@TempDir Path root) throws Exception {
		try (Ledger ledger = new Ledger(); Runner runner = start(root, ledger)) {
			int port = runner.webhookPort();
			Map<String, String> bodies = new java.util.LinkedHashMap<>();
			bodies.put("{\"id\":\"e2\",\"customer\":\"c\",\"amount\":\"x\"}", "amount must be an integer, found the string \"x\"");
			bodies.put("{}", "id is required");
			bodies.put("{\"id\":null,\"customer\":\"c\",\"amount\":1}", "id is required");
			bodies.put("{\"id\":\"e3\",\"customer\":\"c\",\"amount\":12.5}", "amount must be an integer, found the number 12.5");
			for (String body : bodies.keySet()) {
				assertEquals(202, send(port, body, "application/json").statusCode(), body);
			}
			assertEquals(202, send(port, "{\"id\":\"fine\",\"customer\":\"c\",\"amount\":100,\"extra\":[1]}", "application/json").statusCode());
			await("the fitting record delivered", () -> ledger.correlationByOrder.containsKey("fine"));
			await("the others dead-lettered", () -> {
				try {
					return deadLetters(generated, root).size() == bodies.size();
				} catch (java.sql.SQLException e) {
					return false;
				}
			});
			for (DeadLetters.DeadLetter d : deadLetters(generated, root)) {
				String expected = bodies.get(d.record());
				assertTrue(expected != null, d.record());
				assertEquals("from shop.Shop.orders", d.step(), d.reason());
				assertTrue(d.reason().startsWith("from shop.Shop.orders: the record does not fit shop.Shop.Order: " + expected), d.reason());
			}
			assertEquals(java.util.Set.of("fine"), ledger.correlationByOrder.keySet(), "only the fitting record reached the ledger");
		}
	}
}
