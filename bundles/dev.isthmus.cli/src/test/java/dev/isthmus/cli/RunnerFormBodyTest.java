package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A {@code form} record as an API that takes only application/x-www-form-urlencoded bodies (Stripe's v1 API) receives
 * it from the runner: the body decodes as a form whose names nest in brackets and index lists, values as the record
 * holds them, nulls left out, sent with the form's Content-Type, or with the endpoint's own when it names one. Before,
 * the record went as JSON and such an API refused it.
 */
class RunnerFormBodyTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate("runner-form", generated);
	}

	@Test
	void aFormRecordIsSentAsAFormStripeCanRead(@TempDir Path root) throws Exception {
		try (FormTarget target = new FormTarget()) {
			Runner.once(options(root, target).withFeeds(List.of(feed(root, "orders", """
					{"id":"ord_1","customer":"Zoë & Co = 1+1 [vip]","note":null,"amount":10.50,"paid":true,
					 "items":[{"price":"price_A","quantity":2},{"price":"price_B","quantity":1}],"tags":["a b","c/d"]}"""))));
			assertEquals(1, target.requests.size(), target.requests.toString());
			Request request = target.requests.get(0);
			assertEquals("POST /v1/invoices", request.line());
			assertEquals("application/x-www-form-urlencoded", request.contentType());
			assertEquals(List.of("customer", "amount", "paid", "metadata[order_id]", "lines[0][price]", "lines[0][quantity]",
					"lines[1][price]", "lines[1][quantity]", "tags[0]", "tags[1]"), List.copyOf(request.form().keySet()), request.body());
			assertEquals("Zoë & Co = 1+1 [vip]", request.form().get("customer"), request.body());
			assertEquals("10.50", request.form().get("amount"), request.body());
			assertEquals("true", request.form().get("paid"));
			assertEquals("ord_1", request.form().get("metadata[order_id]"));
			assertEquals("price_B", request.form().get("lines[1][price]"));
			assertEquals("2", request.form().get("lines[0][quantity]"));
			assertEquals("a b", request.form().get("tags[0]"));
			assertEquals("c/d", request.form().get("tags[1]"));
			// a null is left out, not sent empty (which would tell Stripe to clear the field)
			assertTrue(!request.body().contains("description") && !request.body().contains("note"), request.body());
			assertTrue(deadLetters(generated, root).isEmpty());
		}
	}

	@Test
	void anEndpointsOwnContentTypeIsSentInPlaceOfTheForms(@TempDir Path root) throws Exception {
		try (FormTarget target = new FormTarget()) {
			Runner.once(options(root, target).withFeeds(List.of(feed(root, "typedOrders", """
					{"id":"ord_2","customer":"cus_9","note":"rush","amount":3,"paid":false,"items":[],"tags":[]}"""))));
			assertEquals(1, target.requests.size(), target.requests.toString());
			Request request = target.requests.get(0);
			assertEquals("PUT /v1/typed/cus_9", request.line());
			assertEquals("application/x-www-form-urlencoded; charset=utf-8", request.contentType());
			// empty lists send nothing; the rest is the same form
			assertEquals(Map.of("customer", "cus_9", "description", "rush", "amount", "3", "paid", "false", "metadata[order_id]", "ord_2",
					"metadata[note]", "rush"), request.form(), request.body());
		}
	}

	private static RunnerOptions options(Path root, FormTarget target) {
		Map<String, String> env = Map.of("BASE", target.url(), "STRIPE_KEY", "sk_test_form");
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(env::get)
				.withLog(RunnerTestProjects.nowhere());
	}

	private static RunnerOptions.Feed feed(Path root, String endpoint, String record) throws IOException {
		Path file = Files.createTempFile(Files.createDirectories(root), endpoint, ".ndjson");
		Files.writeString(file, record.replace("\n", "") + "\n");
		return new RunnerOptions.Feed("Shop." + endpoint, file);
	}

	/** A request as the target received it: method and path, Content-Type, and the body as text. */
	private record Request(String line, String contentType, String body) {

		/** The body decoded as a form reader decodes it (UTF-8, {@code +} a space), in the order sent. */
		Map<String, String> form() {
			Map<String, String> form = new LinkedHashMap<>();
			if (body.isEmpty()) {
				return form;
			}
			for (String pair : body.split("&")) {
				int eq = pair.indexOf('=');
				if (eq < 0) {
					throw new AssertionError("not a form body: " + body);
				}
				String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
				if (form.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
					throw new AssertionError(name + " is sent twice: " + body);
				}
			}
			return form;
		}
	}

	/** A target on loopback that notes each request and answers 200. */
	private static final class FormTarget implements AutoCloseable {
		private final LoopbackServer server;
		final List<Request> requests = new CopyOnWriteArrayList<>();

		FormTarget() throws IOException {
			server = new LoopbackServer(exchange -> {
				try (exchange) {
					String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
					requests.add(new Request(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
							exchange.getRequestHeaders().getFirst("Content-Type"), body));
					byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(200, answer.length);
					exchange.getResponseBody().write(answer);
				}
			});
		}

		String url() {
			return server.url();
		}

		@Override
		public void close() {
			server.close();
		}
	}
}
