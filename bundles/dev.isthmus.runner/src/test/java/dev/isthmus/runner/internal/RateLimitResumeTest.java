package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A rate across a restart: the limiter of a runner started again began its count afresh, so {@code rate 3 per 2s}
 * let 3 more requests go within the window the runner before it had filled. Now it continues from what the runner
 * before it kept ({@link RateLimit#state}).
 */
class RateLimitResumeTest {

	@Test
	void aLimiterStartedAgainWaitsForTheWindowItsPredecessorFilled() throws Exception {
		Duration per = Duration.ofSeconds(2);
		RateLimit before = new RateLimit(3, per);
		assertNull(before.state(), "nothing sent yet");
		for (int i = 0; i < 3; i++) {
			assertTrue(before.acquire(() -> false));
			before.ended();
		}
		long lastEnd = System.nanoTime();
		String state = before.state();

		RateLimit after = new RateLimit(3, per);
		after.resume(state);
		assertTrue(after.acquire(() -> false));
		long waited = System.nanoTime() - lastEnd;
		// A lower bound (the window's length less the state's millisecond rounding), not a speed.
		assertTrue(waited >= per.toNanos() - 2_000_000, "the fourth request went " + waited / 1_000_000 + " ms after the third ended, within "
				+ per.toMillis() + " ms");
	}

	@Test
	void anOldOrUnreadableStateIsIgnored() throws Exception {
		RateLimit limit = new RateLimit(1, Duration.ofHours(1));
		limit.resume("1 " + (System.currentTimeMillis() - Duration.ofHours(2).toMillis()));
		limit.resume("not a state");
		limit.resume(null);
		long start = System.nanoTime();
		assertTrue(limit.acquire(() -> System.nanoTime() - start > 1_000_000_000L), "the first request waits for nothing");
	}
}
