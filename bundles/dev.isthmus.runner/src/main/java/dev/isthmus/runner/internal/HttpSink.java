package dev.isthmus.runner.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sends each delivery to an HTTP API with the JDK's client: the endpoint's method and URL ({@code {field}} in the
 * URL takes the record's field: see {@link UrlTemplate}), JSON body (a form's body for a {@code form} record: see
 * {@link FormBody}), authentication from the environment, the endpoint's own headers (see
 * {@link RequestHeaders}), a timeout, the endpoint's rate, and an {@code Idempotency-Key} header that stays the
 * same when a delivery is sent again. A 2xx is a delivery once its status has come, whatever becomes of its body; a
 * 3xx (no redirect is followed) or a 4xx answer is final (the record becomes a dead letter with the answer); a 401,
 * 403 or 407 also fails the target (see {@link RefusedCredentials}); a 5xx, 408, 425, 429, a timeout or a refused
 * connection is worth retrying, not before the answer's {@code Retry-After}.
 * Of an answer's body only its start is read (see {@link AnswerExcerpt}), and whatever the sink says has the
 * environment's secrets taken out.
 */
final class HttpSink implements Sink {

	private final HttpClient client;
	private final String method;
	private final String url;
	private final HttpAuth auth;
	private final Duration timeout;
	static final Duration LONGEST_TIMEOUT = Duration.ofDays(1);

	/**
	 * A timeout as waited for: the JDK counts a request's time in nanoseconds, and past about 292 years every request
	 * failed with "long overflow"; no answer is waited for longer than {@link #LONGEST_TIMEOUT}.
	 */
	static Duration bounded(Duration timeout) {
		return timeout.compareTo(LONGEST_TIMEOUT) > 0 ? LONGEST_TIMEOUT : timeout;
	}
	private final RateLimit rate;
	private final Environment environment;
	private final RequestHeaders headers;
	/** Whether the body is the record form-encoded ({@code "format": "form"}), not its JSON. */
	private final boolean form;
	/** What to say when the target refuses the runner's credentials. */
	private final RefusedCredentials refusedCredentials;
	private volatile BooleanSupplier stop = () -> false;

	HttpSink(JsonNode endpoint, String url, String secret, Duration timeout, Environment environment) {
		this(endpoint, url, secret, timeout, environment, RequestHeaders.NONE);
	}

	/** With the endpoint's own headers (see {@link RequestHeaders}), checked and read from the environment at start-up. */
	HttpSink(JsonNode endpoint, String url, String secret, Duration timeout, Environment environment, RequestHeaders headers) {
		this.headers = headers;
		this.method = endpoint.path("transport").path("method").asText("POST");
		this.form = "form".equals(endpoint.path("format").asText());
		this.refusedCredentials = new RefusedCredentials(endpoint);
		this.url = url;
		this.timeout = bounded(timeout);
		this.environment = environment;
		this.client = HttpClient.newBuilder().connectTimeout(this.timeout).version(HttpClient.Version.HTTP_1_1).build();
		this.auth = HttpAuth.of(endpoint, secret, environment);
		this.atOnce = Math.max(1, endpoint.path("concurrency").asInt(AT_ONCE));
		JsonNode r = endpoint.get("rate");
		this.rate = r == null ? null : new RateLimit(r.get("count").asInt(), Duration.parse(r.get("per").asText()));
	}

	/**
	 * The timeout and rate of a flow's deliveries here, where the flow or its target names them ({@code to Api.t
	 * [timeout 1s rate 1 per 2s]}); the endpoint's own otherwise. A flow's rate applies beside the endpoint's, and
	 * starts afresh at a restart (the endpoint's carries over, see {@link #pace}).
	 */
	void forFlow(String flow, Duration timeout, JsonNode rate) {
		if (timeout != null) {
			flowTimeouts.put(flow, bounded(timeout));
		}
		if (rate != null) {
			flowRates.put(flow, new RateLimit(rate.get("count").asInt(), Duration.parse(rate.get("per").asText())));
		}
	}

