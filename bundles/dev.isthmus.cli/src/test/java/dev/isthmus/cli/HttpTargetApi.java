package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.sleep;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The API the HTTP target project's endpoints call, on loopback (the JDK's HTTP server), answering as a review found
 * APIs answer: slowly, hugely, cut short, with Retry-After, with a redirect, or not until released. Its answer depends
 * on the URL's first segment. Notes every request's path and key, and whether an answer it began could be written
 * whole (a runner that closes the connection cuts it off).
 */
final class HttpTargetApi implements AutoCloseable {
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

	HttpTargetApi() throws IOException {
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
