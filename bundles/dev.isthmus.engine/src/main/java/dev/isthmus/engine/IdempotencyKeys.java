package dev.isthmus.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Where an {@code idempotent} step remembers keys. The engine's default forgets nothing and knows no time; the
 * runner keeps keys in its journal with the step's time to live, inside the transaction that records the outcome.
 */
public interface IdempotencyKeys {

	/** Whether {@code key} is new within {@code ttl}; if it is, it counts as seen from now on. */
	boolean firstSeen(Object key, Duration ttl);

	/** Keys seen by this process only, forever: what a batch or a test needs. */
	static IdempotencyKeys inMemory() {
		Set<Object> seen = new HashSet<>();
		return (key, ttl) -> seen.add(key);
	}
}
