package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * How long a failed delivery waits: never less than the delay the retry policy names (jitter comes on top, at most a
 * quarter of it), exponential as fixed, and a target's Retry-After as the least wait, up to an hour.
 */
class RetryWaitTest {

	private static final String EXPONENTIAL = "{\"times\":6,\"backoff\":\"exponential\",\"initial\":\"PT0.1S\",\"maximum\":\"PT1S\"}";
	private static final String FIXED = "{\"times\":3,\"backoff\":\"fixed\",\"initial\":\"PT1S\",\"maximum\":\"PT1S\"}";

	@Test
	void noWaitIsShorterThanThePolicysDelayNorLongerThanAQuarterMore() {
		long[] delays = { 100, 200, 400, 800, 1000, 1000 }; // doubling from 100 ms, up to the 1 s maximum
		for (int round = 0; round < 500; round++) {
			for (int attempt = 1; attempt <= 6; attempt++) {
				long wait = Retries.backoff(EXPONENTIAL, attempt).toMillis();
				long delay = delays[attempt - 1];
				assertTrue(wait >= delay && wait <= delay + delay / 4, "attempt " + attempt + " waits " + wait + " ms for a delay of " + delay);
			}
			long fixed = Retries.backoff(FIXED, 1 + round % 3).toMillis();
			assertTrue(fixed >= 1000 && fixed <= 1250, "fixed 1 s waits " + fixed + " ms");
		}
		assertNull(Retries.backoff(FIXED, 4), "three retries, then a dead letter");
	}

	@Test
	void retryAfterIsTheLeastWaitUpToAnHour() {
		assertEquals(Duration.ofSeconds(30), Retries.backoff(FIXED, 1, HttpSink.retryAfter("30", Instant.now())));
		assertEquals(Retries.LONGEST_RETRY_AFTER, Retries.backoff(FIXED, 1, HttpSink.retryAfter("86400", Instant.now())));
		Instant now = Instant.parse("2026-01-02T10:00:00Z");
		assertEquals(Duration.ofSeconds(90), HttpSink.retryAfter("Fri, 02 Jan 2026 10:01:30 GMT", now));
		long shorter = Retries.backoff(FIXED, 1, HttpSink.retryAfter("0", now)).toMillis();
		assertTrue(shorter >= 1000, "a Retry-After shorter than the policy's delay does not shorten it: " + shorter);
		assertNull(HttpSink.retryAfter("soon", now), "an unreadable Retry-After leaves the policy's wait");
		assertNull(Retries.backoff(FIXED, 4, Duration.ofSeconds(5)), "no retry left: Retry-After changes nothing");
	}
}
