package dev.isthmus.runner.internal;

import java.time.Duration;
import java.util.LinkedHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An http get endpoint's answers to calls, kept by URL for its {@code cache} time: answers and "no such record"
 * alike (failures are never kept, and an answer the engine found unfit is forgotten). In the order they were last
 * used, the least recently used leaving first past {@link #MOST} answers or {@link #BYTES} of their text. Shared by
 * the flows calling the endpoint, so it is guarded by its own lock.
 */
final class CallCache {

	/** The most answers an endpoint's cache keeps. */
	static final int MOST = 10_000;
	/**
	 * The most text of answers an endpoint's cache keeps: a sixteenth of the heap, at most 64 MB (kept as JSON trees they
	 * take several times their text; answers of 1 MB ran a 256 MB runner out of memory after a hundred, review 33).
	 */
	static final long BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);

	/** An answer kept: its JSON ({@code null} for no such record), its status, its text's length and until when ({@link System#nanoTime}). */
	record Kept(JsonNode json, int status, long bytes, long until) {
	}

	private final Duration keepFor;
	private final LinkedHashMap<String, Kept> answers = new LinkedHashMap<>(16, 0.75f, true);
	/** The text of the answers kept, in bytes. */
	private long bytes;
	/** {@link #BYTES}, or what {@code -Disthmus.callCacheBytes} says (for tests of the bound). */
	private final long mostBytes = Long.getLong("isthmus.callCacheBytes", BYTES);

	CallCache(Duration keepFor) {
		this.keepFor = keepFor.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365) : keepFor;
	}

	/** The answer kept for {@code url}, or {@code null} (none kept, or past its time). */
	synchronized Kept get(String url) {
		Kept kept = answers.get(url);
		if (kept != null && kept.until - System.nanoTime() <= 0) {
			drop(url);
			return null;
		}
		return kept;
	}

	/** Keeps an answer of {@code size} bytes of text ({@code json} null: no such record). */
	synchronized void keep(String url, JsonNode json, int status, long size) {
		if (size > mostBytes) {
			return;
		}
		drop(url);
		answers.put(url, new Kept(json, status, size, System.nanoTime() + keepFor.toNanos()));
		bytes += size;
		var eldest = answers.entrySet().iterator();
		while ((answers.size() > MOST || bytes > mostBytes) && eldest.hasNext()) {
			bytes -= eldest.next().getValue().bytes;
			eldest.remove();
		}
	}

	/** Forgets the answer that is {@code json} (by identity: the tree handed out), wherever it is kept. */
	synchronized void forget(JsonNode json) {
		answers.entrySet().removeIf(e -> {
			boolean same = e.getValue().json == json;
			if (same) {
				bytes -= e.getValue().bytes;
			}
			return same;
		});
	}

	private void drop(String url) {
		Kept gone = answers.remove(url);
		if (gone != null) {
			bytes -= gone.bytes;
		}
	}
}
