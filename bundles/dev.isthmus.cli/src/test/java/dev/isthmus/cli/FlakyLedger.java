package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.sleep;
import static dev.isthmus.cli.ShopProject.JSON;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The shop's ledger on loopback: records each accepted delivery by its Idempotency-Key; fails, hangs or refuses as
 * told, and at random (a fixed seed) until it is {@link #healed}.
 */
final class FlakyLedger implements AutoCloseable {
	final HttpServer server;
	final Map<String, Integer> acceptedByKey = new ConcurrentHashMap<>();
	final Map<String, String> keyByOrder = new ConcurrentHashMap<>();
	final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
	/** Answers other than 2xx by order (a timed-out request too: it gets its 503 after the runner gave up). */
	final Map<String, Integer> failuresByOrder = new ConcurrentHashMap<>();
	final AtomicBoolean healed = new AtomicBoolean();
	final Random random = new Random(42);

	FlakyLedger() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		server.setExecutor(Executors.newFixedThreadPool(8));
		server.createContext("/entries", exchange -> {
			try (exchange) {
				JsonNode body = JSON.readTree(exchange.getRequestBody());
				tokensSeen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
				String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
				double r;
				synchronized (random) {
					r = random.nextDouble();
				}
				int status;
				if (!healed.get() && body.path("customer").asText().equals("refused")) {
					status = 422; // a record the ledger will not take until someone fixes it
				} else if (!healed.get() && r < 0.3) {
					status = 500;
				} else if (!healed.get() && r < 0.4) {
					// counted before the wait, so a test that saw the runner give up sees it counted
					failuresByOrder.merge(body.path("orderId").asText(), 1, Integer::sum);
					sleep(800); // longer than the endpoint's 500 ms timeout: the runner gives up on this attempt
					status = 503;
				} else {
					status = 201;
				}
				if (status == 422 || status == 500) {
					failuresByOrder.merge(body.path("orderId").asText(), 1, Integer::sum);
				} else if (status == 201) {
					acceptedByKey.merge(key, 1, Integer::sum);
					String earlier = keyByOrder.putIfAbsent(body.path("orderId").asText(), key);
					if (earlier != null && !earlier.equals(key)) {
						keyByOrder.put(body.path("orderId").asText(), "TWO KEYS: " + earlier + " " + key);
					}
				}
				byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, answer.length);
				exchange.getResponseBody().write(answer);
			}
		});
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
