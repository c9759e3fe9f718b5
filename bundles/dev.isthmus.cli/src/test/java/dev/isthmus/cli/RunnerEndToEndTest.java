package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The runner end to end on loopback, all real parts: signed webhooks over HTTP into the journal (H2 files), the
 * ledger's API a real HTTP server that fails and hangs on purpose, dead letters replayed through the journal.
 */
class RunnerEndToEndTest {

	static final String SIGNING = "whsec_test_3f9a1c77e2";
	static final String TOKEN = "ledger-token-8d41b0";
	static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err)).run("generate", "src/test/resources/runner", "-o",
				generated.toString());
		assertEquals(IsthmusCommandLine.OK, code, text(err));
	}

	/** The ledger: records each accepted delivery by its Idempotency-Key; fails, hangs or refuses as told. */
	static final class Ledger implements AutoCloseable {
		final HttpServer server;
		final Map<String, Integer> acceptedByKey = new ConcurrentHashMap<>();
		final Map<String, String> keyByOrder = new ConcurrentHashMap<>();
		final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
		/** Answers other than 2xx by order (a timed-out request too: it gets its 503 after the runner gave up). */
		final Map<String, Integer> failuresByOrder = new ConcurrentHashMap<>();
		final AtomicBoolean healed = new AtomicBoolean();
		final Random random = new Random(42);

		Ledger() throws IOException {
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

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	static RunnerOptions options(Path root, String ledgerUrl, ByteArrayOutputStream log) {
		Map<String, String> env = new HashMap<>();
		env.put("SHOP_WEBHOOK_SECRET", SIGNING);
		env.put("LEDGER_URL", ledgerUrl);
		env.put("LEDGER_TOKEN", TOKEN);
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, 0).withEnvironment(env::get)
				.withLog(new PrintStream(log, true, StandardCharsets.UTF_8)).withBodyLimit(64 * 1024);
	}

	static String signature(String body, long timestamp, String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
	}

	static final HttpClient CLIENT = HttpClient.newHttpClient();

	static HttpResponse<String> post(int port, String body, String signatureHeader) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
				.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signatureHeader != null) {
			request.header("Stripe-Signature", signatureHeader);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> signed(int port, String body) throws Exception {
		return post(port, body, signature(body, Instant.now().getEpochSecond(), SIGNING));
	}

	static String order(String id, String customer, int amount) {
		return "{\"id\":\"" + id + "\",\"customer\":\"" + customer + "\",\"amount\":" + amount + "}";
	}

	/** Waits (bounded, so a hang fails the test instead of the build) until the condition holds. */
	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("gave up waiting: " + what);
			}
			sleep(50);
		}
	}

	/** Whether the journal (of a runner that may be running on it) has a dead letter such as {@code which}. */
	static boolean anyDeadLetter(Path generated, Path root, java.util.function.Predicate<DeadLetters.DeadLetter> which) {
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			return letters.list(DeadLetters.Filter.ALL).stream().anyMatch(which);
		} catch (java.sql.SQLException e) {
			return false; // not there yet, or busy: asked again
		}
	}

	static boolean settled(Runner runner, long received) {
		try {
			RunSummary s = runner.summary();
			long in = s.flows().stream().filter(f -> f.flow().equals("shop.OrdersToLedger")).mapToLong(RunSummary.FlowCounts::received).sum();
			long waiting = s.endpoints().stream().mapToLong(RunSummary.EndpointCounts::waiting).sum();
			return in >= received && waiting == 0;
		} catch (java.sql.SQLException e) {
			return false;
		}
	}

	@Test
	void aFlakyTargetEndsWithEveryRecordDeliveredOnceOrDeadLetteredAndReplayDeliversTheRest(@TempDir Path root) throws Exception {
		int orders = 120;
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Ledger ledger = new Ledger(); Runner runner = Runner.start(options(root, ledger.url(), log))) {
			for (int i = 1; i <= orders; i++) {
				String customer = i % 40 == 0 ? "refused" : "cus_" + (i % 7);
				assertEquals(202, signed(runner.webhookPort(), order("o-" + i, customer, 100 * i)).statusCode());
			}
			for (int i = 1; i <= 15; i++) {
				// A sender that did not see our answer sends again, signed anew (Stripe signs each attempt): the same
				// record, journaled again and skipped as a duplicate by the flow's key.
				String again = order("o-" + i, "cus_" + (i % 7), 100 * i);
				assertEquals(202, post(runner.webhookPort(), again, signature(again, Instant.now().getEpochSecond() - 60, SIGNING)).statusCode());
			}
			await("every delivery delivered or dead-lettered", () -> settled(runner, orders + 15));

			RunSummary summary = runner.summary();
			RunSummary.FlowCounts flow = summary.flows().stream().filter(f -> f.flow().equals("shop.OrdersToLedger")).findFirst().orElseThrow();
			assertEquals(15, flow.duplicates(), summary.render());
			List<DeadLetters.DeadLetter> dead;
			try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				dead = letters.list(DeadLetters.Filter.ALL);
			}
			Set<String> deadOrders = ConcurrentHashMap.newKeySet();
			for (DeadLetters.DeadLetter d : dead) {
				assertEquals("delivery", d.kind());
				assertEquals(d.correlation(), "shop.OrdersToLedger@" + d.origin(), "a delivery's dead letter names where its record came from");
				assertTrue(d.origin().startsWith("webhook:/orders#"), d.origin());
				assertTrue(d.attempts() != null && d.attempts().contains("\"attempt\":1"), d.attempts());
				deadOrders.add(JSON.readTree(d.record()).path("orderId").asText());
			}
			assertTrue(deadOrders.containsAll(Set.of("o-40", "o-80", "o-120")), "refused records are dead letters: " + deadOrders);
			assertTrue(dead.stream().anyMatch(d -> d.reason().startsWith("refused: HTTP 422")), "a 4xx is final");
			for (int i = 1; i <= orders; i++) {
				String id = "o-" + i;
				boolean delivered = ledger.keyByOrder.containsKey(id);
				assertTrue(delivered ^ deadOrders.contains(id), id + ": delivered " + delivered + ", dead " + deadOrders.contains(id));
			}
			ledger.acceptedByKey.forEach((key, times) -> assertEquals(1, times, "delivered twice under key " + key));
			assertFalse(ledger.keyByOrder.values().stream().anyMatch(k -> k.startsWith("TWO KEYS")), "one key per record");
			assertTrue(summary.endpoints().stream().filter(e -> e.endpoint().equals("shop.Ledger.entries")).findFirst().orElseThrow().retried() > 10, "the flaky ledger caused retries: " + summary.render());
			// /metrics counts each record that failed once, and each failed attempt apart.
			String metrics = scrape(URI.create("http://127.0.0.1:" + runner.managementPort() + "/metrics"));
			String labels = "{flow=\"shop.OrdersToLedger\",endpoint=\"shop.Ledger.entries\"} ";
			assertTrue(metrics.contains("isthmus_records_failed_total" + labels + ledger.failuresByOrder.size() + "\n"),
					ledger.failuresByOrder.size() + " records failed\n" + metrics);
			int attempts = ledger.failuresByOrder.values().stream().mapToInt(Integer::intValue).sum();
			assertTrue(metrics.contains("isthmus_delivery_failures_total" + labels + attempts + "\n"), attempts + " attempts failed\n" + metrics);

			// The ledger is fixed: the dead letters go again, with the keys they had, and arrive once.
			ledger.healed.set(true);
			try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				assertEquals(dead.size(), letters.replay(letters.list(DeadLetters.Filter.ALL)));
			}
			await("replayed dead letters delivered", () -> ledger.keyByOrder.size() == orders && settled(runner, orders + 15));
			ledger.acceptedByKey.forEach((key, times) -> assertEquals(1, times, "delivered twice under key " + key));
			assertEquals(orders, ledger.acceptedByKey.size());
			assertEquals(Set.of("Bearer " + TOKEN), ledger.tokensSeen);
		}
		assertFalse(log.toString(StandardCharsets.UTF_8).contains(TOKEN), "a secret reached the log");
	}

	/**
	 * A record whose delivery the target refuses gives its idempotency key back with its dead letter: the sender's
	 * corrected record, under the same id, is taken and delivered, not skipped as a duplicate of the refused one
	 * (it was, for the key's whole time to live). Once taken, the id is a duplicate again, after a restart too.
	 */
	@Test
	void aCorrectedRecordAfterARefusedDeliveryIsTakenNotSkipped(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Ledger ledger = new Ledger()) {
			try (Runner runner = Runner.start(options(root, ledger.url(), log))) {
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "refused", 700)).statusCode());
				await("the refused delivery dead-lettered", () -> anyDeadLetter(generated, root, d -> true));
				ledger.healed.set(true); // no flaky answers from here on
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "cus_1", 700)).statusCode());
				await("the corrected record delivered", () -> ledger.keyByOrder.containsKey("o-fix"));
				// Not the same body: signed in the same second, that would be the webhook's duplicate, not the flow's.
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "cus_1", 701)).statusCode());
				await("the same record again skipped", () -> {
					try {
						return runner.summary().flows().stream().mapToLong(RunSummary.FlowCounts::duplicates).sum() == 1;
					} catch (java.sql.SQLException e) {
						return false;
					}
				});
			}
			try (Runner runner = Runner.start(options(root, ledger.url(), log))) {
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "cus_1", 702)).statusCode());
				await("a duplicate after the restart too", () -> {
					try {
						return runner.summary().flows().stream().mapToLong(RunSummary.FlowCounts::duplicates).sum() == 1;
					} catch (java.sql.SQLException e) {
						return false;
					}
				});
			}
			assertEquals(1, ledger.acceptedByKey.values().stream().mapToInt(Integer::intValue).sum(), "delivered once: " + ledger.acceptedByKey);
		}
	}

	@Test
	void badInputIsRefusedOrDeadLetteredAndTheRunnerKeepsRunning(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Ledger ledger = new Ledger(); Runner runner = Runner.start(options(root, ledger.url(), log))) {
			ledger.healed.set(true);
			int port = runner.webhookPort();
			String good = order("ok-1", "cus_1", 500);
			long now = Instant.now().getEpochSecond();

			assertEquals(400, signed(port, "{\"id\": \"broken\", ").statusCode(), "malformed JSON");
			assertEquals(401, post(port, good, null).statusCode(), "no signature");
			assertEquals(401, post(port, good, signature(good, now, "another-secret")).statusCode(), "wrong secret");
			assertEquals(401, post(port, good, signature(good.replace("500", "5000"), now, SIGNING)).statusCode(), "body changed");
			HttpResponse<String> replayed = post(port, good, signature(good, now - 600, SIGNING));
			assertEquals(401, replayed.statusCode(), "a timestamp 10 minutes old is a replay");
			assertTrue(replayed.body().contains("tolerance"), replayed.body());
			assertEquals(413, signed(port, order("big", "x".repeat(70_000), 1)).statusCode(), "over the 64 KiB limit");
			assertEquals(405, CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders")).GET().build(),
					HttpResponse.BodyHandlers.ofString()).statusCode());
			assertEquals(202, signed(port, "{\"id\":\"typed-wrong\",\"customer\":\"c\",\"amount\":\"lots\"}").statusCode(),
					"valid JSON is journaled first; its types are the flow's business");
			assertEquals(202, signed(port, good).statusCode());

			await("the good order delivered", () -> ledger.keyByOrder.containsKey("ok-1"));
			await("the wrong one dead-lettered", () -> anyDeadLetter(generated, root, d -> true));
			try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				DeadLetters.DeadLetter d = letters.list(DeadLetters.Filter.ALL).get(0);
				assertEquals("record", d.kind());
				assertTrue(d.reason().contains("amount") || d.reason().contains("minorToDecimal"), d.reason());
				assertTrue(d.record().contains("\"lots\""), "the dead letter keeps the record as it arrived");
				for (DeadLetters.DeadLetter any : letters.list(new DeadLetters.Filter(null, null, null, null, true))) {
					for (String text : new String[] { any.reason(), any.details(), any.record(), any.attempts() }) {
						assertFalse(text != null && (text.contains(TOKEN) || text.contains(SIGNING)), "a secret in a dead letter");
					}
				}
				assertTrue(d.correlation().startsWith("shop.OrdersToLedger@webhook:/orders#"), d.correlation());
				for (String[] trace : letters.traces(d.correlation())) {
					assertFalse(trace[3].contains(TOKEN) || trace[3].contains(SIGNING), "a secret in a trace");
				}
			}

			HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort()
					+ "/health")).build(), HttpResponse.BodyHandlers.ofString());
			assertEquals(200, health.statusCode(), health.body());
			URI metricsUri = URI.create("http://127.0.0.1:" + runner.managementPort() + "/metrics");
			// The ledger has the record a moment before the runner has recorded its answer.
			await("the delivery counted", () -> scrape(metricsUri).contains("isthmus_delivery_latency_seconds_count{endpoint=\"shop.Ledger.entries\"} 1"));
			String metrics = scrape(metricsUri);
			assertTrue(metrics.contains("isthmus_requests_rejected_total{endpoint=\"shop.Shop.orders\",status=\"401\"} 4"), metrics);
			assertTrue(metrics.contains("isthmus_requests_rejected_total{endpoint=\"shop.Shop.orders\",status=\"413\"} 1"), metrics);
			assertTrue(metrics.contains("isthmus_records_dead_lettered_total{flow=\"shop.OrdersToLedger\"} 1"), metrics);
			assertTrue(metrics.contains("isthmus_records_out_total{endpoint=\"shop.Ledger.entries\",flow=\"shop.OrdersToLedger\"} 1")
					|| metrics.contains("isthmus_records_out_total{flow=\"shop.OrdersToLedger\",endpoint=\"shop.Ledger.entries\"} 1"), metrics);
			assertTrue(metrics.contains("isthmus_delivery_latency_seconds_count{endpoint=\"shop.Ledger.entries\"} 1"), metrics);
			assertTrue(metrics.contains("isthmus_queue_depth{endpoint=\"shop.Ledger.entries\"} 0"), metrics);
			assertFalse(metrics.contains(TOKEN) || metrics.contains(SIGNING), "a secret in the metrics");
		}
		String logged = log.toString(StandardCharsets.UTF_8);
		assertTrue(logged.contains("\"event\":\"webhook.rejected\""), logged);
		assertFalse(logged.contains(TOKEN) || logged.contains(SIGNING), "a secret reached the log");
	}

	/**
	 * A target that sends its answer's headers and then stalls (the request timeout ends with the headers) costs the
	 * attempt, not the run: the attempt ends at the endpoint's timeout and {@code --once} returns. A 503 so answered
	 * waits in the journal for its retry; a 201 so answered is delivered (the target said it took the record).
	 */
	@Test
	void aTargetThatStallsAfterA503EndsTheAttemptNotTheRun(@TempDir Path root) throws Exception {
		RunSummary run = stalledAfter(503, root);
		RunSummary.EndpointCounts ledger = ledger(run);
		assertEquals(0, ledger.delivered(), run.render());
		assertEquals(1, ledger.waiting(), "the record waits for its retry\n" + run.render());
		try (java.sql.Connection c = java.sql.DriverManager.getConnection(RunnerOptions.of(generated).withRoot(root).journal());
				java.sql.ResultSet r = c.createStatement().executeQuery("SELECT HISTORY FROM ISTHMUS_OUTBOX")) {
			assertTrue(r.next(), "the outbox row");
			assertTrue(r.getString(1).contains("HTTP 503 but not the rest of the answer within 500 ms"), r.getString(1));
		}
	}

	@Test
	void aTargetThatStallsAfterA201HasTheRecord(@TempDir Path root) throws Exception {
		RunSummary run = stalledAfter(201, root);
		assertEquals(1, ledger(run).delivered(), run.render());
		assertEquals(0, ledger(run).waiting(), run.render());
	}

	private static RunSummary.EndpointCounts ledger(RunSummary run) {
		return run.endpoints().stream().filter(e -> e.endpoint().equals("shop.Ledger.entries")).findFirst().orElseThrow();
	}

	private RunSummary stalledAfter(int status, Path root) throws Exception {
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		stalling.setExecutor(Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "stalling-target");
			t.setDaemon(true);
			return t;
		}));
		stalling.createContext("/entries", exchange -> {
			exchange.sendResponseHeaders(status, 0); // chunked: the body is yet to come, and does not until the test ends
			exchange.getResponseBody().write('{');
			exchange.getResponseBody().flush();
			try {
				release.await(120, java.util.concurrent.TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		stalling.start();
		try {
			Path orders = root.resolve("orders.ndjson");
			java.nio.file.Files.writeString(orders, order("o-stall", "cus_1", 1200) + "\n");
			RunnerOptions options = options(root, "http://127.0.0.1:" + stalling.getAddress().getPort(), new ByteArrayOutputStream())
					.withFeeds(List.of(new RunnerOptions.Feed("Shop.orders", orders)));
			return RunnerFailuresTest.onceWithinAMinute(options);
		} finally {
			release.countDown();
			stalling.stop(0);
		}
	}

	@Test
	void startUpChecksRefuseToHalfRun(@TempDir Path root) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
		// No environment: secrets and URLs are missing, each named with what needs it.
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", generated.toString(), "--root", root.toString(), "--port", "0",
				"--management-port", "0"));
		assertTrue(text(err).contains("LEDGER_TOKEN (used by endpoint shop.Ledger.entries, auth) is not set"), text(err));
		assertTrue(text(err).contains("SHOP_WEBHOOK_SECRET"), text(err));

		// A port in use.
		try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()); Ledger ledger = new Ledger()) {
			RunnerOptions options = options(root, ledger.url(), new ByteArrayOutputStream()).withPorts("127.0.0.1", taken.getLocalPort(), 0);
			var e = org.junit.jupiter.api.Assertions.assertThrows(dev.isthmus.runner.StartupException.class, () -> Runner.start(options));
			assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), e.getMessage());
			// An unreachable journal database: nothing listens on the port.
			int closed;
			try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				closed = probe.getLocalPort();
			}
			var unreachable = org.junit.jupiter.api.Assertions.assertThrows(dev.isthmus.runner.StartupException.class,
					() -> Runner.start(options(root, ledger.url(), new ByteArrayOutputStream()).withJournal("jdbc:h2:tcp://127.0.0.1:"
							+ closed + "/nowhere")));
			assertTrue(unreachable.getMessage().startsWith("cannot open the journal at jdbc:h2:tcp://"), unreachable.getMessage());
		}

		// An invalid configuration: named with file and pointer.
		Path broken = root.resolve("broken");
		copy(generated, broken);
		java.nio.file.Files.writeString(broken.resolve("flows/shop.OrdersToLedger.json"), "{\"format\":\"1.0\",\"flow\":42}");
		err.reset();
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", broken.toString(), "--root", root.toString(), "--once"));
		assertTrue(text(err).contains("invalid configuration") && text(err).contains("shop.OrdersToLedger.json"), text(err));
	}

	static String scrape(URI uri) {
		try {
			return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
		} catch (IOException | InterruptedException e) {
			return "";
		}
	}

	static void copy(Path from, Path to) throws IOException {
		try (var files = java.nio.file.Files.walk(from)) {
			for (Path p : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(p).toString());
				if (java.nio.file.Files.isDirectory(p)) {
					java.nio.file.Files.createDirectories(target);
				} else {
					java.nio.file.Files.copy(p, target);
				}
			}
		}
	}

	static java.io.PrintStream print(ByteArrayOutputStream bytes) {
		return new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
	}

	static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
	}
}
