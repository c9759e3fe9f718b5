package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.isthmus.engine.Values;

/**
 * JSON text of the runner's per-record journal entries (traces, deliveries), written with a streaming generator:
 * going through an ObjectMapper and a tree for each small value cost more than the writing itself.
 */
final class JsonText {

	// Decimals in plain digits (0.00000001, not 1E-8), as BatchRow writes them.
	private static final JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactoryBuilder()
			.enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

	/**
	 * Reads records back from the journal: a decimal as the exact number it was written ({@code 10.00} stays
	 * {@code 10.00}, a long amount keeps its digits), not as a double, which dropped the scale and wrote large amounts
	 * in exponent form to files and tables.
	 */
	static final com.fasterxml.jackson.databind.ObjectMapper RECORDS = records(new com.fasterxml.jackson.core.JsonFactoryBuilder());

	/**
	 * Reads what senders and files bring, as {@link #RECORDS} does, but a field named twice in one object is refused
	 * (see {@link #duplicate}): taken last-wins, {@code {"amount": 10, "amount": 10000}} went on as 10000, while another
	 * reader of the same signed body may take 10.
	 */
	static final com.fasterxml.jackson.databind.ObjectMapper INPUTS = records(new com.fasterxml.jackson.core.JsonFactoryBuilder()
			.enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION));

	private static com.fasterxml.jackson.databind.ObjectMapper records(com.fasterxml.jackson.core.JsonFactoryBuilder factory) {
		return new com.fasterxml.jackson.databind.ObjectMapper(factory.enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build())
				.enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
				.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
	}

	/**
	 * What is wrong with a text the parser refused, where it is ({@code oneLine}: the column alone, an NDJSON line's
	 * reason naming its line already) and in the parser's words, less what names the parser's own settings: "start
	 * marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, …]", "enable
	 * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", "Feature 'ALLOW_COMMENTS' not enabled for parser" and
	 * "from `StreamReadConstraints.getMaxNumberLength()`" told a sender of things only this code can change (review 22).
	 */
	static String refusal(com.fasterxml.jackson.core.JsonProcessingException e, boolean oneLine) {
		String twice = duplicate(e, oneLine);
		if (twice != null) {
			return twice;
		}
		if (moreThanOneValue(e)) {
			// FAIL_ON_TRAILING_TOKENS's words name the setting and the Java type read into
			return "more than one JSON value (the second starts at " + (oneLine ? "" : "line " + e.getLocation().getLineNr() + ", ") + "column "
					+ e.getLocation().getColumnNr() + ")";
		}
		String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\[Source: [^;\\]]*; ", "[")
				.replaceAll(": enable `[^`]*` to allow", "").replaceAll("\\(not recognized as one since Feature '[^']*' not enabled for parser\\)",
						"(JSON has none)")
				.replaceAll(", from `[^`]*`\\)", ")").strip();
		com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
		return "not JSON" + (at == null || at.getColumnNr() < 1 ? "" : " at " + (oneLine ? "" : "line " + at.getLineNr() + ", ") + "column "
				+ at.getColumnNr()) + ": " + message;
	}

	/** Whether a reader with FAIL_ON_TRAILING_TOKENS refused a text for a second value after the first. */
	static boolean moreThanOneValue(com.fasterxml.jackson.core.JsonProcessingException e) {
		return String.valueOf(e.getOriginalMessage()).startsWith("Trailing token") && e.getLocation() != null;
	}

	/**
	 * What is wrong when {@link #INPUTS} refused a text for naming a field twice, or {@code null} for any other
	 * refusal (whose wording is the parser's). Told by the parser's words, {@code Duplicate field 'name'}: its only
	 * way of saying it (a test holds it to them).
	 */
	static String duplicate(com.fasterxml.jackson.core.JsonProcessingException e, boolean oneLine) {
		String message = e.getOriginalMessage();
		String prefix = "Duplicate field '";
		if (message == null || !message.startsWith(prefix) || !message.endsWith("'")) {
			return null;
		}
		// The parser is just past the second name when it sees it.
		com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
		String where = at == null ? "" : " (the second time just before " + (oneLine ? "" : "line " + at.getLineNr() + ", ") + "column "
				+ at.getColumnNr() + ")";
		return "the field " + quote(message.substring(prefix.length(), message.length() - 1)) + " is named twice in one object" + where
				+ ": which of its values is meant cannot be told; name each field once";
	}

	private JsonText() {
	}

	/** A string as a JSON string literal, or {@code null}. */
	static String quote(String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		JsonStringEncoder.getInstance().quoteAsString(text, quoted);
		return quoted.append('"').toString();
	}

	/** An engine value (see {@link Values#toJson}) as JSON text. */
	static String of(Object value) {
		return write(out -> Values.write(value, out));
	}

	interface Body {
		void write(JsonGenerator out) throws IOException;
	}

	/** What {@code body} writes to a generator, as text. */
	static String write(Body body) {
		StringWriter text = new StringWriter(256);
		try (JsonGenerator out = FACTORY.createGenerator(text)) {
			body.write(out);
		} catch (IOException e) {
			throw new UncheckedIOException("a string writer does not fail", e);
		}
		return text.toString();
	}
}
