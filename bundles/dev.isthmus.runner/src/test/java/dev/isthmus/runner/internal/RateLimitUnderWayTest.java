package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A rate with requests side by side (see {@link HttpSink#AT_ONCE}): the limiter counted only requests that had ended,
 * so with {@code count} requests still under way a further one went once the spacing had passed, and the target saw
 * {@code count + 1} within one window. Requests under way now count as the latest.
 */
class RateLimitUnderWayTest {

	@Test
	void noRequestGoesWhileCountAreUnderWay() throws Exception {
		Duration per = Duration.ofMillis(400);
		RateLimit limit = new RateLimit(2, per);
		assertTrue(limit.acquire(() -> false));
		assertTrue(limit.acquire(() -> false)); // after the spacing, 200 ms
		// Both under way for a second, five spacings: the third is never given its turn (the stop ends the wait).
		long start = System.nanoTime();
		assertFalse(limit.acquire(() -> System.nanoTime() - start > 1_000_000_000L), "a third request went while two were under way");

		// A third waits while one ends on another thread, as a request's does: the wait holds the limiter's lock but for
		// its pauses (it slept holding it, and the request could never say it had ended: the deliverer hung).
		// (Threads of their own: the common pool has a single thread on two cores.)
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			java.util.concurrent.Future<Boolean> third = threads.submit(() -> limit.acquire(() -> false));
			Thread.sleep(200);
			long ended = System.nanoTime();
			threads.submit(limit::ended).get(30, java.util.concurrent.TimeUnit.SECONDS);
			assertTrue(third.get(30, java.util.concurrent.TimeUnit.SECONDS), "one ended: the next goes once the window since its end has passed");
			// A lower bound, not a speed: the window is counted from the end of the request two before.
			long waited = System.nanoTime() - ended;
			assertTrue(waited >= per.toNanos(), "went " + waited / 1_000_000 + " ms after the end, within " + per.toMillis() + " ms");
		} finally {
			threads.shutdownNow();
		}
	}
}
