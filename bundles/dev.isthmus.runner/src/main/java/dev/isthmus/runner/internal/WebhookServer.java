package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Receives webhooks: one path per endpoint, POST only, a JSON content type, a body size limit, the endpoint's
 * signature checked, the body parsed as one JSON object, then journaled for every flow that reads the endpoint —
 * and only then answered 202. A sender that gets no 2xx sends again; what was answered 2xx is in the journal. The
 * same timestamped signed request again within its tolerance is answered as accepted before, not journaled twice.
 */
final class WebhookServer implements AutoCloseable {

	/**
	 * One JSON value per body: {@code {"a":1} {"b":2}} or trailing garbage is refused, not half read. Bodies are read
	 * as the flows read their inputs ({@link JsonText#INPUTS}: decimals exact, a field named twice refused).
	 */
	private static final ObjectMapper JSON = JsonText.INPUTS.copy()
			.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	/**
	 * The JDK's HTTP server logs to {@code com.sun.net.httpserver} through java.util.logging, whose console handler
	 * writes plain lines to standard error, in the middle of the runner's JSON lines. Our handlers answer as HTTP
	 * wants (no body to HEAD), so what it would say is noise; held here because the logging keeps loggers weakly.
	 */
	static final java.util.logging.Logger JDK_HTTP_LOG = java.util.logging.Logger.getLogger("com.sun.net.httpserver");

	static {
		JDK_HTTP_LOG.setLevel(java.util.logging.Level.OFF);
	}

	/**
	 * One webhook endpoint as the server checks it; {@code timestampHeader} and {@code signs} only for an hmac-sha256
	 * signature over a timestamp of its own header.
	 */
	record Hook(String endpoint, String path, List<String> flows, String scheme, String header, String timestampHeader, String signs,
			String secret, Duration tolerance) {
	}

	/** Threads handling requests (see the constructor). */
	static final int HANDLERS = 32;

	/**
	 * How long a body may stop arriving before it is given up (408): long enough for a sender on a slow link or one
	 * pausing between writes, short enough that senders that stall cannot keep the request threads.
	 */
	static final Duration BODY_STALL = Duration.ofSeconds(30);

	private final HttpServer server;
	private final ExecutorService executor;
	private final Journal journal;
	/** Journals the accepted records, those of requests arriving together in one commit. */
	private final Intake intake;
	private final long limit;
	private final BodyReader bodies = new BodyReader(BODY_STALL);
	/**
	 * The requests being handled whose body was read to its end: their answer can keep the connection open. Not an
	 * exchange attribute: the JDK's server keeps those in the context, shared by every request to the path.
	 */
	private final Set<HttpExchange> bodiesRead = ConcurrentHashMap.newKeySet();
	private final Supplier<Instant> clock;
	private final Metrics metrics;
	private final JsonLog log;
	private final Runnable wake;
	private volatile boolean accepting = true;
	private final SignedDeliveries signed = new SignedDeliveries(SignedDeliveries.LIMIT);

