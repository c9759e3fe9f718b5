package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.Outcome;

/**
 * What a trace names beyond its outcome, for {@code isthmus trace}: the idempotency key of each delivery when records
 * share a correlation id (a review saw one customer's three records each credited with the others' outcomes).
 */
class TraceMarksTest {

	private static final Environment NONE = new Environment(name -> null);

	private static Outcome sent(String correlation, Map<String, Object> record, String... endpoints) {
		List<Outcome.Delivery> deliveries = new ArrayList<>();
		List<Outcome.Trace> steps = new ArrayList<>(List.of(new Outcome.Trace("from A.in", "received", record)));
		for (String endpoint : endpoints) {
			deliveries.add(new Outcome.Delivery(endpoint, record));
			steps.add(new Outcome.Trace("deliver -> " + endpoint, "as is", record));
		}
		return new Outcome(correlation, deliveries, null, false, false, steps);
	}

	private static Map<String, Object> record(String id) {
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("id", id);
		return record;
	}

	/** The batch's trace entries, read back from a journal. */
	private static JsonNode written(Path dir, JournalWrites writes) throws Exception {
		try (Journal journal = Journal.open("jdbc:h2:" + dir.resolve("journal")); Connection c = journal.connect()) {
			writes.close();
			writes.flush(c);
			c.commit();
			try (ResultSet r = c.createStatement().executeQuery("SELECT TRACES FROM ISTHMUS_TRACES")) {
				assertTrue(r.next());
				return JsonText.RECORDS.readTree(Journal.getText(r, 1));
			}
		}
	}

	@Test
	void recordsOfOneCorrelationIdEachNameTheirOwnDeliveryKeys(@TempDir Path dir) throws Exception {
		JournalWrites writes = new JournalWrites(DeadLetterCopies.NONE);
		Instant now = Instant.parse("2026-12-06T08:00:00Z");
		// As a flow's worker hands them in: a record's deliveries, then its trace with their keys.
		for (int i = 1; i <= 3; i++) {
			writes.outbox("F", "A.api", "{}", "key-" + i, "c1", null, null, now);
			writes.trace("c1", "F", "file:in.ndjson:" + i, sent("c1", record("r" + i), "A.api"), NONE, now, List.of("key-" + i), List.of());
		}
		JsonNode entries = written(dir, writes);
		for (int i = 0; i < 3; i++) {
			assertEquals("key-" + (i + 1), entries.get(i).get("trace").get(1).get("key").asText(), entries.toString());
		}
	}

	@Test
	void groupsNameTheirKeysToo(@TempDir Path dir) throws Exception {
		JournalWrites writes = new JournalWrites(DeadLetterCopies.NONE);
		Instant now = Instant.parse("2026-12-06T08:00:00Z");
		// As a window's close hands them in: a group's deliveries, then its trace.
		for (int i = 1; i <= 2; i++) {
			writes.outbox("F", "A.sums", "{}", "g-" + i, "c1", null, null, now);
			writes.trace("c1", "F", "group:0:[c1]:2026-12-06T0" + i + ":00:00Z", sent("c1", record("g" + i), "A.sums"), NONE, now,
					List.of("g-" + i), List.of());
		}
		JsonNode entries = written(dir, writes);
		assertEquals("g-1", entries.get(0).get("trace").get(1).get("key").asText(), entries.toString());
		assertEquals("g-2", entries.get(1).get("trace").get(1).get("key").asText(), entries.toString());
	}

	@Test
	void aRecordWithItsOwnCorrelationIdNamesNoKey(@TempDir Path dir) throws Exception {
		JournalWrites writes = new JournalWrites(DeadLetterCopies.NONE);
		Instant now = Instant.parse("2026-12-06T08:00:00Z");
		writes.outbox("F", "A.api", "{}", "key-1", "F@file:in.ndjson:1", null, null, now);
		writes.trace("F@file:in.ndjson:1", "F", "file:in.ndjson:1", sent(null, record("r1"), "A.api"), NONE, now, List.of("key-1"), List.of());
		JsonNode entries = written(dir, writes);
		assertFalse(entries.get(0).get("trace").get(1).has("key"), "the correlation id tells its deliveries apart: " + entries);
	}

	/**
	 * A record held for an aggregate names its group on the step that held it, so that {@code isthmus trace} can
	 * follow it to the group's result (a user had to build the group's name from the record by hand); a split record's
	 * parts, held for two groups, name each its own, and an aggregate step that passed a record through names none.
	 */
	@Test
	void aHeldRecordNamesItsGroups(@TempDir Path dir) throws Exception {
		JournalWrites writes = new JournalWrites(DeadLetterCopies.NONE);
		Instant now = Instant.parse("2026-12-06T08:00:00Z");
		Map<String, Object> record = record("r1");
		Outcome outcome = new Outcome(null, List.of(), null, false, false, List.of(new Outcome.Trace("from A.in", "received", record),
				new Outcome.Trace("split", "into 2 records", record), new Outcome.Trace("aggregate", "held for its window", record("a")),
				new Outcome.Trace("aggregate", "passed through (no batch)", record("b")),
				new Outcome.Trace("aggregate", "held for its window", record("c"))));
		List<dev.isthmus.engine.Group> groups = List.of(
				new dev.isthmus.engine.Group(2, List.of("cus_1", Instant.parse("2026-12-06T07:30:00Z")), Instant.parse("2026-12-06T07:00:00Z"),
						java.time.Duration.ofHours(1)),
				new dev.isthmus.engine.Group(2, List.of("cus_2", 7L), "", java.time.Duration.ofHours(1)));
		writes.trace("F@file:in.ndjson:1", "F", "file:in.ndjson:1", outcome, NONE, now, List.of(), groups);
		JsonNode steps = written(dir, writes).get(0).get("trace");
		assertEquals("group:2:[cus_1, 2026-12-06T07:30:00Z]:2026-12-06T07:00:00Z", steps.get(2).path("group").asText(), steps.toString());
		assertFalse(steps.get(3).has("group"), steps.toString());
		assertEquals("group:2:[cus_2, 7]:", steps.get(4).path("group").asText(), steps.toString());
		assertFalse(steps.get(0).has("group") || steps.get(1).has("group"), steps.toString());
	}
}