	private final java.util.Map<String, Duration> flowTimeouts = new java.util.concurrent.ConcurrentHashMap<>();
	private final java.util.Map<String, RateLimit> flowRates = new java.util.concurrent.ConcurrentHashMap<>();

	/** The most requests one delivery sends. */
	static final int LONGEST_CHUNK = 50;
	/**
	 * How many of a delivery's requests are under way at once: one at a time, a target answering in 300 ms took three
	 * records a second. Four, modest for a SaaS or ERP API that limits a client's concurrent requests; a target that
	 * has too many answers 429 (or 503), and the request is retried.
	 */
	static final int AT_ONCE = 4;
	/** The endpoint's {@code concurrency}, else {@link #AT_ONCE}. */
	private final int atOnce;
	/** The threads the requests wait on (see {@link #atOnce}): virtual, as they only wait. */
	private final java.util.concurrent.ExecutorService requests = java.util.concurrent.Executors
			.newThreadPerTaskExecutor(Thread.ofVirtual().name("isthmus-http-", 0).factory());
	/** About how long one delivery may take: its results are booked (journal, metrics, latency, traces) when it ends. */
	static final Duration CHUNK_TIME = Duration.ofSeconds(1);

	/**
	 * Sized by what the target answered last: as many requests as were answered in about {@link #CHUNK_TIME}, times
	 * those that go at once ({@link #atOnce}); as many as go at once before anything is known (fifty requests that
	 * each time out would be booked together, late by their timeouts).
	 */
	private volatile int answeredInChunkTime = 1;

	/**
	 * A delivery's results are booked when it ends, so a delivery takes no more rows than go out in about a second:
	 * under a rate, what the rate lets through in that time (rate 5 per 1s took 50 rows, and for ten seconds nothing
	 * was counted delivered); otherwise as many as the target answered in that time when last asked.
	 */
	@Override
	public int batchSize() {
		int chunk = (int) Math.min(LONGEST_CHUNK, (long) answeredInChunkTime * atOnce);
		for (RateLimit flowRate : flowRates.values()) {
			chunk = Math.min(chunk, flowRate.within(CHUNK_TIME));
		}
		return rate == null ? chunk : Math.min(chunk, rate.within(CHUNK_TIME));
	}

	@Override
	public String pace() {
		return rate == null ? null : rate.state();
	}

	@Override
	public void resumePace(String pace) {
		if (rate != null) {
			rate.resume(pace);
		}
	}

	@Override
	public void stopWhen(BooleanSupplier stop) {
		this.stop = stop;
	}

