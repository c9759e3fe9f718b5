package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Receives webhooks: one path per endpoint, POST only, a body size limit, the endpoint's signature checked, the
 * body parsed as JSON, then journaled for every flow that reads the endpoint — and only then answered 202. A
 * sender that gets no 2xx sends again; what was answered 2xx is in the journal.
 */
final class WebhookServer implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** One webhook endpoint as the server checks it. */
	record Hook(String endpoint, String path, List<String> flows, String scheme, String header, String secret, Duration tolerance) {
	}

	private final HttpServer server;
	private final ExecutorService executor;
	private final Journal journal;
	private final ThreadLocal<Connection> connections = new ThreadLocal<>();
	private final List<Connection> all = new java.util.concurrent.CopyOnWriteArrayList<>();
	private final long limit;
	private final Supplier<Instant> clock;
	private final Metrics metrics;
	private final JsonLog log;
	private final Runnable wake;
	private volatile boolean accepting = true;

	WebhookServer(InetSocketAddress address, List<Hook> hooks, Journal journal, long limit, Supplier<Instant> clock, Metrics metrics,
			JsonLog log, Runnable wake) throws IOException {
		this.server = HttpServer.create(address, 64);
		this.executor = Executors.newFixedThreadPool(4, r -> {
			Thread t = new Thread(r, "isthmus-webhook");
			t.setDaemon(true);
			return t;
		});
		this.journal = journal;
		this.limit = limit;
		this.clock = clock;
		this.metrics = metrics;
		this.log = log;
		this.wake = wake;
		server.setExecutor(executor);
		for (Hook hook : hooks) {
			server.createContext(hook.path(), exchange -> handle(hook, exchange));
		}
		server.start();
	}

	int port() {
		return server.getAddress().getPort();
	}

	/** Stops taking requests: later ones are answered 503 until the server closes. */
	void stopIntake() {
		accepting = false;
	}

	private void handle(Hook hook, HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!exchange.getRequestURI().getPath().equals(hook.path())) {
				answer(exchange, 404, "no webhook at " + exchange.getRequestURI().getPath());
				return;
			}
			if (!accepting) {
				answer(exchange, 503, "the runner is stopping; send again later");
				return;
			}
			if (!exchange.getRequestMethod().equals("POST")) {
				exchange.getResponseHeaders().add("Allow", "POST");
				answer(exchange, 405, "webhooks take POST");
				return;
			}
			byte[] body = read(exchange.getRequestBody());
			if (body == null) {
				reject(hook, exchange, 413, "the body is larger than " + limit + " bytes");
				return;
			}
			if (hook.scheme() != null) {
				String problem = Signatures.check(hook.scheme(), exchange.getRequestHeaders().getFirst(hook.header()), hook.header(), body,
						hook.secret(), hook.tolerance(), clock.get());
				if (problem != null) {
					reject(hook, exchange, 401, problem);
					return;
				}
			}
			String text = new String(body, StandardCharsets.UTF_8);
			if (text.length() > Journal.MAX_TEXT) {
				reject(hook, exchange, 413, "the body has " + text.length() + " characters, more than the " + Journal.MAX_TEXT
						+ " the journal keeps");
				return;
			}
			try {
				if (JSON.readTree(text) == null) {
					throw new IOException("the body is empty");
				}
			} catch (IOException e) {
				reject(hook, exchange, 400, "the body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
						? j.getOriginalMessage() : e.getMessage()));
				return;
			}
			List<Long> ids;
			try {
				ids = journal.accept(connection(), hook.flows(), hook.endpoint(), "webhook:" + hook.path(), text, clock.get());
			} catch (SQLException e) {
				log.error("webhook.journal-failed", "endpoint", hook.endpoint(), "reason", e.getMessage());
				answer(exchange, 503, "the record could not be journaled; send again later");
				return;
			}
			wake.run();
			answer(exchange, 202, "{\"accepted\":" + ids + "}");
		} catch (RuntimeException e) {
			log.error("webhook.failed", "endpoint", hook.endpoint(), "reason", String.valueOf(e));
		}
	}

	private Connection connection() throws SQLException {
		Connection c = connections.get();
		if (c == null || c.isClosed()) {
			c = journal.connect();
			connections.set(c);
			all.add(c);
		}
		return c;
	}

	private void reject(Hook hook, HttpExchange exchange, int status, String why) throws IOException {
		metrics.count("isthmus_requests_rejected_total", Metrics.labels("endpoint", hook.endpoint(), "status", Integer.toString(status)), 1);
		log.warn("webhook.rejected", "endpoint", hook.endpoint(), "status", status, "reason", why,
				"remote", exchange.getRemoteAddress().getAddress().getHostAddress());
		answer(exchange, status, "{\"error\":" + JSON.writeValueAsString(why) + "}");
	}

	/** The body, or {@code null} when it exceeds the limit (read no further than one byte past it). */
	private byte[] read(InputStream in) throws IOException {
		byte[] buffer = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
		return buffer.length > limit ? null : buffer;
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		stopIntake();
		server.stop(2);
		executor.shutdown();
		try {
			executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		for (Connection c : all) {
			try {
				c.close();
			} catch (SQLException e) {
				// accepted records were committed before they were answered
			}
		}
	}
}
