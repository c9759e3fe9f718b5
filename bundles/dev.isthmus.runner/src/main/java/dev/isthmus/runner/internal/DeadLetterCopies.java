package dev.isthmus.runner.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.library.DeadLetterFields;

/**
 * The flows that send their dead letters into an endpoint ({@code dead-letter into Endpoint}) besides keeping them in the
 * journal: each dead letter of such a flow is queued there, in the transaction that makes it a dead letter, as a record
 * of the endpoint's shape filled from what the letter says ({@link DeadLetterFields}). It is delivered like any record
 * — retried by the flow's policy, written to a file or table once, under one {@code Idempotency-Key} to an HTTP target —
 * and the letter stays in the journal, where {@code isthmus dlq} replays or discards it. A copy that fails for good is a
 * letter of kind {@code copy}, which is not copied again: it would go round for as long as the endpoint fails.
 */
final class DeadLetterCopies {

	static final DeadLetterCopies NONE = new DeadLetterCopies(Map.of());

	/**
	 * Where a flow's dead letters go: the endpoint, the flow's retry policy as the outbox keeps it (or {@code null}), the
	 * shape's declared properties (its generated schema's), which say the fields to fill and as which kind, and the
	 * endpoint the flow reads.
	 */
	record Into(String endpoint, String retry, JsonNode properties, String source) {
	}

	private static final HexFormat HEX = HexFormat.of();

	private final Map<String, Into> byFlow;

	private DeadLetterCopies(Map<String, Into> byFlow) {
		this.byFlow = byFlow;
	}

	/**
	 * The copies the flows' configurations ask for; {@code schemaOf} gives an endpoint's record schema from a flow's
	 * configuration and the record's name (or {@code null}).
	 */
	static DeadLetterCopies of(Map<String, JsonNode> flows, java.util.function.BiFunction<JsonNode, String, JsonNode> schemaOf) {
		Map<String, Into> byFlow = new HashMap<>();
		flows.forEach((flow, config) -> {
			String endpoint = config.path("policies").path("deadLetter").path("endpoint").asText(null);
			if (endpoint != null) {
				JsonNode schema = schemaOf.apply(config, config.path("endpoints").path(endpoint).path("record").asText());
				JsonNode retry = config.path("policies").get("retry");
				byFlow.put(flow, new Into(endpoint, retry == null ? null : retry.toString(),
						schema == null ? JsonText.RECORDS.createObjectNode() : schema.path("properties"), config.path("source").path("endpoint").asText()));
			}
		});
		return byFlow.isEmpty() ? NONE : new DeadLetterCopies(Map.copyOf(byFlow));
	}

	boolean isEmpty() {
		return byFlow.isEmpty();
	}

	/**
	 * Where the dead letter {@code row} (as {@link JournalWrites#dead} lays it out) is to be sent, or {@code null}: its flow
	 * sends none, or it is a copy that failed (kind {@code copy}, see DeliveryResults).
	 */
	Into of(Object[] row) {
		Into into = byFlow.get((String) row[JournalWrites.DEAD_FLOW]);
		return into == null || "copy".equals(row[JournalWrites.DEAD_KIND]) ? null : into;
	}

	/** The dead letter {@code row}, journaled as {@code id}, as a record of {@code into}'s endpoint: JSON text. */
	static String record(Into into, long id, Object[] row) {
		ObjectNode letter = JsonText.RECORDS.createObjectNode();
		into.properties().properties().forEach(property -> {
			String name = property.getKey();
			switch (name) {
				case "deadLetterId" -> letter.put(name, id);
				case "flowName" -> letter.put(name, (String) row[JournalWrites.DEAD_FLOW]);
				case "letterKind" -> letter.put(name, (String) row[JournalWrites.DEAD_KIND]);
				case "step" -> letter.put(name, (String) row[JournalWrites.DEAD_STEP]);
				case "reason" -> letter.put(name, (String) row[JournalWrites.DEAD_REASON]);
				case "correlationId" -> putText(letter, name, row[JournalWrites.DEAD_CORRELATION]);
				case "deadLetteredAt" -> letter.put(name, ((Timestamp) row[JournalWrites.DEAD_AT]).toInstant().toString());
				case "attempts" -> letter.put(name, attempts((String) row[JournalWrites.DEAD_ATTEMPTS]));
				case "origin" -> putText(letter, name, row[JournalWrites.DEAD_ORIGIN]);
				// (a delivery's or group's letter keeps no source of its own: the flow's is where its records came from)
				case "source" -> putText(letter, name, row[JournalWrites.DEAD_SOURCE] != null ? row[JournalWrites.DEAD_SOURCE] : into.source());
				case "target" -> putText(letter, name, row[JournalWrites.DEAD_ENDPOINT]);
				case "details" -> putText(letter, name, row[JournalWrites.DEAD_DETAILS]);
				case "payload" -> putPayload(letter, property.getValue(), (String) row[JournalWrites.DEAD_RECORD]);
				default -> {
					// validate refuses a field no dead letter has (DeadLetterFields); a configuration edited by hand gets none
				}
			}
		});
		return letter.toString();
	}

	/**
	 * The copy's idempotency key: the same for the same letter (its flow, id and time: ids start again in a new
	 * journal), so that an HTTP target sees one key however often the copy is sent; it names the letter's id (see
	 * {@link dev.isthmus.runner.DeadLetters#copyOf}).
	 */
	static String key(Into into, long id, Object[] row) {
		try {
			String identity = row[JournalWrites.DEAD_FLOW] + "|" + into.endpoint() + "|dead-letter:" + id + "|" + row[JournalWrites.DEAD_AT];
			return dev.isthmus.runner.DeadLetters.COPY_KEY_PREFIX + id + "-"
					+ HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)), 0, 16);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	private static void putText(ObjectNode letter, String name, Object value) {
		if (value != null) {
			letter.put(name, (String) value);
		}
	}

	/** The record as text for a {@code string} field; parsed for an object field, and left out when it is no JSON object. */
	private static void putPayload(ObjectNode letter, JsonNode declared, String record) {
		if (record == null) {
			return;
		}
		if (!"object".equals(declared.path("type").asText()) && !hasType(declared, "object")) {
			letter.put("payload", record);
			return;
		}
		try {
			JsonNode parsed = JsonText.INPUTS.readTree(record);
			if (parsed != null && parsed.isObject()) {
				letter.set("payload", parsed);
			}
		} catch (java.io.IOException e) {
			// a line that could not be read: its text is in the journal's letter, and the field is optional
		}
	}

	/** Whether a schema's {@code type} is a list naming {@code type} ({@code ["object", "null"]} for an optional field). */
	private static boolean hasType(JsonNode declared, String type) {
		for (JsonNode t : declared.path("type")) {
			if (t.asText().equals(type)) {
				return true;
			}
		}
		return false;
	}

	/** The attempts an attempt history ({@link Retries#history}) lists; 0 for none. */
	private static int attempts(String history) {
		if (history == null) {
			return 0;
		}
		try {
			JsonNode list = JsonText.RECORDS.readTree(history);
			return list.isArray() ? list.size() : 0;
		} catch (java.io.IOException e) {
			return 0;
		}
	}
}