	/**
	 * Sends a delivery's requests, up to {@link #atOnce} at a time, and says what became of each, in order: a row the
	 * runner stopped before it was answered (or never sent) has no result ({@code null}) and stays pending. The outbox
	 * gives a delivery one row of a key (see {@link EndpointOutbox}), so requests that must land in order are never
	 * under way together.
	 */
	@Override
	public List<Result> deliver(List<Pending> rows) throws InterruptedException {
		Result[] results = new Result[rows.size()];
		java.util.concurrent.Semaphore free = new java.util.concurrent.Semaphore(atOnce);
		List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
		AtomicReference<Throwable> failed = new AtomicReference<>();
		java.util.concurrent.atomic.AtomicLong longest = new java.util.concurrent.atomic.AtomicLong();
		java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
		long waited = 0; // for answers, not for the rate: a chunk under a rate takes its second by design
		try {
			for (int i = 0; i < rows.size() && failed.get() == null; i++) {
				Pending row = rows.get(i);
				// A target that answered quickly and now hangs: what was answered is booked now, not after the rest of
				// the chunk has timed out; the rest stay pending, the deliverer takes them next.
				if (answered.get() && waited > CHUNK_TIME.toNanos()) {
					break;
				}
				long start = System.nanoTime();
				boolean turn;
				while (!(turn = free.tryAcquire(100, TimeUnit.MILLISECONDS)) && !stop.getAsBoolean()) {
					// a request under way ends within its timeout and a second, or at the stop
				}
				waited += System.nanoTime() - start;
				if (!turn) {
					break;
				}
				// A runner that stops sends nothing more: the rows not sent stay pending, and what was answered is kept.
				RateLimit flowRate = flowRates.get(row.flow());
				if (stop.getAsBoolean() || rate != null && !rate.acquire(stop)) {
					free.release();
					break;
				}
				if (flowRate != null && !flowRate.acquire(stop)) {
					free.release();
					if (rate != null) {
						rate.ended();
					}
					break;
				}
				int at = i;
				sent.add(requests.submit(() -> {
					long begun = System.nanoTime();
					try {
						// null: stopped while waiting for the answer; the row is sent again, with its key, at the next start
						results[at] = send(row);
						answered.compareAndSet(false, results[at] != null);
					} catch (Throwable e) {
						failed.compareAndSet(null, e);
					} finally {
						longest.accumulateAndGet(System.nanoTime() - begun, Math::max);
						if (rate != null) {
							rate.ended();
						}
						if (flowRate != null) {
							flowRate.ended();
						}
						free.release();
					}
				}));
			}
			// every request answered, failed or given up (each waits at most its timeout and a second, or the stop)
			free.acquire(atOnce);
		} catch (InterruptedException e) {
			sent.forEach(request -> request.cancel(true));
			throw e;
		} finally {
			if (longest.get() > 0) {
				// by the slowest answer: a target that slows down is booked request by request at once
				answeredInChunkTime = (int) Math.max(1, Math.min(LONGEST_CHUNK, CHUNK_TIME.toNanos() / longest.get()));
			}
		}
		Throwable failure = failed.get();
		if (failure instanceof InterruptedException e) {
			throw e;
		} else if (failure instanceof RuntimeException e) {
			throw e;
		} else if (failure instanceof Error e) {
			throw e; // the runner's thread failure (see Runner): not one request's
		} else if (failure != null) {
			throw new IllegalStateException(failure);
		}
		return java.util.Arrays.asList(results);
	}

	/** The row's result, with every secret taken out of what it says (it goes to dead letters, traces and the log). */
	private Result send(Pending row) throws InterruptedException {
		Result result = attempt(row);
		return result == null || result.detail() == null ? result
				: new Result(result.kind(), environment.redact(result.detail()), result.retryAfter());
	}

