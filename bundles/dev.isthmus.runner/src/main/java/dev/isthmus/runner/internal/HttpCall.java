package dev.isthmus.runner.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.EndpointCalls;
import dev.isthmus.engine.RecordError;
import dev.isthmus.engine.Values;

/**
 * The calls of {@code enrich … with call} steps to one http endpoint: a GET to its URL, each {@code {field}} filled
 * from the flow's record (see {@link UrlTemplate}), with the endpoint's auth, headers, timeout and rate, and the
 * record's correlation id. A 2xx answer's JSON is the answer; a 404 or 410 (or a 204) says there is no such record.
 * A 5xx, 408, 425, 429, a timeout or a connection refused is tried again by the flow's retry policy — the flow waits
 * meanwhile, so no wait is longer than {@link #LONGEST_WAIT} — and, still failing, makes the record a dead letter, as
 * does any other answer (a 400, a redirect, a body that is not JSON or is longer than {@link #LONGEST_ANSWER}). A
 * 401, 403 or 407 refuses the runner's credentials, not the record: the flow is held up ({@link FlowPaused}) until
 * they are right, rather than every record dead-lettered. Whatever a call says has the environment's secrets taken out.
 */
final class HttpCall {

	/** The longest wait between two attempts of one call: the flow's later records wait behind it. */
	static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
	/** The most of an answer read: the answer goes into the record, its journal rows and its trace. */
	static final int LONGEST_ANSWER = 1024 * 1024;

	private final String name;
	private final String url;
	private final HttpAuth auth;
	private final RequestHeaders headers;
	private final Duration timeout;
	private final RateLimit rate;
	private final Environment environment;
	private final RefusedCredentials refusedCredentials;
	private final HttpClient client;
	private final Metrics metrics;
	private final JsonLog log;
	private volatile BooleanSupplier stop = () -> false;
	/** The endpoint's answers kept ({@code cache} of the endpoint), or {@code null} for none. */
	private final CallCache cache;
	/** How many calls a batch has under way at once (see {@link #askAhead}): the endpoint's {@code concurrency}, 4 when not said. */
	private final int atOnce;
	/**
	 * Whether the endpoint's last answer refused the runner's credentials: the flow is held up and tries its batch
	 * again each second, and no calls go ahead of it until one is answered (review 40: a burst each time).
	 */
	private volatile boolean refusing;

	HttpCall(String name, JsonNode endpoint, Endpoints.HttpParts http, Environment environment, Metrics metrics, JsonLog log) {
		this.name = name;
		this.metrics = metrics;
		this.log = log;
		for (String outcome : List.of("answered", "none", "failed")) {
			metrics.count("isthmus_calls_total", Metrics.labels("endpoint", name, "outcome", outcome), 0);
		}
		metrics.count("isthmus_call_failures_total", Metrics.labels("endpoint", name), 0);
		metrics.declareHistogram("isthmus_call_latency_seconds", Metrics.labels("endpoint", name));
		this.cache = endpoint.has("cache") ? new CallCache(Duration.parse(endpoint.get("cache").asText())) : null;
		this.atOnce = Math.max(1, endpoint.path("concurrency").asInt(HttpSink.AT_ONCE));
		if (cache != null) {
			metrics.count("isthmus_call_cache_hits_total", Metrics.labels("endpoint", name), 0);
		}
		this.url = http.url();
		this.auth = HttpAuth.of(endpoint, http.secret(), environment);
		this.headers = http.headers();
		this.timeout = HttpSink.bounded(http.timeout());
		this.environment = environment;
		this.refusedCredentials = new RefusedCredentials(endpoint);
		JsonNode r = endpoint.get("rate");
		this.rate = r == null ? null : new RateLimit(r.get("count").asInt(), Duration.parse(r.get("per").asText()));
		this.client = HttpClient.newBuilder().connectTimeout(this.timeout).version(HttpClient.Version.HTTP_1_1).build();
	}

	/** A runner that stops asks no more: a call waiting ends, and its flow's batch is read again at the next start. */
	void stopWhen(BooleanSupplier stop) {
		this.stop = stop;
	}

