package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * {@code enrich account with call Crm.accounts}: the runner asks the CRM (real HTTP on loopback) for each order's
 * account, with the endpoint's bearer token, its URL filled from the order, and puts the answer into the field
 * before the order is mapped and written. A 404 leaves the optional field empty; a 503 is tried again by the flow's
 * retry policy and, still failing, makes the order a dead letter that a replay delivers once the CRM answers; an
 * answer that does not fit the account's declaration is a dead letter saying so, and so is a 403 (this record may be
 * forbidden alone); refused credentials (401) hold the flow up without dead-lettering or losing anything; a stop while a call waits keeps the file for the next run. The endpoint
 * keeps its answers ({@code cache 1h}): a customer asked for twice is asked once, a 404 too, a failure never.
 */
class RunnerEnrichCallTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String TOKEN = "crm-token-7f3a";

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate(@TempDir Path project) throws Exception {
		Files.writeString(project.resolve("e.isl"), """
				package e
				system Src kind src {
				    record Item json { id : string, customer : string }
				    endpoint items file "inbox" pattern "*.ndjson" receives Item
				}
				system Crm kind crm {
				    record Account json { id : string, name : string, tier : string? }
				    endpoint accounts http get "${env:CRM_URL}/accounts/{customer}" receives Account
				        auth bearer env CRM_TOKEN
				        cache 1h
				}
				model Order { key id : String  customer : String  account : Crm.Account? }
				mapping ItemToOrder : Src.Item -> Order { id <- id  customer <- customer }
				system Out kind files {
				    record Line json { id : string, customer : string, name : string?, tier : string? }
				    endpoint done file "out" pattern "orders-*.ndjson" sends Line
				}
				mapping OrderToLine : Order -> Out.Line { id <- id  customer <- customer  name <- account?.name  tier <- account?.tier }
				flow Enrich {
				    from Src.items
				    map ItemToOrder
				    enrich account with call Crm.accounts
				    to Out.done via OrderToLine
				    retry 2 times backoff fixed from 100ms to 100ms
				    dead-letter
				}
				""");
		RunnerTestProjects.generateFrom(project, generated);
	}

	private static final String ORDERS = """
			{"id":"o1","customer":"c1"}
			{"id":"o2","customer":"c two"}
			{"id":"o3","customer":"gone"}
			{"id":"o4","customer":"flaky"}
			{"id":"o5","customer":"down"}
			{"id":"o6","customer":"odd"}
			{"id":"o7","customer":"c1"}
			{"id":"o8","customer":"gone"}
			{"id":"o9","customer":"odd"}
			""";

	/** The CRM: accounts by id, a flaky one, one that is down until healed, one that answers no account. */
	private static final class Crm implements AutoCloseable {
		final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
		final Set<String> tokens = ConcurrentHashMap.newKeySet();
		final Set<String> contentTypes = ConcurrentHashMap.newKeySet();
		final List<String> correlations = new CopyOnWriteArrayList<>();
		final AtomicBoolean healed = new AtomicBoolean();
		final LoopbackServer server;

		Crm(int deniedStatus) throws Exception {
			server = new LoopbackServer(exchange -> {
				try (exchange) {
					String customer = exchange.getRequestURI().getPath().substring("/accounts/".length());
					int n = asked.computeIfAbsent(customer, k -> new AtomicInteger()).incrementAndGet();
					tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
					contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
					correlations.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Correlation-Id")));
					String body = switch (customer) {
						case "c1" -> "{\"id\":\"c1\",\"name\":\"Acme\",\"tier\":\"gold\",\"undeclared\":1}";
						case "c two" -> "{\"id\":\"c two\",\"name\":\"Two & Co\"}";
						case "flaky" -> n == 1 ? null : "{\"id\":\"flaky\",\"name\":\"Flaky\"}";
						case "down" -> healed.get() ? "{\"id\":\"down\",\"name\":\"Back\"}" : null;
						case "odd" -> "{\"id\":5}";
						default -> "";
					};
					int status = deniedStatus != 0 ? deniedStatus : body == null ? 503 : body.isEmpty() ? 404 : 200;
					byte[] bytes = (body == null || body.isEmpty() ? "{\"error\":\"no\"}" : body).getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders(status, bytes.length);
					exchange.getResponseBody().write(bytes);
				}
			});
		}

		Map<String, String> environment() {
			return Map.of("CRM_URL", server.url(), "CRM_TOKEN", TOKEN);
		}

		@Override
		public void close() {
			server.close();
		}
	}

	@Test
	void eachOrderGetsItsAccountFromTheCrm(@TempDir Path root) throws Exception {
		drop(root, "inbox/a.ndjson", ORDERS);
		RunSummary summary;
		try (Crm crm = new Crm(0)) {
			summary = Runner.once(RunnerTestProjects.options(generated, root, crm.environment()));

			Map<String, JsonNode> lines = written(root);
			assertEquals(Set.of("o1", "o2", "o3", "o4", "o7", "o8"), lines.keySet(), summary.render());
			assertEquals("Acme", lines.get("o7").path("name").asText());
			assertEquals(1, crm.asked.get("c1").get(), "c1's account is kept in the endpoint's cache for o7");
			assertEquals(1, crm.asked.get("gone").get(), "and so is gone's 404 for o8");
			assertEquals(2, crm.asked.get("odd").get(), "an answer that did not fit is not kept: o9 asks again");
			assertEquals("Acme", lines.get("o1").path("name").asText());
			assertEquals("gold", lines.get("o1").path("tier").asText());
			assertEquals("Two & Co", lines.get("o2").path("name").asText(), "the URL's {customer} is encoded: /accounts/c%20two");
			assertTrue(lines.get("o3").path("name").isNull(), "no such account (404): the optional field is left empty");
			assertEquals("Flaky", lines.get("o4").path("name").asText(), "a 503 is tried again");
			assertEquals(2, crm.asked.get("flaky").get());
			assertEquals(3, crm.asked.get("down").get(), "the first attempt and the policy's two retries");
			assertEquals(Set.of("Bearer " + TOKEN), crm.tokens);
			assertEquals(Set.of("null"), crm.contentTypes, "a GET without a body names no Content-Type");

			Map<String, DeadLetters.DeadLetter> dead = new TreeMap<>();
			deadLetters(generated, root).forEach(l -> dead.put(l.record().replaceAll(".*\"(o\\d)\".*", "$1"), l));
			assertEquals(Set.of("o5", "o6", "o9"), dead.keySet(), dead.toString());
			DeadLetters.DeadLetter down = dead.get("o5");
			assertEquals("enrich account", down.step());
			assertTrue(down.reason().startsWith("enrich account, call e.Crm.accounts: HTTP 503 from GET " + crm.server.url() + "/accounts/down"),
					down.reason());
			assertTrue(down.reason().contains("3 attempts; replay the dead letter once e.Crm.accounts answers"), down.reason());
			DeadLetters.DeadLetter odd = dead.get("o6");
			assertTrue(odd.reason().contains("e.Crm.accounts answered a record that does not fit e.Crm.Account"), odd.reason());
			assertTrue(Files.exists(root.resolve("inbox/done/a.ndjson")), "the file is done");

			// The CRM is back: the replayed order gets its account and is written, once.
			crm.healed.set(true);
			try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				assertEquals(1, letters.replay(List.of(down)));
			}
			Runner.once(RunnerTestProjects.options(generated, root, crm.environment()));
			assertEquals("Back", written(root).get("o5").path("name").asText());
			assertEquals(7, written(root).size());
		}
		for (DeadLetters.DeadLetter letter : deadLetters(generated, root)) {
			assertFalse((letter.reason() + letter.details() + letter.record()).contains(TOKEN), "a secret in a dead letter");
		}
	}

	@Test
	void refusedCredentialsHoldTheFlowUpAndLoseNothing(@TempDir Path root) throws Exception {
		drop(root, "inbox/a.ndjson", ORDERS);
		try (Crm crm = new Crm(401)) {
			StartupException stopped = assertThrows(StartupException.class,
					() -> Runner.once(RunnerTestProjects.options(generated, root, crm.environment())));
			assertTrue(stopped.getMessage().contains("HTTP 401 from GET " + crm.server.url() + "/accounts/c1"), stopped.getMessage());
			assertTrue(stopped.getMessage().contains("e.Crm.accounts refuses the runner's credentials: check CRM_TOKEN (its auth bearer): the"
					+ " flow's records are kept, not dead-lettered, and go on once they are accepted"), stopped.getMessage());
			assertFalse(stopped.getMessage().contains(TOKEN), stopped.getMessage());
			assertEquals(1, crm.asked.values().stream().mapToInt(AtomicInteger::get).sum(), "not asked again for every order");
		}
		assertEquals(List.of(), deadLetters(generated, root), "nothing dead-lettered for the runner's credentials");
		assertTrue(Files.exists(root.resolve("inbox/a.ndjson")), "the file waits for the next run");
		assertFalse(Files.exists(root.resolve("out")) && written(root).size() > 0, "nothing written");
	}

	@Test
	void theCacheKeepsNoMoreTextThanItsBound(@TempDir Path root) throws Exception {
		// The answers are 55 and 33 bytes: a bound of 60 keeps one, so c1, c two, c two, c1 asks for c1 again, not for c two.
		drop(root, "inbox/a.ndjson", "{\"id\":\"o1\",\"customer\":\"c1\"}\n{\"id\":\"o2\",\"customer\":\"c two\"}\n"
				+ "{\"id\":\"o8\",\"customer\":\"c two\"}\n{\"id\":\"o7\",\"customer\":\"c1\"}\n");
		System.setProperty("isthmus.callCacheBytes", "60");
		try (Crm crm = new Crm(0)) {
			Runner.once(RunnerTestProjects.options(generated, root, crm.environment()));
			assertEquals(2, crm.asked.get("c1").get(), "c1's answer left the cache for c two's");
			assertEquals(1, crm.asked.get("c two").get(), "c two's answer was kept for o8");
		} finally {
			System.clearProperty("isthmus.callCacheBytes");
		}
		assertEquals(Set.of("o1", "o2", "o7", "o8"), written(root).keySet());
	}

	@Test
	void aForbiddenRecordIsADeadLetterNotTheFlowHeldUp(@TempDir Path root) throws Exception {
		drop(root, "inbox/a.ndjson", ORDERS);
		try (Crm crm = new Crm(403)) {
			Runner.once(RunnerTestProjects.options(generated, root, crm.environment()));
		}
		List<DeadLetters.DeadLetter> dead = deadLetters(generated, root);
		assertEquals(9, dead.size(), "each record forbidden apart (o7 and o8 ask again: a refusal is not kept in the cache)"
				+ dead);
		assertTrue(dead.get(0).reason().contains("HTTP 403 from GET") && dead.get(0).reason().contains("this record is forbidden to the runner"
				+ " — if e.Crm.accounts forbids every record, check CRM_TOKEN (its auth bearer) and what e.Crm.accounts lets them do, then replay"
				+ " the dead letters"), dead.get(0).reason());
		assertTrue(Files.exists(root.resolve("inbox/done/a.ndjson")), "the flow went on");
	}

	@Test
	void aStopWhileACallWaitsKeepsTheBatchForTheNextRun(@TempDir Path root) throws Exception {
		drop(root, "inbox/a.ndjson", "{\"id\":\"o1\",\"customer\":\"c1\"}\n{\"id\":\"o5\",\"customer\":\"down\"}\n");
		try (Crm crm = new Crm(0)) {
			long start = System.nanoTime();
			Runner.once(RunnerTestProjects.options(generated, root, crm.environment()), () -> crm.asked.containsKey("down"));
			assertTrue(System.nanoTime() - start < 20_000_000_000L, "stopped at once");
			assertEquals(List.of(), deadLetters(generated, root), "no dead letter for a stop");
			assertTrue(Files.exists(root.resolve("inbox/a.ndjson")), "the file is read again by the next run");

			crm.healed.set(true);
			Runner.once(RunnerTestProjects.options(generated, root, crm.environment()));
			assertEquals(Set.of("o1", "o5"), written(root).keySet());
		}
	}

	@Test
	void aRunningRunnerCountsItsCallsAndSaysWhyItsFlowWaits(@TempDir Path root) throws Exception {
		java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
		try (Crm crm = new Crm(0); Runner runner = Runner.start(RunnerTestProjects.options(generated, root, crm.environment())
				.withPorts("127.0.0.1", -1, 0).withLog(RunnerTestProjects.print(log)))) {
			drop(root, "inbox/a.ndjson", ORDERS);
			BoundedWaits.await("the orders written and dead-lettered", () -> {
				try {
					return written(root).size() == 6 && deadLetters(generated, root).size() == 3;
				} catch (Exception e) {
					return false;
				}
			});
			String metrics = ShopProject.scrape(java.net.URI.create("http://127.0.0.1:" + runner.managementPort() + "/metrics"));
			String endpoint = "endpoint=\"e.Crm.accounts\"";
			// c1, c two and flaky answered; gone had none; down failed after 3 attempts; odd's answers (twice) did not fit
			assertTrue(metrics.contains("isthmus_calls_total{" + endpoint + ",outcome=\"answered\"} 5\n"), metrics);
			assertTrue(metrics.contains("isthmus_calls_total{" + endpoint + ",outcome=\"none\"} 1\n"), metrics);
			assertTrue(metrics.contains("isthmus_calls_total{" + endpoint + ",outcome=\"failed\"} 1\n"), metrics);
			assertTrue(metrics.contains("isthmus_call_failures_total{" + endpoint + "} 4\n"), "flaky once, down three times\n" + metrics);
			assertTrue(metrics.contains("isthmus_call_latency_seconds_count{" + endpoint + "} 6\n"), metrics);
			assertTrue(metrics.contains("isthmus_call_cache_hits_total{" + endpoint + "} 2\n"), "o7 and o8 from the cache\n" + metrics);
		}
		String lines = log.toString(StandardCharsets.UTF_8);
		assertTrue(lines.contains("\"event\":\"call.retrying\""), lines);
		assertFalse(lines.contains(TOKEN), "a secret in the log");
	}

	/**
	 * A flow held up by refused credentials tries its batch again each second: one request each time, none ahead, and
	 * its file's reading said once, not at each try (review 40: a burst of calls and a file.reading line each second).
	 */
	@Test
	void aFlowHeldUpByRefusedCredentialsAsksOnceASecondAndSaysSoOnce(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Crm crm = new Crm(401); Runner runner = Runner.start(RunnerTestProjects.options(generated, root, crm.environment())
				.withPorts("127.0.0.1", -1, -1).withLog(RunnerTestProjects.print(log)))) {
			drop(root, "inbox/a.ndjson", ORDERS);
			BoundedWaits.await("three tries of the held-up batch", () -> crm.asked.values().stream().mapToInt(AtomicInteger::get).sum() >= 3);
			int asked = crm.asked.values().stream().mapToInt(AtomicInteger::get).sum();
			assertEquals(asked, crm.asked.get("c1").get(), "only the first order asked, once a try: " + crm.asked);
			assertEquals(1, RunnerTestProjects.text(log).lines().filter(l -> l.contains("\"event\":\"file.reading\"")).count(),
					RunnerTestProjects.text(log));
		}
	}

	/** A CRM that takes 150 ms an answer (or answers 503 throughout), counting the requests it has under way at once. */
	private static final class SlowCrm implements AutoCloseable {
		final AtomicInteger inFlight = new AtomicInteger();
		final AtomicInteger most = new AtomicInteger();
		final AtomicInteger asked = new AtomicInteger();
		final LoopbackServer server;

		SlowCrm(boolean down) throws Exception {
			server = new LoopbackServer(exchange -> {
				try (exchange) {
					most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					asked.incrementAndGet();
					String customer = exchange.getRequestURI().getPath().substring("/accounts/".length());
					try {
						Thread.sleep(150);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					byte[] bytes = ("{\"id\":\"" + customer + "\",\"name\":\"Name of " + customer + "\"}").getBytes(StandardCharsets.UTF_8);
					inFlight.decrementAndGet();
					exchange.sendResponseHeaders(down ? 503 : 200, bytes.length);
					exchange.getResponseBody().write(bytes);
				}
			});
		}

		@Override
		public void close() {
			server.close();
		}
	}

	/**
	 * A batch's calls go side by side, up to the endpoint's concurrency (4 when not said): they went one at a time, so a
	 * CRM answering in 150 ms let the flow enrich 6 orders a second. Each order still gets its own account.
	 */
	@Test
	void aBatchsCallsGoSideBySide(@TempDir Path root) throws Exception {
		StringBuilder orders = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			orders.append("{\"id\":\"o").append(i).append("\",\"customer\":\"k").append(i).append("\"}\n");
		}
		drop(root, "inbox/a.ndjson", orders.toString());
		try (SlowCrm crm = new SlowCrm(false)) {
			Runner.once(RunnerTestProjects.options(generated, root, Map.of("CRM_URL", crm.server.url(), "CRM_TOKEN", TOKEN)));
			Map<String, JsonNode> lines = written(root);
			assertEquals(12, lines.size(), lines.toString());
			for (int i = 0; i < 12; i++) {
				assertEquals("Name of k" + i, lines.get("o" + i).path("name").asText());
			}
			assertEquals(12, crm.asked.get(), "each account asked once");
			assertTrue(crm.most.get() > 1 && crm.most.get() <= 4, "at most 4 at once, and more than one: " + crm.most.get());
		}
	}

	/** An endpoint that fails gets no burst of a batch's requests: the first failure has the flow ask record by record. */
	@Test
	void anEndpointThatFailsIsAskedRecordByRecord(@TempDir Path root) throws Exception {
		drop(root, "inbox/a.ndjson", "{\"id\":\"o1\",\"customer\":\"k1\"}\n{\"id\":\"o2\",\"customer\":\"k2\"}\n"
				+ "{\"id\":\"o3\",\"customer\":\"k3\"}\n{\"id\":\"o4\",\"customer\":\"k4\"}\n");
		try (SlowCrm crm = new SlowCrm(true)) {
			Runner.once(RunnerTestProjects.options(generated, root, Map.of("CRM_URL", crm.server.url(), "CRM_TOKEN", TOKEN)));
			assertEquals(1, crm.most.get(), "one request at a time");
			assertEquals(12, crm.asked.get(), "each order's three attempts (the first and the policy's two retries), no more");
		}
		assertEquals(4, deadLetters(generated, root).size());
	}

	/** The lines written to out/, by order id (each id once: a second line for one would fail here). */
	private static Map<String, JsonNode> written(Path root) throws Exception {
		Map<String, JsonNode> lines = new TreeMap<>();
		if (!Files.isDirectory(root.resolve("out"))) {
			return lines;
		}
		try (Stream<Path> files = Files.list(root.resolve("out"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).toList()) {
				for (String line : Files.readAllLines(file)) {
					JsonNode json = JSON.readTree(line);
					assertEquals(null, lines.put(json.path("id").asText(), json), "written twice: " + line);
				}
			}
		}
		return lines;
	}
}
