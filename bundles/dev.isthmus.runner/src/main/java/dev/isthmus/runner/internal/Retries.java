package dev.isthmus.runner.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A failed delivery's retries: the wait before its next attempt, by the retry policy of its outbox row, and the
 * history of its attempts, which a dead letter carries.
 */
final class Retries {

	private static final ObjectMapper JSON = new ObjectMapper();

	private Retries() {
	}

	/** The longest {@code Retry-After} the runner honours: a target asking for a day is tried again after this. */
	static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

	/**
	 * How long to wait before attempt {@code attempts + 1}, or {@code null} when the policy allows no more: the
	 * policy's delay ({@link #backoff(String, int)}), or what the target asked for ({@code retryAfter}, a
	 * {@code Retry-After}, up to {@link #LONGEST_RETRY_AFTER}) when that is longer.
	 */
	static Duration backoff(String retry, int attempts, Duration retryAfter) {
		Duration wait = backoff(retry, attempts);
		if (wait == null || retryAfter == null) {
			return wait;
		}
		Duration asked = retryAfter.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : retryAfter;
		return asked.compareTo(wait) > 0 ? asked : wait;
	}

	/**
	 * How long to wait before attempt {@code attempts + 1}, or {@code null} when the policy allows no more.
	 * Exponential backoff doubles from the initial delay up to the maximum; fixed waits the initial delay. Jitter is
	 * added on top, up to a quarter of the delay, so that many records failing together do not come back together
	 * and no wait is shorter than the delay the policy names.
	 */
	static Duration backoff(String retry, int attempts) {
		if (retry == null) {
			return null;
		}
		JsonNode policy;
		try {
			policy = JSON.readTree(retry);
		} catch (java.io.IOException e) {
			return null;
		}
		if (attempts > policy.path("times").asInt(0)) {
			return null;
		}
		Duration initial = Duration.parse(policy.path("initial").asText("PT1S"));
		Duration maximum = Duration.parse(policy.path("maximum").asText("PT5M"));
		Duration wait = initial;
		if ("exponential".equals(policy.path("backoff").asText())) {
			for (int i = 1; i < attempts && wait.compareTo(maximum) < 0; i++) {
				wait = wait.multipliedBy(2);
			}
		}
		if (wait.compareTo(maximum) > 0) {
			wait = maximum;
		}
		long millis = wait.toMillis();
		return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 4 + 1));
	}

	/**
	 * The attempt history with this attempt added (JSON, as the outbox and a dead letter keep it); the history as it
	 * was when it cannot be read.
	 */
	static String history(String previous, int attempt, Instant at, String detail) {
		try {
			ArrayNode list = previous == null ? JSON.createArrayNode() : (ArrayNode) JSON.readTree(previous);
			ObjectNode entry = list.addObject();
			entry.put("attempt", attempt);
			entry.put("at", at.toString());
			entry.put("error", detail);
			return list.toString();
		} catch (java.io.IOException | ClassCastException e) {
			return previous;
		}
	}
}