	/**
	 * The answer for {@code record}: tried as the flow's {@code retry} policy says (its configuration's JSON, or
	 * {@code null} for one attempt), under the flow's {@code timeout} when it names one.
	 */
	EndpointCalls.Answer ask(String flow, Map<String, Object> record, String correlation, String retry, Duration flowTimeout, Ahead ahead) {
		Duration wait = flowTimeout == null ? timeout : HttpSink.bounded(flowTimeout);
		URI uri;
		try {
			uri = uri(record);
		} catch (IOException | IllegalArgumentException e) {
			throw failed("the URL cannot be built for this record: " + e.getMessage() + "; correct the record (or the fields the URL names),"
					+ " then replay the dead letter");
		}
		String where = "GET " + environment.redact(uri.toString());
		CallCache.Kept kept = cache == null ? null : cache.get(uri.toString());
		if (kept != null) {
			metrics.count("isthmus_call_cache_hits_total", Metrics.labels("endpoint", name), 1);
			return new EndpointCalls.Answer(kept.json(), where + ": " + kept.status() + " (kept in the endpoint's cache)");
		}
		for (int attempt = 1;; attempt++) {
			long start = System.nanoTime();
			// The first attempt may have been made ahead, beside the batch's other calls.
			Made made = attempt == 1 && ahead != null ? ahead.take(uri.toString(), correlation) : null;
			Attempt result = made != null ? made.attempt : attempt(uri, correlation, wait);
			String attempts = attempt == 1 ? "" : " (attempt " + attempt + ")";
			if (result.kind == Kind.ANSWER || result.kind == Kind.NONE) {
				metrics.observe("isthmus_call_latency_seconds", Metrics.labels("endpoint", name),
						made != null ? made.seconds : (System.nanoTime() - start) / 1e9);
				metrics.count("isthmus_calls_total", Metrics.labels("endpoint", name, "outcome", result.kind == Kind.ANSWER ? "answered" : "none"), 1);
				JsonNode json = result.kind == Kind.ANSWER ? result.json : null;
				if (cache != null) {
					cache.keep(uri.toString(), json, result.status, result.bytes);
				}
				return new EndpointCalls.Answer(json, where + ": " + result.status + attempts);
			}
			metrics.count("isthmus_call_failures_total", Metrics.labels("endpoint", name), 1);
			switch (result.kind) {
				case REFUSED -> throw failed(result.detail + attempts + (result.status == 403 ? ""
						: "; correct the record or the endpoint, then replay the dead letter"));
				case DENIED -> throw new FlowPaused(environment.redact(result.detail));
				default -> {
					java.time.Duration next = Retries.backoff(retry, attempt, result.retryAfter);
					if (next == null) {
						throw failed(result.detail + " — " + (attempt == 1 ? "no retry policy (retry N times …) tries it again"
								: attempt + " attempts") + "; replay the dead letter once " + name + " answers");
					}
					next = next.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : next;
					// The flow waits meanwhile: said, so that an operator sees why its records do not move.
					log.warn("call.retrying", "flow", flow, "endpoint", name, "correlation", correlation, "attempt", attempt, "wait", next.toString(),
							"reason", environment.redact(result.detail));
					pause(next);
				}
			}
		}
	}

	private URI uri(Map<String, Object> record) throws IOException {
		URI uri = URI.create(UrlTemplate.expand(url, Values.toJson(record)));
		HttpRequest.newBuilder(uri); // refuses what no request can be sent to
		return uri;
	}

	/** A call's first attempt made ahead, and how long it took. */
	private record Made(Attempt attempt, double seconds) {
	}

	/**
	 * A batch's first attempts made ahead, by URL and the correlation id they were sent with; each {@link #ask} takes
	 * the one for its request, if any, as its first attempt. Filled by {@link #askAhead}, for the flow's thread to take
	 * from once it is done.
	 */
	static final class Ahead {
		private final Map<String, java.util.Deque<Made>> byRequest = new java.util.concurrent.ConcurrentHashMap<>();

		private void put(String url, String correlation, Made made) {
			byRequest.computeIfAbsent(correlation + " " + url, u -> new java.util.concurrent.ConcurrentLinkedDeque<>()).add(made);
		}

		private Made take(String url, String correlation) {
			java.util.Deque<Made> made = byRequest.get(correlation + " " + url);
			return made == null ? null : made.poll();
		}
	}

