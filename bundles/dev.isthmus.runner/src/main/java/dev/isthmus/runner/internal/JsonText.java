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
	static final com.fasterxml.jackson.databind.ObjectMapper RECORDS = new com.fasterxml.jackson.databind.ObjectMapper(
			new com.fasterxml.jackson.core.JsonFactoryBuilder().enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build())
			.enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

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
