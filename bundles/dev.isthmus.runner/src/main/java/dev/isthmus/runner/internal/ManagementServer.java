package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** {@code /health} (JSON; 200 when up, 503 otherwise) and {@code /metrics} (Prometheus text) on their own port. */
final class ManagementServer implements AutoCloseable {

	/**
	 * Requests answered at once: as many clients stopping inside their headers hold /health until the JVM's request
	 * time ends them (60 s, see WholeRequests); 4 was seen doing it (review 22).
	 */
	static final int THREADS = 16;

	private final HttpServer server;

	/**
	 * @param health what {@code /health} answers (200 when its status is up)
	 * @param live   what {@code /health/live} answers (200 when its status is up): the runner and its journal, not
	 *               its flows and targets
	 */
	ManagementServer(InetSocketAddress address, Metrics metrics, Supplier<String> health, Supplier<String> live) throws IOException {
		if (address.isUnresolved()) {
			// The JDK's refusal (UnresolvedAddressException) has no message: it would be printed as "null".
			throw new IOException(ListenPorts.unresolved(address.getHostString(), "management port"));
		}
		server = HttpServer.create(address, 16);
		// One context: the JDK's server matches contexts by prefix, so /healthz and /metrics.bak were answered 200 (review 35).
		server.createContext("/", exchange -> {
			String method = exchange.getRequestMethod();
			if (!method.equals("GET") && !method.equals("HEAD")) {
				// Asked only: a POST to /health/live was answered 200 (review 36).
				exchange.getResponseHeaders().set("Allow", "GET, HEAD");
				answer(exchange, 405, "text/plain; charset=utf-8", "the management port answers GET and HEAD only\n");
				return;
			}
			switch (exchange.getRequestURI().getPath()) {
				case "/metrics" -> answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
				case "/health" -> health(exchange, health.get());
				case "/health/live" -> health(exchange, live.get());
				default -> answer(exchange, 404, "text/plain; charset=utf-8", "try /health, /health/live or /metrics\n");
			}
		});
		// More than one thread: the JDK's server reads a request's headers on it, so one client that stopped halfway
		// through them held /health for everyone (review 21) — a liveness probe failing, the runner restarted for it —
		// until the request time ran out (see WholeRequests). Answers are small and read what other threads keep.
		server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(THREADS, r -> {
			Thread t = new Thread(r, "isthmus-management");
			t.setDaemon(true);
			return t;
		}));
		server.start();
	}

	private static void health(HttpExchange exchange, String body) throws IOException {
		answer(exchange, body.contains("\"status\":\"up\"") ? 200 : 503, "application/json", body);
	}

	int port() {
		return server.getAddress().getPort();
	}

	private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
		try (exchange) {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", type);
			if (exchange.getRequestMethod().equals("HEAD")) {
				exchange.sendResponseHeaders(status, -1); // a HEAD answer has no body (the JDK warns on stderr otherwise)
				return;
			}
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
