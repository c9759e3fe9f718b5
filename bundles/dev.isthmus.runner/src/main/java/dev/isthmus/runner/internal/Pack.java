package dev.isthmus.runner.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Deliveries to one endpoint gathered into one outbox row: a JSON array of {@code {"key", "correlation",
 * "record"}}. A pack is delivered whole or not at all; when its target refuses it, or retries are spent, the
 * deliverer splits it into a row per delivery (see {@link Deliverer}), so that each record is retried,
 * dead-lettered and replayed on its own, with its own key and correlation id.
 */
final class Pack {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** One delivery of a pack. */
	record Entry(String key, String correlation, String record) {
	}

	private final BatchRow row = new BatchRow();
	private final String flow;
	private final String endpoint;
	private final String retry;
	private String firstKey;
	private String firstRecord;
	private String firstCorrelation;
	private int size;

	Pack(String flow, String endpoint, String retry) {
		this.flow = flow;
		this.endpoint = endpoint;
		this.retry = retry;
	}

	static String entry(String key, String correlation, String record) {
		return "{\"key\":" + JsonText.quote(key) + ",\"correlation\":" + JsonText.quote(correlation) + ",\"record\":" + record + "}";
	}

	boolean fits(String entry) {
		return row.fits(entry);
	}

	void add(String key, String entry, String record, String correlation) {
		if (size == 0) {
			firstKey = key;
			firstRecord = record;
			firstCorrelation = correlation;
		}
		row.add(entry);
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

	/** The first delivery's key: an outbox row has one; a pack's deliveries keep theirs in the pack. */
	String firstKey() {
		return firstKey;
	}

	/** The record of a pack of one, which is written as a row of its own. */
	String onlyRecord() {
		return firstRecord;
	}

	String onlyCorrelation() {
		return firstCorrelation;
	}

	/** The pack's text; the pack starts empty again. */
	String take() {
		size = 0;
		return row.take();
	}

	/** The deliveries of a pack's text. */
	static List<Entry> entries(String text) throws IOException {
		List<Entry> entries = new ArrayList<>();
		for (JsonNode entry : JSON.readTree(text)) {
			entries.add(new Entry(entry.path("key").asText(), entry.path("correlation").asText(null), entry.path("record").toString()));
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
