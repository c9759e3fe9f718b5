package dev.isthmus.runner.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The text of one record (an NDJSON line, an inbox row) as an input: exactly one JSON value. Jackson's
 * {@code readTree} stops after the first value and ignores the rest, so a line holding two records would deliver
 * the first and drop the second without a word; here anything after the value but white space makes the record a
 * dead letter, kept whole.
 */
final class JsonInput {

	// Decimals exact from the start: a double loses digits past the 16th and the scale (12.30).
	private static final ObjectMapper JSON = JsonText.INPUTS;

	private JsonInput() {
	}

	/** @param where what the reason names the text by ("line 12: "), or "" */
	static Input read(String text, String where, String origin, String endpoint) {
		try (JsonParser parser = JSON.createParser(text)) {
			JsonNode value;
			try {
				value = JSON.readTree(parser);
			} catch (JsonProcessingException e) {
				return Input.malformed(text, where + JsonText.refusal(e, !where.isEmpty()), origin, endpoint);
			}
			if (value == null) {
				return Input.malformed(text, where + "not JSON: no value", origin, endpoint);
			}
			JsonLocation end = parser.currentLocation();
			String after;
			try {
				JsonToken next = parser.nextToken();
				if (next == null) {
					// Half of a character (a \\ud800 escape alone) is read as it is: the engine refuses it where the record
					// would be delivered, so that a flow filtering the record, or not delivering that field, is not hindered.
					return Input.parsed(text, value, origin, endpoint);
				}
				after = next.isStructStart() || next.isScalarValue() ? "more than one JSON value (the second starts at column "
						+ parser.currentTokenLocation().getColumnNr() + ")" : null;
			} catch (JsonProcessingException e) {
				after = null;
			}
			if (after == null) {
				after = "text after the JSON value (from column " + end.getColumnNr() + ")";
			}
			return Input.malformed(text, where + after + (where.isEmpty() ? "; a record is one JSON value: send each record on its own"
					: "; a line holds one record: put each on a line of its own, and drop the corrected lines in again in a new file"),
					origin, endpoint);
		} catch (IOException e) {
			return Input.malformed(text, where + "not JSON: " + e.getMessage(), origin, endpoint);
		}
	}
}
