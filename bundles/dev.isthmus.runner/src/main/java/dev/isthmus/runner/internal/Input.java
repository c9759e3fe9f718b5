package dev.isthmus.runner.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record as a source read it: its text as it arrived (kept for dead letters), the parsed JSON or why it could
 * not be parsed, and where it came from ({@code file:inbox/usage/a.ndjson:12}, {@code webhook:/stripe/events}, …).
 */
public record Input(String text, JsonNode json, String problem, String origin, String endpoint) {

	public static Input parsed(String text, JsonNode json, String origin, String endpoint) {
		return new Input(text, json, null, origin, endpoint);
	}

	public static Input malformed(String text, String problem, String origin, String endpoint) {
		return new Input(text, null, problem, origin, endpoint);
	}
}