	private Result attempt(Pending row) throws InterruptedException {
		Duration timeout = flowTimeouts.getOrDefault(row.flow(), this.timeout);
		URI uri;
		try {
			uri = URI.create(UrlTemplate.expand(url, row.record()));
		} catch (IllegalArgumentException | IOException e) {
			return new Result(Kind.PERMANENT, "the URL cannot be built for this record: " + e.getMessage());
		}
		HttpRequest.BodyPublisher body;
		try {
			body = method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(form ? FormBody.of(row.record()) : row.record());
		} catch (IOException e) {
			return new Result(Kind.PERMANENT, "the record cannot be sent as a form: " + e.getMessage());
		}
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(uri);
		} catch (IllegalArgumentException e) {
			// A URL without a scheme or a host (a template value that is not a host name): this record's fault alone.
			return new Result(Kind.PERMANENT, "the URL built for this record is not one to send to: " + uri + " (" + e.getMessage() + ")");
		}
		request.timeout(timeout).method(method, body).header("Idempotency-Key", row.idempotencyKey());
		headers.addTo(request, form ? FormBody.CONTENT_TYPE : "application/json"); // the endpoint's, and the Content-Type unless it names one
		if (row.correlation() != null) {
			request.header("X-Correlation-Id", row.correlation().replaceAll("[^\\x20-\\x7e]", "?"));
		}
		auth.addTo(request);
		try {
			Answer response = answerResending(request.build(), timeout);
			if (response == null) {
				return null;
			}
			int status = response.status();
			if (status >= 200 && status < 300) {
				return Result.OK;
			}
			String answer = "HTTP " + status + " from " + method + " " + uri + ": ";
			if (status >= 300 && status < 400) {
				// Sending a record on to another URL is for the endpoint's configuration to say, so no redirect is followed.
				String location = response.headers().firstValue("Location").orElse("(no Location given)");
				answer += "redirects to " + location + "; the runner follows no redirect: point the endpoint at the new URL, then replay"
						+ (response.excerpt().isEmpty() ? "" : " (" + response.excerpt() + ")");
			} else {
				answer += response.excerpt();
			}
			if (RefusedCredentials.refused(status)) {
				// The runner's credentials, not the record, are refused: every record would be, so the target is failing.
				return new Result(Kind.DENIED, answer + (response.excerpt().isEmpty() ? "" : "; ") + refusedCredentials.advice(status));
			}
			boolean retry = status >= 500 || status == 408 || status == 425 || status == 429;
			return new Result(retry ? Kind.RETRY : Kind.PERMANENT, answer,
					retry ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now()) : null);
		} catch (HttpConnectTimeoutException e) {
			return new Result(Kind.RETRY, "cannot reach " + uri + ": no connection within " + timeout.toMillis() + " ms");
		} catch (HttpTimeoutException e) {
			String what = e.getMessage() != null && e.getMessage().startsWith("HTTP ") ? e.getMessage() : "no answer";
			return new Result(Kind.RETRY, what + " within " + timeout.toMillis() + " ms from " + method + " " + uri);
		} catch (IOException e) {
			if (beforeSending(e)) {
				return new Result(Kind.RETRY, "cannot reach " + uri + ": " + e + untrusted(e));
			}
			// The target took the connection and perhaps the request, then closed it: "cannot reach" sent users
			// looking for a network fault while the target may have done what was asked.
			return new Result(Kind.RETRY, "no answer from " + method + " " + uri + ": the connection closed before a response ("
					+ (e.getMessage() == null ? e : e.getMessage()) + "); the request may have arrived, so a retry sends it with the same"
					+ " Idempotency-Key");
		}
	}

	/**
	 * How many times a request whose connection closed before any answer is sent again at once, within its timeout.
	 * A target closing idle kept-alive connections drops a request that comes on one as it closes; the JDK sends it
	 * again once, on another pooled connection that may be closing too (review 37: 5 of 160 requests of a flow
	 * without retry were dead letters). The target sees the same Idempotency-Key each time.
	 */
	static final int CLOSED_RESENDS = 2;

	/** {@link #answer}, sent again when the connection closed under it (see {@link #CLOSED_RESENDS}). */
	private Answer answerResending(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int resent = 0;; resent++) {
			try {
				return answer(request, timeout);
			} catch (IOException e) {
				long left = deadline - System.nanoTime();
				// a timeout or a refused connection is the target's state, not a connection that went stale
				if (e instanceof HttpTimeoutException || beforeSending(e) || stop.getAsBoolean()) {
					throw e;
				}
				if (resent == CLOSED_RESENDS || left < TimeUnit.MILLISECONDS.toNanos(1)) {
					throw resent == 0 ? e : new IOException((e.getMessage() == null ? e.toString() : e.getMessage()) + "; sent " + (resent + 1)
							+ " times, each closed unanswered", e);
				}
				timeout = Duration.ofNanos(left);
			}
		}
	}

	/** Whether a failed exchange failed before the request could go out: no connection, no such host, no TLS. */
	static boolean beforeSending(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException
					|| t instanceof java.nio.channels.UnresolvedAddressException || t instanceof javax.net.ssl.SSLHandshakeException
					|| t instanceof HttpConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The least wait a {@code Retry-After} asks for: seconds, or an HTTP date; {@code null} when there is none or it
	 * cannot be read (the retry policy's wait stands then).
	 */
	static Duration retryAfter(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String v = value.trim();
		if (v.matches("\\d{1,12}")) {
			return Duration.ofSeconds(Long.parseLong(v));
		}
		try {
			Duration until = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			return until.isNegative() ? Duration.ZERO : until;
		} catch (DateTimeParseException e) {
			return null;
		}
	}

	/** What to do when the target's TLS certificate is not one this Java trusts (review 21: the JDK's words alone). */
	private static String untrusted(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof javax.net.ssl.SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX path building failed")) {
				return "; the target's TLS certificate is signed by no authority this Java trusts: add its CA to a trust store and give the"
						+ " runner JAVA_OPTS=\"-Djavax.net.ssl.trustStore=<file> -Djavax.net.ssl.trustStorePassword=<password>\"";
			}
		}
		return "";
	}

	/**
	 * Sends and waits for the status and headers, and for the body only as far as it is kept (see
	 * {@link AnswerExcerpt}), at most the timeout and a grace second: the request's own timeout ends with the headers,
	 * and a target that sends them and then stalls would hold the deliverer (and a run with --once) for ever.
	 * {@code null} when the runner stopped meanwhile: the request is given up.
	 */
	private Answer answer(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
		AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
		AtomicReference<AnswerExcerpt> excerpt = new AtomicReference<>();
		// Completes when the excerpt is complete or the exchange ends. The excerpt is waited for itself, not through
		// the client's answer: a 2xx is complete with its headers, and the client's answer was seen to wait on.
		CompletableFuture<Void> ready = new CompletableFuture<>();
		CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request, info -> {
			AnswerExcerpt body = new AnswerExcerpt(info.statusCode() >= 200 && info.statusCode() < 300);
			head.set(info);
			excerpt.set(body);
			body.getBody().whenComplete((text, failure) -> ready.complete(null));
			// a body that stalls does not keep its connection for ever
			CompletableFuture.delayedExecutor(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).execute(body::cancel);
			return body;
		});
		answer.whenComplete((response, failure) -> ready.complete(null));
		long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
		try {
			while (true) {
				if (stop.getAsBoolean()) {
					answer.cancel(true);
					return null;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					answer.cancel(true);
					throw new HttpTimeoutException(head.get() == null ? "no answer" : "HTTP " + head.get().statusCode() + " but not the rest of the answer");
				}
				try {
					ready.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS); // in short steps, to see a stop
				} catch (TimeoutException e) {
					continue;
				}
				AnswerExcerpt body = excerpt.get();
				if (body != null && body.getBody().toCompletableFuture().isDone()) {
					return new Answer(head.get().statusCode(), head.get().headers(),
							environment.redactCut(body.getBody().toCompletableFuture().join()));
				}
				answer.get(); // ended without an answer: its failure is thrown
				throw new IOException("the exchange ended without an answer");
			}
		} catch (ExecutionException e) {
			if (e.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException(String.valueOf(e.getCause()), e.getCause());
		} catch (InterruptedException e) {
			answer.cancel(true);
			throw e;
		}
	}

	/** What the target answered: its status, headers and the start of its body. */
	private record Answer(int status, HttpHeaders headers, String excerpt) {
	}

	/** A PUT, PATCH or DELETE changes what its URL names: requests to one URL land in the order they were written. */
	@Override
	public boolean ordersByKey() {
		return method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE");
	}

	@Override
	public String orderKey(Pending row) {
		try {
			return ordersByKey() ? UrlTemplate.expand(url, row.record()) : null;
		} catch (IOException e) {
			return null; // no URL: the row is a dead letter at its first attempt, and holds back nothing
		}
	}

	@Override
	public void close() {
		// Answers still awaited when the runner closes are for no one: close does not wait for them.
		client.shutdownNow();
		requests.shutdownNow();
	}
}
