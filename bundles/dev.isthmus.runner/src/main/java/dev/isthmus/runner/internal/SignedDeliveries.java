package dev.isthmus.runner.internal;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timestamped signed requests a webhook accepted while their signature is still within its tolerance, so that
 * the same request again (a replay, or a sender re-sending because our 202 never reached it) is answered as
 * already accepted instead of being journaled twice. Bounded: an entry is forgotten once its signature has expired
 * (the signature check refuses the request then), and the oldest go first beyond {@link #LIMIT} entries (a flow's
 * idempotency key still catches what is forgotten). In memory: a restart forgets them as well.
 */
final class SignedDeliveries {

	static final int LIMIT = 50_000;

	/** What {@link #claim} found: the request is new (and now claimed), was accepted before, or is being received now. */
	sealed interface Claim {
	}

	record Fresh() implements Claim {
	}

	record Accepted(List<Long> ids) implements Claim {
	}

	record InProgress() implements Claim {
	}

	private record Entry(Instant expires, List<Long> ids) {
	}

	private final Map<String, Entry> entries = new LinkedHashMap<>();
	private final int limit;

	SignedDeliveries(int limit) {
		this.limit = limit;
	}

	/** Claims {@code key} until {@link #accepted} or {@link #release}, unless it was accepted or is claimed already. */
	synchronized Claim claim(String key, Instant expires, Instant now) {
		forgetExpired(now);
		Entry entry = entries.get(key);
		if (entry != null && entry.expires.isAfter(now)) {
			return entry.ids == null ? new InProgress() : new Accepted(entry.ids);
		}
		entries.remove(key);
		while (entries.size() >= limit) {
			Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
			oldest.next();
			oldest.remove();
		}
		entries.put(key, new Entry(expires, null));
		return new Fresh();
	}

	/** The claimed request is journaled as {@code ids}. */
	synchronized void accepted(String key, List<Long> ids) {
		Entry entry = entries.get(key);
		if (entry != null) {
			entries.put(key, new Entry(entry.expires, List.copyOf(ids)));
		}
	}

	/** The claimed request was not journaled: the same request may come again and be taken. */
	synchronized void release(String key) {
		Entry entry = entries.get(key);
		if (entry != null && entry.ids == null) {
			entries.remove(key);
		}
	}

	/** Drops expired entries from the oldest on (entries are about in expiry order: one tolerance per endpoint). */
	private void forgetExpired(Instant now) {
		Iterator<Entry> values = entries.values().iterator();
		while (values.hasNext()) {
			Entry entry = values.next();
			if (entry.expires.isAfter(now)) {
				return;
			}
			if (entry.ids != null) {
				values.remove();
			} else {
				return;
			}
		}
	}
}