	/**
	 * Makes the first attempts of a batch's calls ({@code asked}: each record at its call, with its correlation id)
	 * side by side, up to the endpoint's {@code concurrency} at once, for the flow's thread to take as it decides the
	 * batch's records in order: a flow waited for each call in turn, so an endpoint answering in 50 ms let it enrich
	 * 20 records a second. The answers are what each record would have got a moment later; what they mean (a retry,
	 * a dead letter, the flow held up) is decided by {@link #ask} as before. With a {@code cache}, a URL is asked
	 * once (the first record keeps its answer for the others); without, each record asks, as it would have. The first
	 * call is made alone, and no further one once an answer says the endpoint is failing (a 5xx, a timeout, refused
	 * credentials): the flow's thread then asks as before, record by record, under the retry policy — a batch does not
	 * send every record's request to an endpoint that is down or refuses the runner. Nor once the answers hold
	 * {@link CallCache#BYTES} of text.
	 */
	Ahead askAhead(List<Map<String, Object>> records, List<String> correlations, Duration flowTimeout) {
		Ahead ahead = new Ahead();
		Duration wait = flowTimeout == null ? timeout : HttpSink.bounded(flowTimeout);
		List<URI> uris = new java.util.ArrayList<>();
		List<String> correlationOf = new java.util.ArrayList<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (int i = 0; i < records.size(); i++) {
			try {
				URI uri = uri(records.get(i));
				if (cache == null || cache.get(uri.toString()) == null && seen.add(uri.toString())) {
					uris.add(uri);
					correlationOf.add(correlations.get(i));
				}
			} catch (IOException | IllegalArgumentException e) {
				// the record's own call says so
			}
		}
		if (uris.size() < 2 || refusing) {
			return ahead;
		}
		java.util.concurrent.atomic.AtomicBoolean halt = new java.util.concurrent.atomic.AtomicBoolean();
		java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
		Runnable[] calls = new Runnable[uris.size()];
		for (int i = 0; i < calls.length; i++) {
			URI uri = uris.get(i);
			String correlation = correlationOf.get(i);
			calls[i] = () -> {
				long start = System.nanoTime();
				Attempt result;
				try {
					result = attempt(uri, correlation, wait);
				} catch (FlowPaused e) {
					halt.set(true); // stopping: the flow's own call says so
					return;
				}
				ahead.put(uri.toString(), correlation, new Made(result, (System.nanoTime() - start) / 1e9));
				if (result.kind == Kind.RETRY || result.kind == Kind.DENIED || bytes.addAndGet(result.bytes) > CallCache.BYTES) {
					halt.set(true);
				}
			};
		}
		try {
			calls[0].run();
		} catch (RuntimeException e) {
			return ahead; // the record's own call meets it again, and says so
		}
		java.util.concurrent.Semaphore turns = new java.util.concurrent.Semaphore(atOnce);
		try (java.util.concurrent.ExecutorService side = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 1; i < calls.length && !halt.get() && !stop.getAsBoolean(); i++) {
				turns.acquire();
				if (halt.get()) {
					turns.release(); // a failure came back while this one waited for its turn
					break;
				}
				Runnable call = calls[i];
				side.execute(() -> {
					try {
						if (!halt.get()) {
							call.run();
						}
					} finally {
						turns.release();
					}
				});
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return ahead;
	}

	/** Forgets an answer the engine found unfit for the endpoint's record: the next call asks again (review 33). */
	void forget(EndpointCalls.Answer answer) {
		if (cache != null && answer.json() != null) {
			cache.forget(answer.json());
		}
	}

	private RecordError failed(String detail) {
		metrics.count("isthmus_calls_total", Metrics.labels("endpoint", name, "outcome", "failed"), 1);
		return new RecordError("call " + name, environment.redact(detail), null);
	}

	private void pause(Duration wait) {
		long until = System.nanoTime() + wait.toNanos();
		try {
			while (System.nanoTime() < until) {
				if (stop.getAsBoolean()) {
					throw new FlowPaused("stopping: the call to " + name + " was waiting for its next attempt");
				}
				Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new FlowPaused("interrupted while the call to " + name + " waited for its next attempt");
		}
	}

	private enum Kind {
		ANSWER, NONE, REFUSED, DENIED, RETRY
	}

	private record Attempt(Kind kind, int status, JsonNode json, String detail, Duration retryAfter, long bytes) {

		Attempt(Kind kind, int status, JsonNode json, String detail, Duration retryAfter) {
			this(kind, status, json, detail, retryAfter, 0);
		}
	}

	private Attempt attempt(URI uri, String correlation, Duration wait) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(wait).GET().header("Accept", "application/json");
		headers.addTo(request, null); // a GET has no body to name the type of
		auth.addTo(request);
		if (correlation != null) {
			request.header("X-Correlation-Id", correlation.replaceAll("[^\\x20-\\x7e]", "?"));
		}
		String where = "GET " + uri;
		try {
			if (rate != null && !rate.acquire(stop)) {
				throw new FlowPaused("stopping: the call to " + name + " was waiting for its rate");
			}
			HttpResponse<byte[]> response;
			try {
				response = answer(request.build(), wait);
			} finally {
				if (rate != null) {
					rate.ended();
				}
			}
			int status = response.statusCode();
			boolean denied = RefusedCredentials.refused(status);
			refusing = denied;
			byte[] body = response.body();
			if (status == 404 || status == 410 || status == 204) {
				return new Attempt(Kind.NONE, status, null, null, null);
			}
			if (status >= 200 && status < 300) {
				if (body == null) {
					return new Attempt(Kind.REFUSED, status, null, "HTTP " + status + " from " + where + " with an answer longer than "
							+ LONGEST_ANSWER / 1024 + " KiB, more than a record takes", null);
				}
				try {
					JsonNode json = JsonText.INPUTS.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
							.readTree(body);
					if (json == null || json.isMissingNode()) {
						return new Attempt(Kind.REFUSED, status, null, "HTTP " + status + " from " + where + " with no answer in its body", null);
					}
					return new Attempt(Kind.ANSWER, status, json, null, null, body.length);
				} catch (JsonProcessingException e) {
					return new Attempt(Kind.REFUSED, status, null, "HTTP " + status + " from " + where + " with an answer that is not JSON ("
							+ JsonText.refusal(e, false) + "): " + AnswerExcerpt.of(body), null);
				}
			}
			String answer = "HTTP " + status + " from " + where + (body == null || body.length == 0 ? "" : ": " + AnswerExcerpt.of(body));
			if (status >= 300 && status < 400) {
				return new Attempt(Kind.REFUSED, status, null, answer + "; the runner follows no redirect: point the endpoint at "
						+ response.headers().firstValue("Location").orElse("the new URL"), null);
			}
			if (status == 403) {
				// Forbidden may be this record's alone (an account the runner may not see): a dead letter, not the flow held up.
				String check = refusedCredentials.check();
				return new Attempt(Kind.REFUSED, status, null, answer + "; this record is forbidden to the runner — if " + name
						+ " forbids every record, " + (check == null ? "give the endpoint its auth (auth bearer|basic|api-key env NAME)"
								: check + " and what " + name + " lets them do") + ", then replay the dead letters (isthmus dlq replay --flow …)", null);
			}
			if (denied) {
				return new Attempt(Kind.DENIED, status, null, answer + "; " + refusedCredentials.advice(status,
						": the flow's records are kept, not dead-lettered, and go on once they are accepted").replace("the target", name), null);
			}
			boolean retry = status >= 500 || status == 408 || status == 425 || status == 429;
			return new Attempt(retry ? Kind.RETRY : Kind.REFUSED, status, null, answer,
					retry ? HttpSink.retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now()) : null);
		} catch (HttpConnectTimeoutException e) {
			return new Attempt(Kind.RETRY, 0, null, "cannot reach " + uri + ": no connection within " + wait.toMillis() + " ms", null);
		} catch (HttpTimeoutException e) {
			return new Attempt(Kind.RETRY, 0, null, "no answer within " + wait.toMillis() + " ms from " + where, null);
		} catch (IOException e) {
			return new Attempt(Kind.RETRY, 0, null, (HttpSink.beforeSending(e) ? "cannot reach " + uri : "no answer from " + where) + ": "
					+ (e.getMessage() == null ? e : e.getMessage()), null);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new FlowPaused("interrupted while calling " + name);
		}
	}

	/**
	 * Sends and waits for the whole answer, at most the timeout and a grace second (the request's own timeout ends with
	 * the headers, and a body that stalls would hold the flow), looking in short steps for a stop.
	 */
	private HttpResponse<byte[]> answer(HttpRequest request, Duration wait) throws IOException, InterruptedException {
		CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, info -> new BoundedBody(LONGEST_ANSWER));
		long deadline = System.nanoTime() + wait.toNanos() + TimeUnit.SECONDS.toNanos(1);
		try {
			while (true) {
				if (stop.getAsBoolean()) {
					answer.cancel(true);
					throw new FlowPaused("stopping: the call to " + name + " was waiting for its answer");
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					answer.cancel(true);
					throw new HttpTimeoutException("no answer");
				}
				try {
					return answer.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
				} catch (TimeoutException e) {
					// look for a stop, then wait on
				}
			}
		} catch (ExecutionException e) {
			if (e.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException(String.valueOf(e.getCause()), e.getCause());
		}
	}

	void close() {
		client.shutdownNow();
	}
}
