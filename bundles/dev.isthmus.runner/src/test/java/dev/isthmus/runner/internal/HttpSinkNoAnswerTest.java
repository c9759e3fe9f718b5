package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the HTTP sink says of an exchange that got no answer, against real loopback sockets: a target that took the
 * request and closed the connection is no target that cannot be reached, since it may have done what was asked.
 */
class HttpSinkNoAnswerTest {

	private final List<Long> arrivals = new CopyOnWriteArrayList<>();

	private static JsonNode endpoint() throws IOException {
		return JsonText.RECORDS.readTree("{\"transport\":{\"kind\":\"http\",\"method\":\"POST\"}}");
	}

	private static List<Sink.Pending> rows(int from, int count) {
		return java.util.stream.IntStream.range(from, from + count)
				.mapToObj(i -> new Sink.Pending(i, "f", "{\"n\":" + i + "}", "key-" + i, null, null, 0, null, null, Instant.now(), 0)).toList();
	}

	/**
	 * A request whose connection closes unanswered is sent again at once, twice (a target closing idle kept-alive
	 * connections may close the next one too), then said to be no answer.
	 */
	@Test
	void aConnectionClosedWithoutAnAnswerIsNoAnswerNotCannotReach() throws Exception {
		try (ServerSocket closing = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			Thread t = new Thread(() -> {
				while (!closing.isClosed()) {
					try (Socket s = closing.accept()) {
						InputStream in = s.getInputStream();
						byte[] buffer = new byte[8192];
						StringBuilder read = new StringBuilder();
						while (!read.toString().contains("\r\n\r\n")) {
							int n = in.read(buffer);
							if (n < 0) {
								break;
							}
							read.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
						}
						arrivals.add(System.nanoTime()); // the request arrived; the connection closes without an answer
					} catch (IOException e) {
						// closed at the test's end; the test's assertions say what went wrong
					}
				}
			});
			t.setDaemon(true);
			t.start();
			String url = "http://127.0.0.1:" + closing.getLocalPort() + "/items/{n}";
			try (HttpSink sink = new HttpSink(endpoint(), url, null, Duration.ofSeconds(10), new Environment(n -> null))) {
				Sink.Result result = sink.deliver(rows(1, 1)).get(0);
				assertEquals(Sink.Kind.RETRY, result.kind());
				assertTrue(result.detail().startsWith("no answer from POST http://127.0.0.1:" + closing.getLocalPort() + "/items/1: the connection closed"
						+ " before a response"), result.detail());
				assertTrue(result.detail().contains("sent 3 times, each closed unanswered"), result.detail());
				assertTrue(result.detail().contains("same Idempotency-Key"), result.detail());
			}
			// three sends, each of which the JDK's client may send once more on a new connection (a setting of the command's)
			assertTrue(arrivals.size() >= 3 && arrivals.size() <= 6, "the request did arrive, three to six times: " + arrivals.size());
		}
	}

	@Test
	void aRefusedConnectionCannotBeReached() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		try (HttpSink sink = new HttpSink(endpoint(), "http://127.0.0.1:" + port + "/items/{n}", null, Duration.ofSeconds(10),
				new Environment(n -> null))) {
			Sink.Result result = sink.deliver(rows(1, 1)).get(0);
			assertEquals(Sink.Kind.RETRY, result.kind());
			assertTrue(result.detail().startsWith("cannot reach http://127.0.0.1:" + port + "/items/1"), result.detail());
		}
	}
}
