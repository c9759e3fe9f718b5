package dev.isthmus.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.runner.DeadLetters.DeadLetter;

/**
 * The record a delivery's dead letter came from, as its flow's source read it, for {@code dlq replay --rerun}. The
 * letter keeps the record as the flow mapped it then, which is what a corrected mapping must not be fed; the journal
 * has the record as read only in its trace, the {@code from} step's. The trace is found by the letter's correlation
 * id and, where records share one (a flow that correlates by a field, a split record), by the delivery's idempotency
 * key, which the trace then marks on its delivery steps (see the runner's TraceText.Marks).
 */
final class RerunRecords {

	/**
	 * The record to put back in the flow's inbox: {@code endpoint} the flow's source, {@code origin} where the record
	 * first came from (so that the rerun keeps its correlation id), {@code text} the record as JSON, {@code keys} the
	 * idempotency keys its run claimed and {@code flowKey} the one its delivery gives back (see {@link RerunKeys}). Or,
	 * when it cannot be, {@code refusal}: why, and what to do instead.
	 */
	record Found(String endpoint, String origin, String text, java.util.List<String> keys, String flowKey, String refusal) {
		private static Found refused(String why) {
			return new Found(null, null, null, null, null, why);
		}
	}

	private RerunRecords() {
	}

	static Found of(Connection c, DeadLetter letter) throws SQLException {
		String[] keys = deliveryKeys(c, letter);
		String key = keys[0], flowKey = keys[1];
		// After a plain replay of the delivery its key is held again (FLOW_KEY null): a record sent again is a duplicate then.
		String instead = "; to have the flow as configured now take it, ask the sender to send the record again" + (flowKey == null ? ""
				: " (this delivery gave its idempotency key back, so it is not taken for a duplicate)") + ", then 'isthmus dlq discard " + letter.id()
				+ "'; 'isthmus dlq replay " + letter.id() + "' without --rerun sends the record as it was mapped then";
		if (letter.correlation() != null && letter.correlation().startsWith(letter.flow() + "@group:")) {
			return Found.refused(group(letter));
		}
		String[] chosen = null;
		JsonNode steps = null;
		for (String[] t : Trails.traces(c, letter.correlation())) {
			// A later run of the same record (a replay, a rerun) made deliveries of its own, dead letters of their own.
			if (!letter.flow().equals(t[0]) || Instant.parse(t[2]).isAfter(letter.createdAt())) {
				continue;
			}
			JsonNode trace = parse(t[3]);
			if (delivers(trace, letter.endpoint(), key)) {
				chosen = t;
				steps = trace;
			}
		}
		if (chosen == null) {
			return Found.refused("the journal keeps no trace of its record (correlation id " + letter.correlation() + "), which is where"
					+ " a rerun takes the record as read from: traces are kept for the runner's --keep-traces (7 days unless it was given"
					+ " another age) and not at all with --no-traces" + instead);
		}
		JsonNode first = steps.path(0);
		String from = first.path("step").asText("");
		if ((chosen[1] != null && chosen[1].startsWith("group:")) || !from.startsWith("from ")) {
			return Found.refused(group(letter));
		}
		for (JsonNode step : steps) {
			if (step.path("step").asText("").equals("split")) {
				// The whole record goes through the flow again: its other parts, delivered already, would go to their
				// targets a second time (a file target held A, B and C twice after B's rerun; review 22).
				return Found.refused("its record was split into parts (a 'split' step), and a rerun sends the whole record through the flow"
						+ " again, so the parts its targets took already would reach them twice" + instead);
			}
		}
		JsonNode record = first.get("record");
		if (record == null || !record.isObject()) {
			return Found.refused("its record's trace kept the steps but not the record (with its records the trace was longer than the"
					+ " journal keeps)" + instead);
		}
		String text;
		try {
			text = Trails.JSON.writeValueAsString(record);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new SQLException("the trace of dead letter " + letter.id() + "'s record cannot be written back as JSON: " + e.getMessage(), e);
		}
		if ("true".equals(chosen[4]) || chosen[4] == null && text.contains("***")) {
			// Traces are written with the secrets' values scrubbed out, data too: a record holding one (a tenant's
			// name that is also its token) went back to the flow scrubbed, to another URL under another key (review 21).
			return Found.refused("its record's trace has a secret's value scrubbed out of it (***), as every trace has, so the record as"
					+ " read cannot be taken from it" + instead);
		}
		return new Found(from.substring("from ".length()), chosen[1], text, RerunKeys.claimed(steps, flowKey), flowKey, null);
	}

	private static String group(DeadLetter letter) {
		return "it is the delivery of a group (an aggregate's result), whose records cannot re-enter the flow one by one: send the"
				+ " group's records again, then 'isthmus dlq discard " + letter.id() + "' — or replay it without --rerun to send the result"
				+ " as it was made then";
	}

	/**
	 * The key the delivery was queued with, which a trace names where the correlation id does not tell deliveries
	 * apart; and the flow's idempotency key its dead letter gives back (null: none, or held again by a plain replay).
	 */
	private static String[] deliveryKeys(Connection c, DeadLetter letter) throws SQLException {
		if (letter.outboxId() == null) {
			return new String[2];
		}
		boolean flowKeys = false;
		try (ResultSet r = c.getMetaData().getColumns(null, null, "ISTHMUS_OUTBOX", "FLOW_KEY")) {
			flowKeys = r.next(); // journals from before releases lack the column
		}
		try (PreparedStatement q = c.prepareStatement("SELECT IDEMPOTENCY_KEY" + (flowKeys ? ", FLOW_KEY" : ", NULL")
				+ " FROM ISTHMUS_OUTBOX WHERE ID = ?")) {
			q.setLong(1, letter.outboxId());
			try (ResultSet r = q.executeQuery()) {
				return r.next() ? new String[] { r.getString(1), r.getString(2) } : new String[2];
			}
		}
	}

	/**
	 * Whether the trace has a delivery to the endpoint (the engine names it {@code deliver|wiretap|route -> <endpoint>})
	 * under the letter's key, where the trace names keys.
	 */
	private static boolean delivers(JsonNode trace, String endpoint, String key) {
		for (JsonNode step : trace) {
			if (step.path("step").asText("").endsWith(" -> " + endpoint)
					&& (key == null || !step.has("key") || key.equals(step.path("key").asText(null)))) {
				return true;
			}
		}
		return false;
	}

	private static JsonNode parse(String json) throws SQLException {
		try {
			return Trails.JSON.readTree(json);
		} catch (java.io.IOException e) {
			throw new SQLException("a trace of the journal is not JSON: " + e.getMessage(), e);
		}
	}
}
