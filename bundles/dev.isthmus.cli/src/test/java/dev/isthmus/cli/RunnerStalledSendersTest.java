package dev.isthmus.cli;

import static dev.isthmus.cli.ShopProject.CLIENT;
import static dev.isthmus.cli.ShopProject.SIGNING;
import static dev.isthmus.cli.ShopProject.options;
import static dev.isthmus.cli.ShopProject.order;
import static dev.isthmus.cli.ShopProject.signature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;

/**
 * Senders that declare a body and stall (review 20): more of them than the webhook has request threads left a normal
 * signed webhook unanswered for minutes. A body declared over the limit is answered 413 at once, without waiting for
 * it; a body that stops arriving is given up after 30 s, answered 408; each connection is closed; a normal webhook is
 * answered meanwhile. The waits are bounds that tell "answered" from "hung", not timings: a stalled sender would hold
 * the threads forever.
 */
class RunnerStalledSendersTest {

	/** How long a normal webhook or a stalled sender's answer may take before it counts as never answered. */
	private static final Duration HUNG = Duration.ofSeconds(60);

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
	}

	@Test
	void aBodyDeclaredOverTheLimitIsAnsweredAtOnceWithoutReadingIt(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<Socket> stalled = new ArrayList<>();
		try (FlakyLedger ledger = new FlakyLedger(); Runner runner = Runner.start(options(generated, root, ledger.url(), log))) {
			ledger.healed.set(true);
			int port = runner.webhookPort();
			for (int i = 0; i < 64; i++) {
				stalled.add(stall(port, 999_999_999)); // over the 64 KiB limit
			}
			assertEquals(202, signed(port, order("after-big", "cus_1", 100)).statusCode());
			for (int i = 0; i < stalled.size(); i++) {
				String answer = answerOf(stalled.get(i));
				assertTrue(answer.startsWith("HTTP/1.1 413"), "sender " + i + ": " + answer);
				assertTrue(answer.contains("larger than 65536 bytes"), answer);
			}
		} finally {
			closeAll(stalled);
		}
	}

	@Test
	void aBodyThatStopsArrivingIsGivenUpAndOthersAreAnswered(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<Socket> stalled = new ArrayList<>();
		try (FlakyLedger ledger = new FlakyLedger(); Runner runner = Runner.start(options(generated, root, ledger.url(), log))) {
			ledger.healed.set(true);
			int port = runner.webhookPort();
			for (int i = 0; i < 40; i++) {
				stalled.add(stall(port, 50_000)); // within the limit: read until it stops arriving
			}
			// Let the stalled requests reach the request threads first (more of them than there are threads).
			Thread.sleep(1000);
			assertEquals(202, signed(port, order("after-stalls", "cus_1", 100)).statusCode());
			for (Socket s : stalled) {
				String answer = answerOf(s);
				assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
				assertTrue(answer.contains("the body stopped arriving"), answer);
			}
			assertTrue(log.toString(StandardCharsets.UTF_8).contains("\"status\":408"), log.toString(StandardCharsets.UTF_8));
		} finally {
			closeAll(stalled);
		}
	}

	/** A connection that sends a webhook's headers declaring {@code length} bytes of body, then 2 bytes, then nothing. */
	private static Socket stall(int port, long length) throws IOException {
		Socket s = new Socket("127.0.0.1", port);
		s.setSoTimeout((int) HUNG.toMillis());
		s.getOutputStream().write(("POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + length
				+ "\r\n\r\n{\"").getBytes(StandardCharsets.US_ASCII));
		s.getOutputStream().flush();
		return s;
	}

	/** What the runner answered on a stalled connection, read until it closed it; a timeout if it never does. */
	private static String answerOf(Socket s) throws IOException {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		InputStream in = s.getInputStream();
		byte[] buffer = new byte[4096];
		try {
			for (int n; (n = in.read(buffer)) >= 0;) {
				answer.write(buffer, 0, n);
			}
		} catch (java.net.SocketTimeoutException e) {
			return "no end of the answer within " + HUNG.toSeconds() + " s, after: " + answer.toString(StandardCharsets.UTF_8);
		} catch (SocketException e) {
			// a reset after the answer: closed with the rest of the declared body unread, as it should be
			assertTrue(answer.size() > 0, "reset without an answer: " + e);
		}
		return answer.toString(StandardCharsets.UTF_8);
	}

	/** A normal signed webhook, given up (failing the test) only after {@link #HUNG}. */
	private static HttpResponse<String> signed(int port, String body) throws Exception {
		return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders")).timeout(HUNG)
				.header("Stripe-Signature", signature(body, Instant.now().getEpochSecond(), SIGNING))
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void closeAll(List<Socket> sockets) {
		for (Socket s : sockets) {
			try {
				s.close();
			} catch (IOException e) {
				// closing a test's socket: nothing to tell
			}
		}
	}
}
