package dev.isthmus.runner.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A flow's live idempotency keys in memory: each key by the first 128 bits of its SHA-256 digest, with its expiry,
 * in one flat array (open addressing, linear probing). A flow remembers every key for its time to live (millions
 * for a busy feed kept a week), and as strings in a map they cost four objects a key that every young collection
 * copied: in the usage benchmark the collector's pauses were a sixth of the run. The journal keeps the keys' text;
 * this is read from it again at a start.
 *
 * <p>Two keys share a digest with a chance of about 2<sup>-128</sup> a pair; SHA-256 (not a fast hash with known
 * collisions) because keys come from the outside, and a key crafted to collide would drop another record as a
 * duplicate. One thread uses an instance.
 */
final class KnownKeys {

	/** A key's digest: the first 128 bits of SHA-256 over its UTF-8 text. */
	record Digest(long high, long low) {
	}

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
	/** An empty slot's expiry: no key expires at the start of time. */
	private static final long EMPTY = Long.MIN_VALUE;

	private final MessageDigest sha256;
	/** Three longs a slot: digest high, digest low, expiry in epoch milliseconds ({@link #EMPTY} when free). */
	private long[] slots;
	private int size;

	KnownKeys() {
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
		slots = empty(1024);
	}

	Digest digest(String key) {
		byte[] d = sha256.digest(key.getBytes(StandardCharsets.UTF_8));
		return new Digest((long) LONGS.get(d, 0), (long) LONGS.get(d, 8));
	}

	/** The key's expiry, or {@link Long#MIN_VALUE} when it is not known. */
	long expiry(Digest key) {
		int at = find(slots, key.high(), key.low());
		return slots[at + 2];
	}

	/** Remembers a key until {@code expires} (epoch milliseconds), or until later if it is already known longer. */
	void put(Digest key, long expires) {
		if ((size + 1) * 3L > slots.length / 3 * 2L) {
			// at most two thirds full, so that a probe ends soon
			slots = rehash(slots, slots.length / 3 * 2, Long.MIN_VALUE);
		}
		int at = find(slots, key.high(), key.low());
		if (slots[at + 2] == EMPTY) {
			slots[at] = key.high();
			slots[at + 1] = key.low();
			slots[at + 2] = expires;
			size++;
		} else if (expires > slots[at + 2]) {
			slots[at + 2] = expires;
		}
	}

	/**
	 * Forgets a key now (a dead-lettered delivery gave it back). Its slot stays, as expired, so that the probes of
	 * other keys that passed it still find them; the next {@link #expire} frees it.
	 */
	void forget(Digest key) {
		int at = find(slots, key.high(), key.low());
		if (slots[at + 2] != EMPTY) {
			slots[at + 2] = 0;
		}
	}

	/** Forgets the keys that have expired by {@code now} (epoch milliseconds); returns how many. */
	int expire(long now) {
		int before = size;
		slots = rehash(slots, Math.max(1024, Integer.highestOneBit(Math.max(1, size) * 2) * 2), now);
		return before - size;
	}

	int size() {
		return size;
	}

	/** A new table of {@code capacity} slots (a power of two) with the keys of {@code from} that expire after {@code now}. */
	private long[] rehash(long[] from, int capacity, long now) {
		long[] to = empty(capacity);
		size = 0;
		for (int i = 0; i < from.length; i += 3) {
			long expires = from[i + 2];
			if (expires != EMPTY && expires > now) {
				int at = find(to, from[i], from[i + 1]);
				to[at] = from[i];
				to[at + 1] = from[i + 1];
				to[at + 2] = expires;
				size++;
			}
		}
		return to;
	}

	/** The slot holding the digest, or the free slot where it would go. */
	private static int find(long[] table, long high, long low) {
		int mask = table.length / 3 - 1;
		// The digest's bits are uniform already: its low half picks the slot.
		int slot = (int) low & mask;
		while (true) {
			int at = slot * 3;
			if (table[at + 2] == EMPTY || table[at] == high && table[at + 1] == low) {
				return at;
			}
			slot = (slot + 1) & mask;
		}
	}

	private static long[] empty(int capacity) {
		long[] table = new long[capacity * 3];
		for (int at = 2; at < table.length; at += 3) {
			table[at] = EMPTY;
		}
		return table;
	}
}
