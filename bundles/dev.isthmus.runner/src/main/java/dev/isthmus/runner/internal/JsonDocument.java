package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.Reader;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * What one pass of the parser over a JSON file found, nothing of it kept: whether it is an array (whose elements are
 * then read one at a time) and how many characters it has. A file is checked whole before any record of it is taken,
 * so that a malformed one, of any size, takes none.
 *
 * @param empty no JSON value at all
 * @param array one JSON array, and nothing after it
 * @param chars the characters the value ends at
 */
record JsonDocument(boolean empty, boolean array, long chars) {

	/**
	 * Checks the text of {@code in} (closed here) as {@link JsonText#INPUTS} reads it: one value, each object naming
	 * its fields once.
	 *
	 * @throws com.fasterxml.jackson.core.JsonProcessingException where it is not (a second value's exception in
	 *                                                              the words of {@link JsonText#moreThanOneValue})
	 */
	static JsonDocument check(Reader in) throws IOException {
		try (JsonParser parser = JsonText.INPUTS.createParser(in)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				return new JsonDocument(true, false, 0);
			}
			parser.skipChildren();
			long chars = parser.currentLocation().getCharOffset();
			JsonToken next = parser.nextToken();
			if (next != null) {
				// As databind's FAIL_ON_TRAILING_TOKENS words it, which JsonText's refusal tells apart.
				throw new JsonParseException(parser, "Trailing token (of type " + next + ") found after value", parser.currentTokenLocation());
			}
			return new JsonDocument(false, first == JsonToken.START_ARRAY, chars);
		}
	}
}
