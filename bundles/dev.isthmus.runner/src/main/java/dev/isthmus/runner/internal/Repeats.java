package dev.isthmus.runner.internal;

/**
 * When to say again in the log something that goes on (a step failing the same way, a database silent or slow): it
 * is said at once, then after ten seconds, and at doubling intervals up to every five minutes. Repeating it at every
 * try (once a second per flow and target) buried the one line that said what to do.
 */
final class Repeats {

	private static final long FIRST_NANOS = 10_000_000_000L;
	private static final long LONGEST_NANOS = 300_000_000_000L;

	private long interval = FIRST_NANOS;
	private long next;
	private volatile long lastSeen;

	/** It has just been said, at {@code now} (System.nanoTime). */
	Repeats(long now) {
		this.next = now + FIRST_NANOS;
		this.lastSeen = now;
	}

	/** It is still so at {@code now}: whether to say it again now (the next time moves on when it is). */
	synchronized boolean due(long now) {
		lastSeen = now;
		if (now - next < 0) {
			return false;
		}
		interval = Math.min(LONGEST_NANOS, interval * 2);
		next = now + interval;
		return true;
	}

	/** When it was last seen going on (System.nanoTime). */
	long lastSeen() {
		return lastSeen;
	}
}
