package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTablesAndCsvTest.print;
import static dev.isthmus.cli.RunnerTablesAndCsvTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * HTTP targets on loopback (the JDK's HTTP server) answering as a review found them answer: slowly, with a key in the
 * URL's query, hugely, cut short, with Retry-After, with a redirect, or not at all while the runner stops. Each test
 * was seen failing without its fix.
 */
class RunnerHttpTargetTest {

	static final String QKEY = "QSECRET_4242";
	static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err)).run("generate", "src/test/resources/runner-http", "-o",
				generated.toString());
		assertEquals(IsthmusCommandLine.OK, code, text(err));
	}

	/**
	 * The API: its answer depends on the URL's first segment. Notes every request's path and whether an answer it began
	 * could be written whole (a runner that closes the connection cuts it off).
	 */
	static final class Api implements AutoCloseable {
		final HttpServer server;
		final List<String> paths = new CopyOnWriteArrayList<>();
		final List<String> keys = new CopyOnWriteArrayList<>();
		final List<String> cutOff = new CopyOnWriteArrayList<>();
		/** Set by a test while the runner stops: a request that comes then is one the runner should not have sent. */
		final AtomicBoolean stopping = new AtomicBoolean();
		final List<String> sentWhileStopping = new CopyOnWriteArrayList<>();
		/** How many requests to /hang are answered at once; the others wait for {@link #release}. */
		final AtomicInteger answeredBeforeHanging = new AtomicInteger(2);
		final CountDownLatch release = new CountDownLatch(1);

		Api() throws IOException {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
			server.setExecutor(Executors.newCachedThreadPool());
			server.createContext("/", exchange -> {
				try (exchange) {
					exchange.getRequestBody().readAllBytes();
					String path = exchange.getRequestURI().getRawPath();
					paths.add(path);
					keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
					if (stopping.get()) {
						sentWhileStopping.add(path);
					}
					answer(exchange, path);
				}
			});
			server.start();
		}

		private void answer(HttpExchange exchange, String path) throws IOException {
			switch (path.split("/")[1]) {
				case "slow" -> {
					sleep(2500); // past the endpoint's 1 s timeout
					send(exchange, 200, "{}");
				}
				case "big", "bigerr" -> {
					// 50 MB, written until the runner stops reading
					exchange.sendResponseHeaders(path.startsWith("/big/") ? 200 : 500, 50L * 1024 * 1024);
					byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
					try {
						OutputStream body = exchange.getResponseBody();
						for (int i = 0; i < 800; i++) {
							body.write(chunk);
						}
					} catch (IOException e) {
						cutOff.add(path);
					}
				}
				case "cut200" -> {
					// The target took the record; its answer breaks off after the headers and a few bytes.
					exchange.sendResponseHeaders(200, 1000);
					exchange.getResponseBody().write("{\"partial\":".getBytes(StandardCharsets.US_ASCII));
					exchange.getResponseBody().flush();
					// closing the exchange short of its length closes the connection
				}
				case "r429" -> {
					exchange.getResponseHeaders().set("Retry-After", "30");
					send(exchange, 429, "slow down");
				}
				case "r503date" -> {
					exchange.getResponseHeaders().set("Retry-After",
							DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120)));
					send(exchange, 503, "maintenance");
				}
				case "r503day" -> {
					exchange.getResponseHeaders().set("Retry-After", "86400");
					send(exchange, 503, "come back tomorrow");
				}
				case "e503" -> send(exchange, 503, "busy");
				case "redir" -> {
					exchange.getResponseHeaders().set("Location", "/ok/moved-here");
					send(exchange, 307, "");
				}
				case "hang" -> {
					if (answeredBeforeHanging.getAndDecrement() > 0) {
						send(exchange, 200, "{}");
					} else {
						try {
							release.await(60, TimeUnit.SECONDS);
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
						send(exchange, 200, "{}");
					}
				}
				default -> send(exchange, 200, "{\"ok\":true}");
			}
		}

		private static void send(HttpExchange exchange, int status, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
			if (bytes.length > 0) {
				exchange.getResponseBody().write(bytes);
			}
		}

		long count(String prefix) {
			return paths.stream().filter(p -> p.startsWith(prefix)).count();
		}

		String url() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		@Override
		public void close() {
			release.countDown();
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

	static RunnerOptions options(Path root, Api api, ByteArrayOutputStream log, Map<String, String> extra) {
		Map<String, String> env = new HashMap<>();
		env.put("BASE", api.url());
		env.put("QKEY", QKEY);
		env.put("BASIC_CREDS", "alice:s3cr3t-pass");
		env.putAll(extra);
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(env::get)
				.withLog(print(log));
	}

	/** Records for a webhook endpoint, fed as with {@code --feed}: each {@code path/name} one record. */
	static RunnerOptions.Feed feed(Path root, String endpoint, String... pathAndNames) throws IOException {
		StringBuilder lines = new StringBuilder();
		int n = 0;
		for (String pathAndName : pathAndNames) {
			int slash = pathAndName.indexOf('/');
			lines.append(JSON.createObjectNode().put("id", endpoint + "-" + n++).put("path", pathAndName.substring(0, slash))
					.put("name", pathAndName.substring(slash + 1))).append('\n');
		}
		Path file = Files.createTempFile(root, endpoint, ".ndjson");
		Files.writeString(file, lines);
		return new RunnerOptions.Feed("Src." + endpoint, file);
	}

	static List<DeadLetters.DeadLetter> deadLetters(Path root) throws Exception {
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			return letters.list(DeadLetters.Filter.ALL);
		}
	}

	static String reasons(List<DeadLetters.DeadLetter> letters) {
		StringBuilder s = new StringBuilder();
		letters.forEach(l -> s.append(l.reason()).append(" | ").append(l.details()).append(" | ").append(l.attempts()).append('\n'));
		return s.toString();
	}

	/** The log's {@code delivery.retrying} lines, each as JSON. */
	static List<JsonNode> retrying(ByteArrayOutputStream log) throws IOException {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : text(log).split("\n")) {
			if (line.contains("\"delivery.retrying\"")) {
				lines.add(JSON.readTree(line));
			}
		}
		return lines;
	}

	/**
	 * A flow without an idempotency key tells records apart by origin and content: a file of the same name dropped
	 * again with another record gets another Idempotency-Key (it got the first one's, and a target honouring keys
	 * would have dropped it); the same record again keeps its key.
	 */
	@Test
	void aNewRecordUnderAnOldOriginGetsItsOwnIdempotencyKey(@TempDir Path root) throws Exception {
		try (Api api = new Api()) {
			Path file = root.resolve("orders.ndjson");
			for (String name : new String[] { "day1", "day2", "day2" }) {
				Files.writeString(file, JSON.createObjectNode().put("id", name).put("path", "ok").put("name", name) + "\n");
				Runner.once(options(root, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Src.plain", file))));
			}
			assertEquals(List.of("/ok/item/day1", "/ok/item/day2", "/ok/item/day2"), api.paths);
			assertFalse(api.keys.get(0).equals(api.keys.get(1)), "two records, one key: " + api.keys);
			assertEquals(api.keys.get(1), api.keys.get(2), "the same record again keeps its key");
		}
	}

	/**
	 * Late records of a window that has closed make a group of their own, whose result goes out with a key of its
	 * own: under the first result's key a target would answer "already done" and drop it.
	 */
	@Test
	void aLateGroupsResultGetsItsOwnIdempotencyKey(@TempDir Path root, @TempDir Path another) throws Exception {
		try (Api api = new Api()) {
			Path file = root.resolve("readings.ndjson");
			for (String id : new String[] { "r1", "r2" }) {
				Files.writeString(file, JSON.createObjectNode().put("id", id).put("path", "ok").put("name", "meter")
						.put("occurredAt", "2026-11-01T10:15:00Z") + "\n");
				Runner.once(options(root, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Meter.readings", file))));
			}
			assertEquals(List.of("/ok/item/meter", "/ok/item/meter"), api.paths, "each run closed the 10:00 window");
			assertFalse(api.keys.get(0).equals(api.keys.get(1)), "the late result took the first one's key: " + api.keys);
			// Another journal numbers its rows from 1 again: its first group's result is not the first journal's.
			Runner.once(options(another, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Meter.readings", file))));
			assertEquals(3, api.keys.size(), api.paths.toString());
			assertFalse(api.keys.get(2).equals(api.keys.get(0)), "a new journal's group took an old journal's key: " + api.keys);
		}
	}

	/**
	 * A fed JSON file that holds an array keeps each record's decimals as written: {@code 10.00} stays {@code 10.00}
	 * (the feed read the array through doubles and journaled {@code 10.0}).
	 */
	@Test
	void aFedJsonArrayKeepsItsDecimalsAsWritten(@TempDir Path root) throws Exception {
		try (Api api = new Api()) {
			Path file = root.resolve("items.json");
			// a name that is no string: a dead letter at the from step, which keeps the record as it was journaled
			Files.writeString(file, "[{\"id\":\"f1\",\"path\":\"ok\",\"name\":5,\"amount\":10.00,\"big\":12345678901234567.89}]");
			Runner.once(options(root, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Src.plain", file))));
			List<DeadLetters.DeadLetter> letters = deadLetters(root);
			assertEquals(1, letters.size(), reasons(letters));
			assertTrue(letters.get(0).record().contains("\"amount\":10.00,\"big\":12345678901234567.89"), letters.get(0).record());
		}
	}

	/** A timeout of 999999999 days is a day: every delivery failed with "long overflow" (the JDK counts nanoseconds). */
	@Test
	void aTimeoutTooLongToCountIsADay(@TempDir Path root) throws Exception {
		try (Api api = new Api()) {
			RunSummary summary = Runner.once(options(root, api, new ByteArrayOutputStream(), Map.of())
					.withFeeds(List.of(feed(root, "patientForever", "ok/x"))));
			assertEquals(List.of("/ok/item/x"), api.paths, summary.render());
			assertEquals(List.of(), deadLetters(root), reasons(deadLetters(root)));
		}
	}

	@Test
	void aKeyInTheUrlsQueryIsNeverShownNotEvenWhenTheTargetTimesOut(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Api api = new Api()) {
			Runner.once(options(root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "slow/x", "e503/x", "cut200/x"))));
			List<DeadLetters.DeadLetter> letters = deadLetters(root);
			assertTrue(reasons(letters).contains("no answer within 1000 ms from POST " + api.url() + "/slow/item/x?api_key=***"), reasons(letters));
			assertFalse(reasons(letters).contains(QKEY), reasons(letters));
			assertFalse(text(log).contains(QKEY), text(log));
			for (DeadLetters.DeadLetter letter : letters) {
				try (DeadLetters journal = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
					assertFalse(journal.deliveries(letter.correlation()).toString().contains(QKEY), "trace of " + letter.correlation());
				}
			}
		}
	}

	@Test
	void aFieldValueThatWouldChangeTheUrlsPathIsADeadLetterNotARequest(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Api api = new Api()) {
			RunSummary summary = Runner.once(options(root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "ok/..", "ok/.", "ok/", "ok/fine"))));
			assertEquals(List.of("/ok/item/fine"), api.paths, "only the record naming one item is sent\n" + summary.render());
			String reasons = reasons(deadLetters(root));
			for (String value : List.of("\"..\"", "\".\"", "\"\"")) {
				assertTrue(reasons.contains("the record's name is " + value + ", which would change the URL's path"), value + ":\n" + reasons);
			}
		}
	}

	@Test
	void anAnswerIsReadOnlyAsFarAsItIsKeptAndA2xxIsDeliveredWhateverHappensToItsBody(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Api api = new Api()) {
			RunSummary summary = Runner.once(options(root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "big/x", "bigerr/x", "cut200/x"))));
			List<DeadLetters.DeadLetter> letters = deadLetters(root);
			assertEquals(1, letters.size(), reasons(letters) + summary.render());
			String reason = letters.get(0).reason();
			assertTrue(reason.startsWith("gave up after 1 attempt: HTTP 500 from POST ") && reason.contains("yyyy") && reason.length() < 2300, reason);
			// the runner closed both connections long before their 50 MB were sent
			RunnerEndToEndTest.await("the API to see its answers cut off: " + api.cutOff, () -> api.cutOff.size() == 2);
			assertEquals(2, summary.endpoints().stream().mapToLong(RunSummary.EndpointCounts::delivered).sum(), summary.render());
		}
	}

	@Test
	void retryAfterIsTheLeastWaitAndNoWaitIsShorterThanTheConfiguredDelay(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Api api = new Api()) {
			String[] records = new String[23];
			for (int i = 0; i < 20; i++) {
				records[i] = "e503/n" + i;
			}
			records[20] = "r429/x";
			records[21] = "r503date/x";
			records[22] = "r503day/x";
			Runner.once(options(root, api, log, Map.of()).withFeeds(List.of(feed(root, "retried", records))));
			List<JsonNode> lines = retrying(log);
			// a retry due while the run still goes is tried (and logged) again
			assertEquals(23, lines.stream().filter(l -> l.path("attempt").asInt() == 1).count(), text(log));
			for (JsonNode line : lines) {
				long next = line.path("nextInMillis").asLong();
				String reason = line.path("reason").asText();
				if (reason.contains("/e503/")) {
					assertTrue(next >= 1000 && next <= 1250, "retry 1s waits at least 1 s and at most a quarter more: " + line);
				} else if (reason.contains("/r429/")) {
					assertTrue(next >= 30_000, "Retry-After: 30 is waited: " + line);
				} else if (reason.contains("/r503date/")) {
					assertTrue(next >= 110_000, "Retry-After as a date two minutes ahead is waited: " + line);
				} else {
					assertEquals(3_600_000, next, "Retry-After of a day waits the hour the runner waits at most: " + line);
				}
			}
		}
	}

	@Test
	void aRedirectIsADeadLetterThatSaysWhereTo(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Api api = new Api()) {
			Runner.once(options(root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "redir/x"))));
			String reasons = reasons(deadLetters(root));
			assertTrue(reasons.contains("refused: HTTP 307 from POST " + api.url() + "/redir/item/x?api_key=***: redirects to /ok/moved-here;"
					+ " the runner follows no redirect"), reasons);
			assertEquals(0, api.count("/ok/"), "not followed");
		}
	}

	@Test
	void basicAuthenticationWithoutAPasswordIsRefusedAtTheStart(@TempDir Path root) throws Exception {
		try (Api api = new Api()) {
			StartupException refused = assertThrows(StartupException.class,
					() -> Runner.once(options(root, api, new ByteArrayOutputStream(), Map.of("BASIC_CREDS", "justuser"))));
			assertTrue(refused.getMessage().contains("endpoint web.Api.items: auth basic needs BASIC_CREDS to hold user:password"),
					refused.getMessage());
			assertFalse(refused.getMessage().contains("justuser"), refused.getMessage());
			assertEquals(List.of(), api.paths);
		}
	}

	/**
	 * A runner stopped while a batch is on its way sends no request after the stop, keeps what the target answered
	 * already, and leaves the rest, the unanswered request too, waiting in the journal for the next start.
	 */
	@Test
	void aStoppedRunnerSendsNothingMoreAndKeepsWhatWasAnswered(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<String> firstKeys;
		try (Api api = new Api()) {
			RunnerOptions options = options(root, api, log, Map.of()).withFeeds(List.of(feed(root, "patient",
					"hang/a", "hang/b", "hang/c", "hang/d", "hang/e", "hang/f", "hang/g", "hang/h")));
			Runner runner = Runner.start(options);
			try {
				RunnerEndToEndTest.await("a third request, left unanswered", () -> api.paths.size() == 3);
			} finally {
				api.stopping.set(true);
				runner.close();
			}
			assertEquals(List.of(), api.sentWhileStopping, "sent after the stop\n" + text(log));
			firstKeys = List.copyOf(api.keys.subList(0, 2));
		}
		try (Api api = new Api()) {
			api.answeredBeforeHanging.set(100);
			RunSummary summary = Runner.once(options(root, api, log, Map.of()));
			assertEquals(6, api.paths.size(), "the six not answered are sent again, the two answered not\n" + summary.render() + text(log));
			assertTrue(api.keys.stream().noneMatch(firstKeys::contains), api.keys + " " + firstKeys);
		}
	}

	/** {@code --once} stopped by a SIGTERM while it waits for the endpoint's rate: it stops waiting and sends nothing more. */
	@Test
	void aStopEndsTheWaitForTheRate(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Api api = new Api()) {
			AtomicBoolean stop = new AtomicBoolean();
			RunnerOptions options = options(root, api, log, Map.of()).withFeeds(List.of(feed(root, "rated", "ok/a", "ok/b", "ok/c")));
			CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
				try {
					return Runner.once(options, stop::get);
				} catch (StartupException e) {
					throw new IllegalStateException(e);
				}
			});
			// stopped while the second record waits for its turn (or, on a slow machine, the first for its answer)
			RunnerEndToEndTest.await("the first request", () -> api.paths.size() == 1);
			api.stopping.set(true);
			stop.set(true);
			RunSummary summary = run.get(60, TimeUnit.SECONDS);
			assertEquals(List.of(), api.sentWhileStopping, "sent after the stop\n" + summary.render());
			RunSummary.EndpointCounts rated = summary.endpoints().stream().filter(e -> e.endpoint().endsWith("rated")).findFirst().orElseThrow();
			assertEquals(3, rated.delivered() + rated.waiting(), "each record delivered or waiting for the next run\n" + summary.render());
			assertEquals(0, rated.deadLettered() + rated.retried(), summary.render());
		}
	}
}
