package dev.isthmus.runner.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Deliveries to one endpoint gathered into one outbox row: a JSON array of {@code {"key", "correlation",
 * "flowKey", "record"}}. A pack is delivered whole or not at all; when its target refuses it, or retries are spent, the
 * deliverer splits it into a row per delivery (see {@link Deliverer}), so that each record is retried,
 * dead-lettered and replayed on its own, with its own key and correlation id.
 */
final class Pack {

	private static final ObjectMapper JSON = JsonText.RECORDS;

	/** One delivery of a pack. */
	record Entry(String key, String correlation, String record, String flowKey) {

		/** The delivery as the pack's text holds it ({@code flowKey} only when there is one). */
		String text() {
			return "{\"key\":" + JsonText.quote(key) + ",\"correlation\":" + JsonText.quote(correlation)
					+ (flowKey == null ? "" : ",\"flowKey\":" + JsonText.quote(flowKey)) + ",\"record\":" + record + "}";
		}
	}

	private final BatchRow row = new BatchRow();
	private final String flow;
	private final String endpoint;
	private final String retry;
	private Entry first;
	private java.time.Instant since;
	private int size;

	Pack(String flow, String endpoint, String retry) {
		this.flow = flow;
		this.endpoint = endpoint;
		this.retry = retry;
	}

	/** Whether the pack has reached its size: it is to be written before the next delivery. */
	boolean full() {
		return row.full();
	}

	/** Whether a delivery's text surely fits the pack's row (see {@link BatchRow#fits}). */
	boolean fits(String text) {
		return row.fits(text.length());
	}

	/** Adds a delivery, given its {@link Entry#text}, queued at {@code now}. */
	void add(Entry delivery, String text, java.time.Instant now) {
		if (size == 0) {
			first = delivery;
			since = now;
		}
		row.add(text);
		size++;
	}

	boolean isEmpty() {
		return size == 0;
	}

	int size() {
		return size;
	}

	String flow() {
		return flow;
	}

	String endpoint() {
		return endpoint;
	}

	String retry() {
		return retry;
	}

	/**
	 * The first delivery: an outbox row has one key, which a pack takes from it (its deliveries keep theirs in the
	 * pack), and a pack of one is written as a row of its own.
	 */
	Entry first() {
		return first;
	}

	/** When the first delivery was queued: the pack's row is queued then. */
	java.time.Instant since() {
		return since;
	}

	/** The pack's text, in UTF-8; the pack starts empty again. */
	byte[] take() {
		size = 0;
		return row.take();
	}

	/** The deliveries of a pack's text. */
	static List<Entry> entries(String text) throws IOException {
		List<Entry> entries = new ArrayList<>();
		for (JsonNode entry : JSON.readTree(text)) {
			entries.add(new Entry(entry.path("key").asText(), entry.path("correlation").asText(null), entry.path("record").toString(),
					entry.path("flowKey").asText(null)));
		}
		return entries;
	}

	/** The records of a pending row, as JSON: a pack's records, or the row's one. */
	static List<JsonNode> records(Sink.Pending row) throws IOException {
		JsonNode text = JSON.readTree(row.record());
		if (!row.packed()) {
			return List.of(text);
		}
		List<JsonNode> records = new ArrayList<>();
		text.forEach(entry -> records.add(entry.path("record")));
		return records;
	}
}
