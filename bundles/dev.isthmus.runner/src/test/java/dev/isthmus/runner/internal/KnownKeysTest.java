package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The flow's known idempotency keys: found until they expire, through growth and expiry sweeps. */
class KnownKeysTest {

	@Test
	void keysAreKnownUntilTheyExpireThroughGrowthAndSweeps() {
		KnownKeys keys = new KnownKeys();
		int n = 50_000;
		for (int i = 0; i < n; i++) {
			// every other key lives longer: a sweep at 1,500 keeps those alone
			keys.put(keys.digest("ev-" + i), i % 2 == 0 ? 1_000 : 2_000);
		}
		assertEquals(n, keys.size());
		assertEquals(Long.MIN_VALUE, keys.expiry(keys.digest("ev-" + n)), "a key never put is not known");
		assertEquals(2_000, keys.expiry(keys.digest("ev-" + (n - 1))));

		keys.put(keys.digest("ev-0"), 500);
		assertEquals(1_000, keys.expiry(keys.digest("ev-0")), "a key put again keeps its later expiry");
		keys.put(keys.digest("ev-0"), 3_000);
		assertEquals(3_000, keys.expiry(keys.digest("ev-0")), "and takes a later one");
		assertEquals(n, keys.size());

		assertEquals(n / 2 - 1, keys.expire(1_500), "the short-lived keys but ev-0 go");
		for (int i = 0; i < n; i++) {
			long expiry = keys.expiry(keys.digest("ev-" + i));
			if (i == 0) {
				assertEquals(3_000, expiry);
			} else if (i % 2 == 0) {
				assertEquals(Long.MIN_VALUE, expiry, "ev-" + i + " expired");
			} else {
				assertEquals(2_000, expiry, "ev-" + i + " lives on");
			}
		}
		assertEquals(n / 2 + 1, keys.expire(5_000));
		assertEquals(0, keys.size());
	}

	/** A key given back is not known, the keys past it in its probe still are, and it can be put again. */
	@Test
	void aForgottenKeyIsNotKnownAndOthersStillAre() {
		KnownKeys keys = new KnownKeys();
		for (int i = 0; i < 5_000; i++) {
			keys.put(keys.digest("ev-" + i), 9_000);
		}
		keys.forget(keys.digest("ev-7"));
		keys.forget(keys.digest("never put"));
		assertEquals(0, keys.expiry(keys.digest("ev-7")));
		for (int i = 0; i < 5_000; i++) {
			if (i != 7) {
				assertEquals(9_000, keys.expiry(keys.digest("ev-" + i)), "ev-" + i);
			}
		}
		assertEquals(1, keys.expire(1_000), "the forgotten key's slot is freed by a sweep");
		keys.put(keys.digest("ev-7"), 9_500);
		assertEquals(9_500, keys.expiry(keys.digest("ev-7")));
	}

	@Test
	void aKeysDigestIsItsTextsNotItsLengthOrCase() {
		KnownKeys keys = new KnownKeys();
		assertEquals(keys.digest("ev-1"), keys.digest(new String("ev-1")));
		assertNotEquals(keys.digest("ev-1"), keys.digest("EV-1"));
		assertNotEquals(keys.digest("é"), keys.digest("e"));
	}
}
