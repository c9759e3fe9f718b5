package dev.isthmus.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.internal.Journal;

/**
 * A record's audit trail in the journal, for {@code isthmus trace}: the traces kept for its correlation id, and
 * where each of its deliveries stands (waiting, a dead letter, or made after failed attempts).
 */
public final class Trails implements AutoCloseable {

	/**
	 * Reads the journal's texts as it wrote them: a decimal exactly ({@code 10.50} stays {@code 10.50}, not the double
	 * {@code 10.5}), and written back in plain digits; the settings of the runner's own reader (JsonText.RECORDS).
	 */
	static final ObjectMapper JSON = new ObjectMapper(new com.fasterxml.jackson.core.JsonFactoryBuilder()
			.enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build())
			.enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

	private final Connection connection;

	public Trails(String journalUrl) throws SQLException {
		this.connection = DeadLetters.open(journalUrl);
	}

	/**
	 * The traces kept for a correlation id, oldest first: {@code [flow, origin, at, trace JSON, scrubbed]}, the last
	 * {@code "true"} when the record as read had a secret's value scrubbed out, {@code "false"}, or {@code null} for traces
	 * from before that was said.
	 */
	public List<String[]> traces(String correlation) throws SQLException {
		List<String[]> found = traces(connection, correlation);
		connection.commit();
		return found;
	}