	WebhookServer(InetSocketAddress address, List<Hook> hooks, Journal journal, long limit, Supplier<Instant> clock, Metrics metrics,
			JsonLog log, Runnable wake) throws IOException {
		if (address.isUnresolved()) {
			// The JDK's refusal (UnresolvedAddressException) has no message: it would be printed as "null".
			throw new IOException(ListenPorts.unresolved(address.getHostString(), "webhook port"));
		}
		this.server = HttpServer.create(address, 64);
		// Requests handled at once: those waiting for the journal are committed together (see Intake), so more of them
		// make fewer commits per record; each holds at most a body (the limit) in memory.
		this.executor = Executors.newFixedThreadPool(HANDLERS, r -> {
			Thread t = new Thread(r, "isthmus-webhook");
			t.setDaemon(true);
			return t;
		});
		this.journal = journal;
		this.intake = new Intake(journal);
		this.limit = limit;
		this.clock = clock;
		this.metrics = metrics;
		this.log = log;
		this.wake = wake;
		server.setExecutor(executor);
		for (Hook hook : hooks) {
			server.createContext(hook.path(), exchange -> handle(hook, exchange));
		}
		if (hooks.stream().noneMatch(h -> h.path().equals("/"))) {
			// Any other path: the same plain 404 as a path under a webhook's, not the JDK's HTML page.
			server.createContext("/", exchange -> {
				try (exchange) {
					answer(exchange, 404, "no webhook at " + requested(exchange));
				}
			});
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

	/**
	 * The path as the sender wrote it, without its query: {@code //shop/orders} is read by {@link java.net.URI} as
	 * host {@code shop} and path {@code /orders}, which the 404 named (review 35).
	 */
	private static String requested(HttpExchange exchange) {
		String target = exchange.getRequestURI().toString();
		int query = target.indexOf('?');
		return query < 0 ? target : target.substring(0, query);
	}

	private void handle(Hook hook, HttpExchange exchange) throws IOException {
		try (exchange) {
			// (//host/orders is no request to /orders, though URI reads its path so)
			if (!exchange.getRequestURI().getPath().equals(hook.path()) || requested(exchange).startsWith("//")) {
				answer(exchange, 404, "no webhook at " + requested(exchange));
				return;
			}
			if (!accepting) {
				unavailable(hook, exchange, "the runner is stopping; send again later");
				return;
			}
			if (!journal.watch().journalAnswering()) {
				// Answered at once: waiting on a journal that does not answer held the sender (and this server's
				// threads) until the database's timeout. The watch logs the outage, once, not each request.
				exchange.getResponseHeaders().set("Retry-After", "5");
				unavailable(hook, exchange, "the runner's journal database does not answer; send again later");
				return;
			}
			if (!exchange.getRequestMethod().equals("POST")) {
				exchange.getResponseHeaders().add("Allow", "POST");
				answer(exchange, 405, "webhooks take POST");
				return;
			}
			String type = exchange.getRequestHeaders().getFirst("Content-Type");
			String unsupported = unsupported(type);
			if (unsupported != null) {
				reject(hook, exchange, 415, unsupported);
				return;
			}
			String tooLarge = "the body is larger than " + limit + " bytes; send at most " + limit
					+ " bytes (the runner's --max-body)";
			if (declaredLength(exchange) > limit) {
				// Answered before reading any of it: a sender declaring a gigabyte is not waited for (and may never send it).
				reject(hook, exchange, 413, tooLarge);
				return;
			}
			byte[] body;
			try {
				body = bodies.read(exchange, limit);
			} catch (BodyReader.Stalled e) {
				counted(hook, exchange, 408, e.getMessage());
				BodyReader.hangUp(exchange);
				return;
			}
			if (body == null) {
				reject(hook, exchange, 413, tooLarge);
				return;
			}
			bodiesRead.add(exchange);
			String signature = hook.scheme() == null ? null : exchange.getRequestHeaders().getFirst(hook.header());
			String stamp = hook.timestampHeader() == null ? null : exchange.getRequestHeaders().getFirst(hook.timestampHeader());
			if (hook.scheme() != null) {
				String problem = hook.timestampHeader() != null
						? Signatures.checkTimestamped(signature, hook.header(), stamp, hook.timestampHeader(), hook.signs(), body,
								hook.secret(), hook.tolerance(), clock.get())
						: Signatures.check(hook.scheme(), signature, hook.header(), body, hook.secret(), hook.tolerance(), clock.get());
				if (problem != null) {
					reject(hook, exchange, 401, problem);
					return;
				}
			}
			String text = utf8(body);
			if (text == null) {
				reject(hook, exchange, 400, notUtf8(body));
				return;
			}
			if (text.length() > Journal.MAX_TEXT) {
				reject(hook, exchange, 413, "the body has " + text.length() + " characters, more than the " + Journal.MAX_TEXT
						+ " the journal keeps");
				return;
			}
			String malformed = malformed(text);
			if (malformed != null) {
				reject(hook, exchange, 400, malformed);
				return;
			}
			// A timestamped signature names one request: the same again within its tolerance is not journaled twice.
			Long signedAt = "stripe".equals(hook.scheme()) ? Long.valueOf(Signatures.stripeTimestamp(signature))
					: stamp != null ? Signatures.epochSeconds(stamp) : null;
			// The timestamp as it was signed, not its second: two requests signed at 1796563421100 and …900 ms, or as
			// an ISO instant and as unix seconds, are two requests.
			String signedText = "stripe".equals(hook.scheme()) ? Long.toString(signedAt) : stamp;
			String key = signedAt != null ? hook.path() + " " + signedText + " " + java.util.HexFormat.of().formatHex(sha256(body)) : null;
			if (key != null) {
				Instant expires = Instant.ofEpochSecond(signedAt).plus(hook.tolerance()).plusSeconds(1);
				switch (signed.claim(key, expires, clock.get())) {
					case SignedDeliveries.Accepted before -> {
						log.info("webhook.duplicate", "endpoint", hook.endpoint(), "accepted", before.ids().toString(),
								"remote", exchange.getRemoteAddress().getAddress().getHostAddress());
						answer(exchange, 202, "{\"accepted\":" + before.ids() + ",\"duplicate\":true}");
						return;
					}
					case SignedDeliveries.InProgress now -> {
						exchange.getResponseHeaders().set("Retry-After", "1");
						unavailable(hook, exchange, "the same signed request is being received now; send again later");
						return;
					}
					case SignedDeliveries.Fresh fresh -> {
						// journaled below
					}
				}
			}
			List<Long> ids;
			try {
				ids = intake.accept(hook.flows(), hook.endpoint(), "webhook:" + hook.path(), text, clock.get());
			} catch (SQLException | RuntimeException e) {
				if (key != null) {
					signed.release(key);
				}
				if (e instanceof RuntimeException r) {
					throw r;
				}
				if (!(e instanceof Journal.LeaseLost) && !Connections.unreachable(e)) {
					// (An unreachable journal is the watch's to report, once; a lost lease the runner's, as it stops.)
					log.error("webhook.journal-failed", "endpoint", hook.endpoint(), "reason", e.getMessage());
				}
				unavailable(hook, exchange, "the record could not be journaled; send again later");
				return;
			}
			if (key != null) {
				signed.accepted(key, ids);
			}
			wake.run();
			answer(exchange, 202, "{\"accepted\":" + ids + "}");
		} catch (RuntimeException e) {
			log.error("webhook.failed", "endpoint", hook.endpoint(), "reason", String.valueOf(e));
		} finally {
			bodiesRead.remove(exchange);
		}
	}

	/**
	 * Why a request's Content-Type is refused, or {@code null}: JSON ({@code application/json}, any
	 * {@code application/*+json}) in UTF-8, the only charset the body is read in. A request without one is taken
	 * (some senders leave it out) and its body must still be JSON.
	 */
	static String unsupported(String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		String[] parts = contentType.split(";");
		String media = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
		if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
			return "the Content-Type is " + contentType.trim() + "; a webhook takes JSON: send application/json";
		}
		for (int i = 1; i < parts.length; i++) {
			String[] kv = parts[i].trim().split("=", 2);
			if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
				String charset = kv[1].trim().replace("\"", "");
				if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
					return "the body's charset is " + charset + "; a webhook reads UTF-8: send charset=utf-8";
				}
			}
		}
		return null;
	}

	/**
	 * The body as UTF-8 text, or {@code null} when it is not UTF-8: a bad byte was taken as U+FFFD and the record
	 * delivered altered, where a file with one goes to failed/.
	 */
	static String utf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
		} catch (CharacterCodingException e) {
			return null;
		}
	}

	/** Where a body that is not UTF-8 stops being so, said for the sender. */
	static String notUtf8(byte[] body) {
		ByteBuffer in = ByteBuffer.wrap(body);
		// Decoded again to find the place: the decoder's exception does not say it. UTF-8 needs no more chars than bytes.
		StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(in, CharBuffer.allocate(body.length), true);
		int at = in.position();
		return "the body is not UTF-8: the byte 0x" + String.format("%02X", body[Math.min(at, body.length - 1)] & 0xff)
				+ " at offset " + at + " (counting from 0) does not belong there; send the body in UTF-8";
	}

	/** Why the body is not one JSON record, or {@code null}: one object. */
	static String malformed(String text) {
		JsonNode tree;
		try {
			tree = JSON.readTree(text);
		} catch (IOException e) {
			if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
				String twice = JsonText.duplicate(j, false);
				return twice != null ? "the body is refused: " + twice
						: JsonText.moreThanOneValue(j) ? "the body holds " + JsonText.refusal(j, false) + "; a webhook takes one JSON object per request"
								: "the body is " + JsonText.refusal(j, false);
			}
			return "the body is not JSON: " + e.getMessage();
		}
		if (tree == null || tree.isMissingNode()) {
			return "the body is empty; send one JSON object";
		}
		if (!tree.isObject()) {
			String what = tree.isArray() ? "a JSON array" : tree.isNull() ? "null" : tree.isTextual() ? "a JSON string"
					: tree.isNumber() ? "a JSON number" : "a JSON " + tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
			return "the body is " + what + "; a webhook takes one JSON object per request";
		}
		return null;
	}

	private static byte[] sha256(byte[] body) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256").digest(body);
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	/**
	 * Answers 503, to be sent again later, counted as the refusals are: the intake's 503s were in no metric, so an
	 * outage of the journal or a stop showed nowhere on /metrics (review 35). Not logged each: the watch says an
	 * outage once, and the runner its stop.
	 */
	private void unavailable(Hook hook, HttpExchange exchange, String why) throws IOException {
		metrics.count("isthmus_requests_rejected_total", Metrics.labels("endpoint", hook.endpoint(), "status", "503"), 1);
		answer(exchange, 503, "{\"error\":" + JSON.writeValueAsString(why) + "}"); // JSON, as every other refusal
	}

	private void reject(Hook hook, HttpExchange exchange, int status, String why) throws IOException {
		counted(hook, exchange, status, why);
		answer(exchange, status, "{\"error\":" + JSON.writeValueAsString(why) + "}");
	}

	/** Counts and logs a rejected request. */
	private void counted(Hook hook, HttpExchange exchange, int status, String why) {
		metrics.count("isthmus_requests_rejected_total", Metrics.labels("endpoint", hook.endpoint(), "status", Integer.toString(status)), 1);
		log.warn("webhook.rejected", "endpoint", hook.endpoint(), "status", status, "reason", why,
				"remote", exchange.getRemoteAddress().getAddress().getHostAddress());
	}

	/** The request's Content-Length, or -1 without one (a chunked body, or none). */
	private static long declaredLength(HttpExchange exchange) {
		try {
			String length = exchange.getRequestHeaders().getFirst("Content-Length");
			return length == null ? -1 : Long.parseLong(length.trim());
		} catch (NumberFormatException e) {
			return -1; // the JDK's server refuses such a request before it reaches us
		}
	}

	/** Whether the request has a body not read to its end: answering it must not wait for the rest. */
	private boolean bodyPending(HttpExchange exchange) {
		return !bodiesRead.contains(exchange)
				&& (declaredLength(exchange) > 0 || exchange.getRequestHeaders().containsKey("Transfer-Encoding"));
	}

	private void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
		boolean pending = bodyPending(exchange);
		if (exchange.getRequestMethod().equals("HEAD")) {
			if (pending) {
				BodyReader.hangUp(exchange); // a HEAD with a body: the JDK's server would read it before any answer
				return;
			}
			exchange.sendResponseHeaders(status, -1); // a HEAD answer has no body
			return;
		}
		if (pending) {
			// Answered without reading the body (too large, or refused before it): the connection is closed after the
			// answer instead of the JDK's server reading the rest, which a stalled sender would never send.
			exchange.getResponseHeaders().set("Connection", "close");
			exchange.sendResponseHeaders(status, bytes.length);
			OutputStream out = exchange.getResponseBody();
			out.write(bytes);
			out.flush();
			BodyReader.hangUp(exchange);
			return;
		}
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
		bodies.close();
		intake.close();
	}
}
