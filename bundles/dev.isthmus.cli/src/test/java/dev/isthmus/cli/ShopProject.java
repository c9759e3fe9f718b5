package dev.isthmus.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.RunnerOptions;

/**
 * The shop project ({@code src/test/resources/runner}) as its senders and the runner's tests see it: orders posted
 * to its webhook, signed as Stripe signs them, delivered to a ledger's API with a bearer token.
 */
final class ShopProject {

	static final String NAME = "runner";
	static final String SIGNING = "whsec_test_3f9a1c77e2";
	static final String TOKEN = "ledger-token-8d41b0";
	static final ObjectMapper JSON = new ObjectMapper();
	static final HttpClient CLIENT = HttpClient.newHttpClient();

	private ShopProject() {
	}

	/** A run on loopback (any free ports, a 64 KiB body limit) delivering to the ledger at {@code ledgerUrl}. */
	static RunnerOptions options(Path generated, Path root, String ledgerUrl, ByteArrayOutputStream log) {
		Map<String, String> env = new HashMap<>();
		env.put("SHOP_WEBHOOK_SECRET", SIGNING);
		env.put("LEDGER_URL", ledgerUrl);
		env.put("LEDGER_TOKEN", TOKEN);
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, 0).withEnvironment(env::get)
				.withLog(RunnerTestProjects.print(log)).withBodyLimit(64 * 1024);
	}

	/** The Stripe-Signature header of {@code body} sent at {@code timestamp}, signed with {@code secret}. */
	static String signature(String body, long timestamp, String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
	}

	/** POSTs {@code body} to the webhook, with the signature header given (none if null). */
	static HttpResponse<String> post(int port, String body, String signatureHeader) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
				.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signatureHeader != null) {
			request.header("Stripe-Signature", signatureHeader);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** POSTs {@code body} to the webhook, signed now with the shop's secret. */
	static HttpResponse<String> signed(int port, String body) throws Exception {
		return post(port, body, signature(body, Instant.now().getEpochSecond(), SIGNING));
	}

	static String order(String id, String customer, int amount) {
		return "{\"id\":\"" + id + "\",\"customer\":\"" + customer + "\",\"amount\":" + amount + "}";
	}

	/** What {@code uri} (the management port's /metrics) answers; empty if it does not. */
	static String scrape(URI uri) {
		try {
			return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
		} catch (IOException | InterruptedException e) {
			return "";
		}
	}
}