	/** As {@link #traces(String)}, on a connection of {@code dlq}'s (a rerun looks up the record its trace kept). */
	static List<String[]> traces(Connection connection, String correlation) throws SQLException {
		List<String[]> found = new ArrayList<>();
		// Journals written before traces were batched keep a row per trace.
		try (PreparedStatement q = connection.prepareStatement(
				"SELECT FLOW, ORIGIN, AT, TRACE FROM ISTHMUS_TRACE WHERE CORRELATION = ? ORDER BY ID")) {
			q.setString(1, correlation);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					found.add(new String[] { r.getString(1), r.getString(2), r.getTimestamp(3).toInstant().toString(), r.getString(4), null });
				}
			}
		}
		// A batch's traces are one row that lists its correlation ids a line each: the lookup reads those lists only.
		String line = "%\n" + Journal.traceKey(correlation).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "\n%";
		try (PreparedStatement q = connection.prepareStatement(
				"SELECT FLOW, AT, TRACES FROM ISTHMUS_TRACES WHERE CORRELATIONS LIKE ? ESCAPE '\\' ORDER BY ID")) {
			q.setString(1, line);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					String at = r.getTimestamp(2).toInstant().toString();
					JsonNode entries = parse(Journal.getText(r, 3));
					for (JsonNode entry : entries) {
						if (correlation.equals(entry.path("correlation").asText(null))) {
							// and whether the record as read had a secret scrubbed out (null: a trace from before that was said)
							found.add(new String[] { r.getString(1), entry.path("origin").asText(null), at, text(entry.path("trace")),
									entry.has("scrubbed") ? entry.get("scrubbed").asText() : null });
						}
					}
				}
			}
		}
		return found;
	}

	/**
	 * Where one of a record's deliveries stands: waiting in the outbox ({@code state} PENDING, with its attempts so far,
	 * when it is next tried and, in {@code reason}, why its last attempt failed, if one did), or a dead letter ({@code deadLetter} its id, {@code state} DEAD, REPLAYED,
	 * RERUN (its record went through the flow again, see {@link DeadLetters#replay(List, boolean)}) or DISCARDED, {@code nextAt}
	 * when it was written: which of the record's runs it is of), or made after failed attempts ({@code state} DELIVERED, {@code nextAt} when, {@code reason} the failed
	 * attempts, a line each). A delivery that is none of these was made at its first attempt: delivered rows leave the
	 * outbox. {@code key} is the
	 * delivery's idempotency key, which a trace names (null for a dead letter whose outbox row has gone: replayed and
	 * delivered since); {@code record} is what a dead letter kept of the record.
	 */
	public record Delivery(String endpoint, String state, int attempts, Instant nextAt, Long deadLetter, String reason, String key,
			String record) {
	}

	/** A dead letter of a record that failed in its flow: its id and state (DEAD, REPLAYED, RERUN or DISCARDED). */
	public record RecordLetter(long id, String state) {
	}

	/** The dead letters of the records under this correlation id that failed in their flow, oldest first. */
	public List<RecordLetter> recordLetters(String correlation) throws SQLException {
		List<RecordLetter> found = new ArrayList<>();
		try (PreparedStatement q = connection.prepareStatement("SELECT ID, STATE FROM ISTHMUS_DEAD WHERE CORRELATION = ? AND KIND = 'record'"
				+ " ORDER BY ID")) {
			q.setString(1, correlation);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					found.add(new RecordLetter(r.getLong(1), r.getString(2)));
				}
			}
		}
		return found;
	}

	/** The deliveries of the record with this correlation id that are still waiting or were dead-lettered. */
	public List<Delivery> deliveries(String correlation) throws SQLException {
		List<Delivery> found = new ArrayList<>();
		try (PreparedStatement q = connection.prepareStatement("SELECT ENDPOINT, STATE, ATTEMPTS, NEXT_AT, IDEMPOTENCY_KEY, HISTORY"
				+ " FROM ISTHMUS_OUTBOX WHERE CORRELATION = ? AND PACKED IS NULL AND STATE <> 'DEAD' ORDER BY ID")) {
			q.setString(1, correlation);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					found.add(new Delivery(r.getString(1), r.getString(2), r.getInt(3), r.getTimestamp(4).toInstant(), null,
							lastError(r.getString(6)), r.getString(5), null));
				}
			}
		}
		// A pack (a batch's deliveries to a table, one row) names its records' correlation ids inside: packs wait only
		// until their table's next transaction, so there are few to read.
		try (PreparedStatement q = connection.prepareStatement("SELECT ENDPOINT, STATE, ATTEMPTS, NEXT_AT, RECORD, HISTORY FROM ISTHMUS_OUTBOX"
				+ " WHERE PACKED IS NOT NULL AND STATE <> 'DEAD' ORDER BY ID"); ResultSet r = q.executeQuery()) {
			while (r.next()) {
				for (JsonNode entry : parse(Journal.getText(r, 5))) {
					if (correlation.equals(entry.path("correlation").asText(null))) {
						found.add(new Delivery(r.getString(1), r.getString(2), r.getInt(3), r.getTimestamp(4).toInstant(), null,
								lastError(r.getString(6)), entry.path("key").asText(null), null));
					}
				}
			}
		}
		try (PreparedStatement q = connection.prepareStatement("SELECT ENDPOINT, AT, HISTORY, IDEMPOTENCY_KEY FROM ISTHMUS_RETRIED"
				+ " WHERE CORRELATION = ? ORDER BY ID")) {
			q.setString(1, correlation);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					List<String> failed = failedAttempts(r.getString(3));
					found.add(new Delivery(r.getString(1), "DELIVERED", failed.size(), r.getTimestamp(2).toInstant(), null,
							String.join("\n", failed), r.getString(4), null));
				}
			}
		}
		// A delivery's dead letter names its outbox row, which keeps the delivery's key (a replayed one's row is the same).
		try (PreparedStatement q = connection.prepareStatement("SELECT D.ENDPOINT, D.STATE, D.ID, D.REASON, O.IDEMPOTENCY_KEY, D.RECORD, D.CREATED_AT"
				+ " FROM ISTHMUS_DEAD D LEFT JOIN ISTHMUS_OUTBOX O ON O.ID = D.OUTBOX_ID"
				+ " WHERE D.CORRELATION = ? AND D.KIND IN ('delivery', 'copy') ORDER BY D.ID")) {
			q.setString(1, correlation);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					found.add(new Delivery(r.getString(1), r.getString(2), 0, r.getTimestamp(7).toInstant(), r.getLong(3), r.getString(4),
							r.getString(5), r.getString(6)));
				}
			}
		}
		connection.commit();
		return found;
	}

	/**
	 * A line per failed attempt of an outbox row's history: "attempt 2 at …: HTTP 503 …"; an error's own line breaks
	 * (and other control characters, a target's answer has any) escaped ({@link DeadLetters#printable}), so that it
	 * stays one line.
	 */
	private static List<String> failedAttempts(String history) {
		List<String> lines = new ArrayList<>();
		try {
			for (JsonNode attempt : JSON.readTree(history)) {
				lines.add(DeadLetters.printable("attempt " + attempt.path("attempt").asText("?") + " at " + attempt.path("at").asText("?") + ": "
						+ attempt.path("error").asText("")));
			}
		} catch (java.io.IOException e) {
			lines.add("(the journal's history of its attempts is not JSON: " + e.getMessage() + ")");
		}
		return lines;
	}

	/** The error of the last failed attempt in an outbox row's history ({@code [{attempt, at, error}, …]}), or null. */
	private static String lastError(String history) {
		if (history == null) {
			return null;
		}
		try {
			JsonNode attempts = JSON.readTree(history);
			return !attempts.isArray() || attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).path("error").asText(null);
		} catch (java.io.IOException e) {
			return null; // a history that is not JSON says nothing; the attempts and the next time are still shown
		}
	}

	private static String text(JsonNode json) throws SQLException {
		try {
			return JSON.writeValueAsString(json);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new SQLException("a trace of the journal cannot be written back as JSON: " + e.getMessage(), e);
		}
	}

	private static JsonNode parse(String json) throws SQLException {
		try {
			return JSON.readTree(json);
		} catch (java.io.IOException e) {
			throw new SQLException("a trace row of the journal is not JSON: " + e.getMessage(), e);
		}
	}

	@Override
	public void close() throws SQLException {
		connection.close();
	}
}
