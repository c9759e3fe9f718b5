package dev.isthmus.runner.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record as a source read it: its text as it arrived (kept for dead letters), the parsed JSON or why it could
 * not be parsed, and where it came from ({@code file:inbox/usage/a.ndjson:12}, {@code webhook:/stripe/events}, …).
 */
public record Input(String text, JsonNode json, String problem, String origin, String endpoint, boolean csvRow) {

	public static Input parsed(String text, JsonNode json, String origin, String endpoint) {
		return new Input(text, json, null, origin, endpoint, false);
	}

	/** A CSV row read as a record: {@code text} is its line, {@code json} the record the header and the shape make of it. */
	static Input csvRow(String text, JsonNode json, String origin, String endpoint) {
		return new Input(text, json, null, origin, endpoint, true);
	}

	public static Input malformed(String text, String problem, String origin, String endpoint) {
		return new Input(text, null, problem, origin, endpoint, false);
	}

	/**
	 * A record of {@code length} characters, more than the journal keeps (a record, its dead letter): refused whole,
	 * its start kept, with where to find it. {@code text} may be its start only.
	 */
	static Input tooLong(String text, long length, String origin, String endpoint) {
		return malformed(TextCuts.start(text, 10_000) + "…", tooLong(length, origin), origin, endpoint);
	}

	/** Why a record of {@code length} characters from {@code origin} is refused (see {@link #tooLong(String, long, String, String)}). */
	static String tooLong(long length, String origin) {
		return "the record has " + length + " characters, more than the " + Journal.MAX_TEXT + " the journal keeps; it was not processed, and"
				+ " is whole at " + origin;
	}

	/**
	 * What a dead letter of one of the flow's steps keeps of the record: what {@code dlq replay} sends back through the
	 * inbox, which reads JSON. A CSV row's line, without its header, came back "not JSON" (review 23): its JSON instead.
	 */
	public String replayable() {
		return csvRow ? json.toString() : text;
	}
}
