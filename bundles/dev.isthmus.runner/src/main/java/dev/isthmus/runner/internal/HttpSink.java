package dev.isthmus.runner.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends each delivery to an HTTP API with the JDK's client: the endpoint's method and URL ({@code {field}} in the
 * URL takes the record's field), JSON body, authentication from the environment, a timeout, the endpoint's rate,
 * and an {@code Idempotency-Key} header that stays the same when a delivery is sent again. A 4xx answer is
 * final (the record becomes a dead letter with the answer); a 5xx, 408, 429, a timeout or a refused connection
 * is worth retrying.
 */
final class HttpSink implements Sink {

	private static final ObjectMapper JSON = JsonText.RECORDS;
	private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

	private final HttpClient client;
	private final String method;
	private final String url;
	private final String authHeader;
	private final String authValue;
	private final Duration timeout;
	private final RateLimit rate;
	private final Environment environment;

	HttpSink(JsonNode endpoint, String url, String secret, Duration timeout, Environment environment) {
		this.method = endpoint.path("transport").path("method").asText("POST");
		this.url = url;
		this.timeout = timeout;
		this.environment = environment;
		this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
		JsonNode auth = endpoint.get("auth");
		String scheme = auth == null ? "" : auth.path("scheme").asText();
		switch (scheme) {
			case "bearer" -> {
				authHeader = "Authorization";
				authValue = "Bearer " + secret;
			}
			case "basic" -> {
				authHeader = "Authorization";
				authValue = "Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
			}
			case "api-key" -> {
				authHeader = auth.path("header").asText("X-Api-Key");
				authValue = secret;
			}
			default -> {
				authHeader = null;
				authValue = null;
			}
		}
		JsonNode r = endpoint.get("rate");
		this.rate = r == null ? null : new RateLimit(r.get("count").asInt(), Duration.parse(r.get("per").asText()));
	}

	@Override
	public int batchSize() {
		return 50;
	}

	@Override
	public List<Result> deliver(List<Pending> rows) throws InterruptedException {
		java.util.ArrayList<Result> results = new java.util.ArrayList<>();
		for (Pending row : rows) {
			if (rate != null) {
				rate.acquire();
			}
			results.add(send(row));
		}
		return results;
	}

	private Result send(Pending row) throws InterruptedException {
		URI uri;
		try {
			uri = URI.create(expand(url, row.record()));
		} catch (IllegalArgumentException | IOException e) {
			return new Result(Kind.PERMANENT, "the URL cannot be built for this record: " + e.getMessage());
		}
		HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(row.record());
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(uri);
		} catch (IllegalArgumentException e) {
			// A URL without a scheme or a host (a template value that is not a host name): this record's fault alone.
			return new Result(Kind.PERMANENT, "the URL built for this record is not one to send to: " + uri + " (" + e.getMessage() + ")");
		}
		request.timeout(timeout).method(method, body).header("Content-Type", "application/json")
				.header("Idempotency-Key", row.idempotencyKey());
		if (row.correlation() != null) {
			request.header("X-Correlation-Id", row.correlation().replaceAll("[^\\x20-\\x7e]", "?"));
		}
		if (authHeader != null) {
			request.header(authHeader, authValue);
		}
		try {
			Answer response = answer(request.build());
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return Result.OK;
			}
			String answer = "HTTP " + status + " from " + method + " " + uri + ": " + excerpt(response.body());
			boolean retry = status >= 500 || status == 408 || status == 425 || status == 429;
			return new Result(retry ? Kind.RETRY : Kind.PERMANENT, environment.redact(answer));
		} catch (HttpTimeoutException e) {
			String what = e.getMessage() != null && e.getMessage().startsWith("HTTP ") ? e.getMessage() : "no answer";
			return new Result(Kind.RETRY, what + " within " + timeout.toMillis() + " ms from " + method + " " + uri);
		} catch (IOException e) {
			return new Result(Kind.RETRY, environment.redact("cannot reach " + uri + ": " + e));
		}
	}

	/**
	 * Sends and waits for the whole answer, body included, at most the timeout and a grace second: the request's own
	 * timeout ends with the answer's headers, and a target that sends headers and then stalls would hold the
	 * deliverer (and a run with --once) for ever.
	 */
	private Answer answer(HttpRequest request) throws IOException, InterruptedException {
		java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request, info -> {
			status.set(info.statusCode());
			return HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);
		});
		try {
			HttpResponse<String> response = answer.get(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
			return new Answer(response.statusCode(), response.body());
		} catch (java.util.concurrent.TimeoutException e) {
			answer.cancel(true);
			if (status.get() >= 200 && status.get() < 300) {
				// The target said it took the record; only the rest of its answer is missing. Sending it again
				// would be the duplicate the Idempotency-Key is there to catch, not a retry.
				return new Answer(status.get(), "");
			}
			throw new HttpTimeoutException(status.get() == 0 ? "no answer" : "HTTP " + status.get() + " but not the rest of the answer");
		} catch (java.util.concurrent.ExecutionException e) {
			if (e.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException(String.valueOf(e.getCause()), e.getCause());
		} catch (InterruptedException e) {
			answer.cancel(true);
			throw e;
		}
	}

	/** What the target answered: its status and the answer's text. */
	private record Answer(int statusCode, String body) {
	}

	private static String excerpt(String body) {
		if (body == null) {
			return "";
		}
		return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
	}

	static String expand(String template, String record) throws IOException {
		Matcher m = FIELD.matcher(template);
		if (!m.find()) {
			return template;
		}
		JsonNode json = JSON.readTree(record);
		m.reset();
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			JsonNode value = json.get(m.group(1));
			if (value == null || value.isNull()) {
				throw new IOException("the record has no value for {" + m.group(1) + "}");
			}
			m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8).replace("+", "%20")));
		}
		m.appendTail(out);
		return out.toString();
	}

	@Override
	public void close() {
		client.close();
	}

	/** At most {@code count} calls per {@code per}, evenly spaced. */
	static final class RateLimit {
		private final long spacingNanos;
		private long next;

		RateLimit(int count, Duration per) {
			this.spacingNanos = per.toNanos() / Math.max(1, count);
		}

		synchronized void acquire() throws InterruptedException {
			long now = System.nanoTime();
			if (next > now) {
				long wait = next - now;
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				now = next;
			}
			next = now + spacingNanos;
		}
	}
}
