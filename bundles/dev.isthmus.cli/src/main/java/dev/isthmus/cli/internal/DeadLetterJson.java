package dev.isthmus.cli.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters.DeadLetter;

/**
 * Dead letters as JSON, for {@code isthmus dlq list --json} (what the table shows) and {@code dlq show --json} (the
 * same fields, and what the letter keeps: its record, attempts and details). A text that is one JSON value is
 * written as that value, so that a program reads the record as the flow would; any other text (a CSV row, a line
 * that is not JSON) as a string.
 */
final class DeadLetterJson {

	/**
	 * Reads and writes a record as the journal holds it: a decimal exactly ({@code 10.50} stays {@code 10.50}), in
	 * plain digits; the settings of the runner's own reader.
	 */
	static final ObjectMapper JSON = new ObjectMapper(new com.fasterxml.jackson.core.JsonFactoryBuilder()
			.enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build())
			.enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

	private DeadLetterJson() {
	}

	/** What 'dlq list' shows of a letter. */
	static Map<String, Object> summary(DeadLetter d) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", d.id());
		m.put("flow", d.flow());
		m.put("kind", d.kind());
		m.put("step", d.step());
		m.put("reason", d.reason());
		m.put("endpoint", d.endpoint());
		m.put("origin", d.origin());
		m.put("correlation", d.correlation());
		m.put("createdAt", d.createdAt().toString());
		m.put("state", d.state().toLowerCase(java.util.Locale.ROOT)); // as the text says it: dead, replayed, rerun, discarded
		return m;
	}

	/**
	 * The whole letter: the summary's fields, then {@code source} (the endpoint a record came in by),
	 * {@code outboxId} (a delivery's), {@code record}, {@code attempts} (a delivery's, as the journal kept them),
	 * {@code details} (a record's trace, or what a target answered), and for a record its source could not read,
	 * {@code replayable: false}, {@code recordKeptWhole} and where the record is now ({@code nowAt}); for a record that held a
	 * secret's value, kept as {@code ***}, {@code replayable: false} and {@code recordScrubbed: true}.
	 */
	static Map<String, Object> whole(DeadLetter d, java.nio.file.Path root) {
		Map<String, Object> m = summary(d);
		m.put("source", d.source());
		m.put("outboxId", d.outboxId());
		// A record its source could not read is the text it read (a CSV row, a line that is not JSON), never JSON.
		m.put("record", d.readFailure() ? d.record() : value(d.record()));
		m.put("attempts", value(d.attempts()));
		m.put("details", value(d.details()));
		if (d.scrubbed()) {
			// its record held a secret's value, kept as ***
			m.put("replayable", false);
			m.put("recordScrubbed", true);
		}
		if (d.readFailure()) {
			m.put("replayable", false);
			m.put("recordKeptWhole", !d.cutShort());
			m.put("nowAt", UnreadRecords.whereNow(d, root));
		}
		return m;
	}

	/** A text that is exactly one JSON value as that value, any other as the text; null stays null. */
	static Object value(String text) {
		if (text == null) {
			return null;
		}
		try (JsonParser parser = JSON.createParser(text)) {
			JsonNode value = JSON.readTree(parser);
			return value != null && parser.nextToken() == null ? value : text;
		} catch (IOException e) {
			return text;
		}
	}
}
