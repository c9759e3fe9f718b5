package dev.isthmus.runner.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An endpoint's {@code rate count per duration}: at most {@code count} requests in any window of that length, as the
 * target counts them, evenly spaced. Spacing alone let {@code count + 1} requests go within one {@code per} (sends
 * exactly {@code per} apart, and the first one's connection set-up delays its arrival), and a strict limiter answers
 * that with 429. So a request also waits until {@code per} has passed since the end of the request {@code count}
 * before it: the target had that one before it answered, and this one reaches it only after being sent. Requests
 * under way count as not yet ended: with several at once (see {@link HttpSink}), at most {@code count} are under way
 * or ended within the last {@code per}.
 */
final class RateLimit {

	private final int count;
	private final long perNanos;
	private final long spacingNanos;
	/** When the next request may start, by the spacing. */
	private long next = Long.MIN_VALUE;
	/** When each of the last requests (at most {@code count}, none older than {@code per}) ended. */
	private final ArrayDeque<Long> ended = new ArrayDeque<>();
	/** Requests given their turn that have not ended. */
	private int underWay;

	RateLimit(int count, Duration per) {
		this.count = Math.max(1, count);
		this.perNanos = per.toNanos();
		this.spacingNanos = perNanos / this.count;
	}

	/** How many requests the rate lets through in {@code span}, at least 1. */
	int within(Duration span) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (double) count * span.toNanos() / Math.max(1, perNanos)));
	}

	/**
	 * Waits for the next request's turn; {@code false}, without taking it, once {@code stop} says so meanwhile. The
	 * caller says {@link #ended()} when the request is over, however it went.
	 */
	synchronized boolean acquire(BooleanSupplier stop) throws InterruptedException {
		long now = System.nanoTime();
		while (true) {
			forget(now);
			long wait = next == Long.MIN_VALUE ? 0 : next - now;
			int room = count - underWay; // what the requests under way leave of the count
			if (room <= 0) {
				wait = Math.max(wait, TimeUnit.MILLISECONDS.toNanos(100)); // until one of them ends (see ended())
			} else if (ended.size() >= room) {
				// the request count before this one, counting those under way as the latest
				wait = Math.max(wait, endedAt(ended.size() - room) + perNanos + 1 - now);
			}
			if (wait <= 0) {
				break;
			}
			if (stop.getAsBoolean()) {
				return false;
			}
			wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)); // in short steps, to see a stop
			// Object.wait, not Thread.sleep: the requests under way end on other threads (ended() takes this lock).
			wait(wait / 1_000_000, (int) (wait % 1_000_000));
			now = System.nanoTime();
		}
		next = now + spacingNanos;
		underWay++;
		return true;
	}

	/** The end of the {@code i}th oldest of {@link #ended}. */
	private long endedAt(int i) {
		java.util.Iterator<Long> it = ended.iterator();
		for (int n = 0; n < i; n++) {
			it.next();
		}
		return it.next();
	}

	/**
	 * The requests that ended within the last {@code per}, as {@code "<how many> <the last one's end, epoch millis>"}:
	 * a runner started again within the window continues from it ({@link #resume}) rather than counting afresh, which
	 * let {@code count} more requests go within one {@code per} across a restart. {@code null} when there are none.
	 */
	synchronized String state() {
		long now = System.nanoTime();
		forget(now);
		if (ended.isEmpty()) {
			return null;
		}
		return ended.size() + " " + (System.currentTimeMillis() - (now - ended.peekLast()) / 1_000_000);
	}

	/**
	 * Continues from a runner before this one ({@link #state}): its requests are taken as all ended at the last one's
	 * end, which may wait a little longer than needed, never less. Anything else (an old or unreadable state) is
	 * ignored.
	 */
	synchronized void resume(String state) {
		String[] parts = state == null ? new String[0] : state.trim().split(" ");
		long requests;
		long lastEnd;
		try {
			requests = parts.length == 2 ? Long.parseLong(parts[0]) : 0;
			lastEnd = parts.length == 2 ? Long.parseLong(parts[1]) : 0;
		} catch (NumberFormatException e) {
			return;
		}
		long agoNanos = Math.max(0, System.currentTimeMillis() - lastEnd) * 1_000_000;
		if (requests <= 0 || agoNanos > perNanos) {
			return;
		}
		long at = System.nanoTime() - agoNanos;
		for (long i = 0; i < Math.min(requests, count); i++) {
			ended.addLast(at);
		}
		next = at + spacingNanos;
	}

	private void forget(long now) {
		while (!ended.isEmpty() && now - ended.peekFirst() > perNanos) {
			ended.removeFirst(); // out of every window a request starting now could share with it
		}
	}

	/** The request whose turn {@link #acquire} gave is over: answered, failed or given up. */
	synchronized void ended() {
		notifyAll();
		underWay = Math.max(0, underWay - 1);
		ended.addLast(System.nanoTime());
		while (ended.size() > count) {
			ended.removeFirst();
		}
	}
}
