package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * How the HTTP sink paces its requests, seen from a real loopback target: a rate's count is never exceeded in any
 * window of its length, as the target counts arrivals; a delivery takes no more rows than are answered in about a
 * second, so their results are booked as they go.
 */
class HttpSinkPacingTest {

	private final List<Long> arrivals = new CopyOnWriteArrayList<>();
	private HttpServer server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop(0);
		}
	}

	private String target(long answerAfterMillis) throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			arrivals.add(System.nanoTime());
			try {
				Thread.sleep(answerAfterMillis);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		server.start();
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/items/{n}";
	}

	private static JsonNode endpoint(String rate) throws IOException {
		return JsonText.RECORDS.readTree("{\"transport\":{\"kind\":\"http\",\"method\":\"POST\"}" + (rate == null ? "" : ",\"rate\":" + rate) + "}");
	}

	private static List<Sink.Pending> rows(int from, int count) {
		List<Sink.Pending> rows = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			rows.add(new Sink.Pending(i, "f", "{\"n\":" + i + "}", "key-" + i, null, null, 0, null, null, Instant.now(), 0));
		}
		return rows;
	}

	/** Delivers {@code records} rows in the chunks the sink asks for, as its deliverer does. */
	private static List<Integer> deliverInChunks(HttpSink sink, int records) throws Exception {
		List<Integer> chunks = new ArrayList<>();
		int sent = 0;
		while (sent < records) {
			int chunk = Math.min(sink.batchSize(), records - sent);
			List<Sink.Result> results = sink.deliver(rows(sent, chunk));
			assertEquals(chunk, results.size());
			results.forEach(r -> assertEquals(Sink.Kind.OK, r.kind(), r.detail()));
			chunks.add(chunk);
			sent += chunk;
		}
		return chunks;
	}

	@Test
	void noWindowOfTheRatesLengthHoldsMoreThanItsCount() throws Exception {
		String url = target(0);
		Duration per = Duration.ofMillis(600);
		try (HttpSink sink = new HttpSink(endpoint("{\"count\":3,\"per\":\"PT0.6S\"}"), url, null, Duration.ofSeconds(10),
				new Environment(name -> null))) {
			deliverInChunks(sink, 10);
		}
		assertEquals(10, arrivals.size());
		for (int i = 0; i + 3 < arrivals.size(); i++) {
			long span = arrivals.get(i + 3) - arrivals.get(i);
			assertTrue(span > per.toNanos(), "requests " + i + " to " + (i + 3) + " arrived within " + span / 1_000_000 + " ms: 4 in a window of "
					+ per.toMillis() + " ms where the rate allows 3 (arrivals at ms " + millis() + ")");
		}
	}

	private List<Long> millis() {
		return arrivals.stream().map(t -> (t - arrivals.get(0)) / 1_000_000).toList();
	}

	@Test
	void underARateAChunkIsWhatTheRateLetsThroughInASecond() throws Exception {
		String url = target(0);
		try (HttpSink five = new HttpSink(endpoint("{\"count\":5,\"per\":\"PT1S\"}"), url, null, Duration.ofSeconds(10), new Environment(n -> null));
				HttpSink slow = new HttpSink(endpoint("{\"count\":1,\"per\":\"PT1M\"}"), url, null, Duration.ofSeconds(10), new Environment(n -> null))) {
			assertEquals(1, slow.batchSize(), "rate 1 per 1min");
			List<Integer> chunks = deliverInChunks(five, 12);
			assertTrue(chunks.stream().allMatch(c -> c <= 5), "chunks " + chunks);
		}
	}

	/** A chunk's requests go side by side (see {@link HttpSink#AT_ONCE}): answers of 1.3 s, a chunk is what goes at once. */
	@Test
	void requestsThatTakeLongerThanASecondAreBookedAChunkAtATime() throws Exception {
		String url = target(1300);
		try (HttpSink sink = new HttpSink(endpoint(null), url, null, Duration.ofSeconds(10), new Environment(n -> null))) {
			List<Integer> chunks = deliverInChunks(sink, 9);
			assertEquals(List.of(HttpSink.AT_ONCE, HttpSink.AT_ONCE, 1), chunks,
					"each answer takes 1.3 s: a chunk of more than go at once would book the first answers late");
		}
	}

	/**
	 * A target that answered at once and then hangs: the chunk (sized by the quick answers) ended only when every one
	 * of its requests had been answered or timed out, so nothing of it was booked for as long.
	 */
	@Test
	void aTargetThatStartsToHangEndsTheChunkAfterItsTime() throws Exception {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			arrivals.add(System.nanoTime());
			try {
				if (arrivals.size() > 3) {
					Thread.sleep(1500);
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		server.start();
		String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/items/{n}";
		try (HttpSink sink = new HttpSink(endpoint(null), url, null, Duration.ofSeconds(10), new Environment(n -> null))) {
			assertEquals(1, sink.deliver(rows(0, 1)).size()); // a quick answer: the next chunk is larger
			assertTrue(sink.batchSize() > 5, "chunk " + sink.batchSize());
			int chunk = sink.batchSize();
			List<Sink.Result> results = sink.deliver(rows(1, chunk));
			// Two quick answers, then ones that took 1.5 s: past the chunk's second, the requests not yet sent wait for the
			// next chunk (no result); those under way are answered.
			long answered = results.stream().filter(java.util.Objects::nonNull).count();
			assertTrue(answered >= 3 && answered <= 2 + 2L * HttpSink.AT_ONCE, "results " + results);
			assertEquals(java.util.Collections.nCopies((int) (chunk - answered), null), results.subList((int) answered, chunk), "results " + results);
			assertEquals(HttpSink.AT_ONCE, sink.batchSize(), "after a 1.5 s answer, what goes at once");
		}
	}
}
