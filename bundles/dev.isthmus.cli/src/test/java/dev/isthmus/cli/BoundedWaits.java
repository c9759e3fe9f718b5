package dev.isthmus.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * How the runner's tests wait for a runner that runs on its own threads: each wait is bounded, so that a hang fails
 * its test instead of holding the build.
 */
final class BoundedWaits {

	private BoundedWaits() {
	}

	/** Waits (at most 90 s, then fails saying {@code what}) until the condition holds. */
	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("gave up waiting: " + what);
			}
			sleep(50);
		}
	}

	/** A condition that may not be readable yet (a database restarting): throwing counts as not holding. */
	interface Check {
		boolean holds() throws Exception;
	}

	/** Whether the check holds now, for {@link #await}: throwing counts as not holding. */
	static boolean holds(Check check) {
		try {
			return check.holds();
		} catch (Exception e) {
			return false;
		}
	}

	/** Waits, at most a minute, until the check holds; the assertions after it say what did not happen. */
	static void waitFor(Check check) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (check.holds()) {
					return;
				}
			} catch (Exception e) {
				// not yet readable: try again
			}
			Thread.sleep(50);
		}
	}

	/** A run with --once, which must return: a hang fails the test after a minute instead of holding the build. */
	static RunSummary onceWithinAMinute(RunnerOptions options) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return Runner.once(options);
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}).get(60, TimeUnit.SECONDS);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
