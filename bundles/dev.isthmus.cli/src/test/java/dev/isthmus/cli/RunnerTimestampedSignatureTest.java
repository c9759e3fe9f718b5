package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.ShopProject.CLIENT;
import static dev.isthmus.cli.ShopProject.JSON;
import static dev.isthmus.cli.ShopProject.SIGNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.cli.RunnerWebhookTest.Ledger;
import dev.isthmus.runner.Runner;

/**
 * A sender that signs a timestamp of its own header with the body, as Zendesk's webhooks do
 * ({@code base64(HMAC-SHA256(timestamp + body))}, the timestamp an ISO-8601 instant in
 * {@code X-Zendesk-Webhook-Signature-Timestamp}): the shop project's webhook, signed that way instead of as Stripe
 * signs. Before, the language had no way to say so, and a plain {@code hmac-sha256} refused every such request.
 */
class RunnerTimestampedSignatureTest {

	private static final String SIGNATURE = "X-Zendesk-Webhook-Signature";
	private static final String TIMESTAMP = "X-Zendesk-Webhook-Signature-Timestamp";

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate(@TempDir Path sources) throws Exception {
		RunnerTestProjects.copy(RunnerTestProjects.sources(ShopProject.NAME), sources);
		RunnerTestProjects.edit(sources.resolve("orders.isl"), isl -> isl.replace(
				"signature stripe header \"Stripe-Signature\" secret env SHOP_WEBHOOK_SECRET tolerance 5min",
				"signature hmac-sha256 header \"" + SIGNATURE + "\" timestamp \"" + TIMESTAMP + "\" signs \"{timestamp}{body}\""
						+ " secret env SHOP_WEBHOOK_SECRET tolerance 2min"));
		RunnerTestProjects.generateFrom(sources, generated);
	}

	private static String sign(String timestamp, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SIGNING.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + body).getBytes(StandardCharsets.UTF_8)));
	}

	private static HttpResponse<String> post(int port, String body, String timestamp, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
				.POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
		if (timestamp != null) {
			request.header(TIMESTAMP, timestamp);
		}
		if (signature != null) {
			request.header(SIGNATURE, signature);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String error(HttpResponse<String> answer) throws Exception {
		return JSON.readTree(answer.body()).path("error").asText();
	}

	@Test
	void aSignedTimestampIsCheckedAndTheSameRequestAgainIsNotJournaledTwice(@TempDir Path root) throws Exception {
		try (Ledger ledger = new Ledger(); Runner runner = Runner.start(ShopProject.options(generated, root,
				"http://127.0.0.1:" + ledger.server.getAddress().getPort(), new ByteArrayOutputStream()))) {
			int port = runner.webhookPort();
			String body = ShopProject.order("z-1", "c-1", 1250);
			String now = Instant.now().toString();
			HttpResponse<String> first = post(port, body, now, sign(now, body));
			assertEquals(202, first.statusCode(), first.body());
			// The very same request again within the tolerance: a replay or a re-send, answered as accepted before.
			HttpResponse<String> again = post(port, body, now, sign(now, body));
			assertEquals(202, again.statusCode(), again.body());
			assertEquals(JSON.readTree(first.body()).get("accepted"), JSON.readTree(again.body()).get("accepted"), again.body());
			assertTrue(JSON.readTree(again.body()).path("duplicate").asBoolean(), again.body());

			// The same body signed over another timestamp in the same second is another request (it was taken for a
			// replay, keyed by the second): journaled, and the flow's idempotency key is what skips it.
			String third = ShopProject.order("z-3", "c-1", 7);
			String whole = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
			String part = Instant.parse(whole).plusMillis(500).toString();
			HttpResponse<String> atWhole = post(port, third, whole, sign(whole, third));
			HttpResponse<String> atPart = post(port, third, part, sign(part, third));
			assertEquals(202, atWhole.statusCode(), atWhole.body());
			assertEquals(202, atPart.statusCode(), atPart.body());
			assertTrue(!JSON.readTree(atPart.body()).path("duplicate").asBoolean(), atPart.body());

			String other = ShopProject.order("z-2", "c-1", 99);
			// The timestamp is signed: changed in transit, the signature no longer holds.
			HttpResponse<String> moved = post(port, other, Instant.now().plusSeconds(1).toString(), sign(now, other));
			assertEquals(401, moved.statusCode(), moved.body());
			assertTrue(error(moved).startsWith("the signature does not match the body and timestamp"), moved.body());
			String old = Instant.now().minusSeconds(600).toString();
			HttpResponse<String> stale = post(port, other, old, sign(old, other));
			assertEquals(401, stale.statusCode(), stale.body());
			assertTrue(error(stale).contains("beyond the tolerance of 120 s"), stale.body());
			HttpResponse<String> unstamped = post(port, other, null, sign(now, other));
			assertEquals(401, unstamped.statusCode(), unstamped.body());
			assertEquals("the " + TIMESTAMP + " header is missing (it carries the timestamp the signature signs)", error(unstamped));

			await("the signed orders delivered", () -> ledger.correlationByOrder.keySet().containsAll(List.of("z-1", "z-3")));
			assertEquals(java.util.Set.of("z-1", "z-3"), java.util.Set.copyOf(ledger.correlationByOrder.keySet()),
					"the refused ones were not delivered");
			assertEquals(List.of(), deadLetters(generated, root));
		}
	}
}
