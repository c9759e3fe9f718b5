package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.engine.Outcome;

/**
 * Traces as the journal's trace rows hold them: streamed into the row's bytes when there is no secret, written as
 * redacted text when there is; the same JSON either way, and never longer than a row can hold.
 */
class TraceTextTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static Outcome outcome(Object note) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("eventId", "ev-1 \"quoted\" ünïcode ✓");
		event.put("quantity", 3L);
		event.put("occurredAt", Instant.parse("2026-11-01T10:05:00Z"));
		event.put("note", note);
		Map<String, Object> usage = new LinkedHashMap<>(event);
		usage.remove("note");
		return new Outcome("corr-1", List.of(), null, false, false, List.of(new Outcome.Trace("from", "read", event),
				new Outcome.Trace("idempotent", "first seen", event), new Outcome.Trace("map", "EventToUsage", usage)));
	}

	private static JsonNode rowOf(Environment environment, Outcome... outcomes) throws Exception {
		BatchRow row = new BatchRow();
		int i = 0;
		for (Outcome outcome : outcomes) {
			TraceText.into(row, "corr-" + ++i, "file:in.ndjson:" + i, outcome, environment);
		}
		return JSON.readTree(new String(row.take(), StandardCharsets.UTF_8));
	}

	@Test
	void aStreamedTraceIsTheTraceTextInItsRowEntry() throws Exception {
		Environment none = new Environment(name -> null);
		Outcome outcome = outcome("a note");
		JsonNode row = rowOf(none, outcome, outcome);
		assertEquals(2, row.size());
		assertEquals("corr-2", row.get(1).get("correlation").asText());
		assertEquals("file:in.ndjson:2", row.get(1).get("origin").asText());
		assertEquals(JSON.readTree(TraceText.of(outcome, none)), row.get(0).get("trace"));
		assertTrue(row.get(0).get("trace").get(1).get("unchanged").asBoolean(), row.toString());
		assertEquals("ev-1 \"quoted\" ünïcode ✓", row.get(0).get("trace").get(2).get("record").get("eventId").asText());
	}

	@Test
	void withASecretTheTraceIsRedactedWhereverTheSecretIs() throws Exception {
		Environment secrets = new Environment(Map.of("TOKEN", "tok_9f8e7d6c")::get);
		secrets.secret(JSON.readTree("{\"env\":\"TOKEN\"}"), "a test");
		JsonNode row = rowOf(secrets, outcome("sent with tok_9f8e7d6c by mistake"));
		assertFalse(row.toString().contains("tok_9f8e7d6c"), row.toString());
		assertEquals("sent with *** by mistake", row.get(0).get("trace").get(0).get("record").get("note").asText());
	}

	@Test
	void aTraceTooLongForARowKeepsItsStepsNotItsRecords() throws Exception {
		for (Environment environment : List.of(new Environment(name -> null), secretive())) {
			JsonNode row = rowOf(environment, outcome("x".repeat(BatchRow.LIMIT)), outcome("short"));
			JsonNode steps = row.get(0).get("trace");
			assertEquals(3, steps.size(), "every step is kept");
			assertTrue(steps.get(0).get("record").asText().startsWith("(left out"), steps.get(0).toString());
			assertEquals("short", row.get(1).get("trace").get(0).get("record").get("note").asText(), "the next trace is whole");
		}
	}

	@Test
	void aRowIsFullOnceItReachesItsLimit() {
		BatchRow row = new BatchRow();
		while (!row.full()) {
			row.add("\"" + "y".repeat(10_000) + "\"");
		}
		byte[] text = row.take();
		assertTrue(text.length >= BatchRow.LIMIT && text.length < BatchRow.LIMIT + 10_010, "passes the limit by one entry at most");
		assertTrue(row.isEmpty() && !row.full(), "taking empties the row");
	}

	/**
	 * A lone surrogate (a truncated emoji escape in the input) is written as an escape, with or without secrets to
	 * redact: a trace that cannot be written would fail its batch again and again.
	 */
	@Test
	void aLoneSurrogateInARecordIsWrittenNotRefused() throws Exception {
		for (Environment environment : List.of(new Environment(name -> null), secretive())) {
			JsonNode row = rowOf(environment, outcome("cut \ud83d here"), outcome("emoji \ud83d\ude00 whole"));
			assertEquals(2, row.size(), row.toString());
			assertEquals("emoji \ud83d\ude00 whole", row.get(1).get("trace").get(0).get("record").get("note").asText());
		}
	}

	@Test
	void charactersBeyondTheBmpAreFourBytesInARow() {
		BatchRow row = new BatchRow();
		row.add(out -> out.writeString("\ud83d\ude00".repeat(100)));
		assertEquals(1 + 1 + 400 + 1 + 1, row.take().length, "[\"…\"]: four bytes an emoji, not two escapes");
	}

	/** A large entry on a row near its limit starts a row of its own, so that no row passes what the journal takes. */
	@Test
	void aLargeEntryOnAFullishRowStartsTheNextRow() throws Exception {
		BatchRow row = new BatchRow();
		row.add("\"" + "a".repeat(BatchRow.LIMIT - 100) + "\"");
		assertFalse(row.full());
		String large = "é".repeat(1_600_000); // 3,200,000 bytes
		row.add(out -> out.writeString(large));
		assertTrue(row.overfull());
		byte[] first = row.splitLast();
		assertEquals(1, JSON.readTree(first).size());
		assertEquals(large, JSON.readTree(row.take()).get(0).asText());
		assertTrue(new BatchRow().fits(5_000_000), "an empty row takes anything");
		BatchRow started = new BatchRow();
		started.add("\"" + "a".repeat(BatchRow.LIMIT - 100) + "\"");
		assertFalse(started.fits(1_200_000), "a started row does not take what could pass its most");
	}

	private static Environment secretive() throws Exception {
		Environment secrets = new Environment(Map.of("TOKEN", "tok_9f8e7d6c")::get);
		secrets.secret(JSON.readTree("{\"env\":\"TOKEN\"}"), "a test");
		return secrets;
	}
}
