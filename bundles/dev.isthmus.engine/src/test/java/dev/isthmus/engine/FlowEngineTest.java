package dev.isthmus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The generated shop flow, run on records: delivered, validated, dead-lettered with a reason, traced. */
class FlowEngineTest {

	private static final Path GOLDEN = Path.of("../dev.isthmus.generator/src/test/resources/golden");
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

	private static FlowEngine engine() throws Exception {
		JsonNode config = JSON.readTree(GOLDEN.resolve("flows/shop.Orders.json").toFile());
		return new FlowEngine(config, file -> {
			try {
				Path schema = GOLDEN.resolve("schemas").resolve(file);
				return Files.isRegularFile(schema) ? Files.readString(schema) : null;
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}, LookupTable.inline(config), () -> NOW);
	}

	@Test
	void aTillOrderIsDeliveredAsABookEntry() throws Exception {
		Outcome outcome = engine().process(JSON.readTree("""
				{ "id": "O-7", "amount": 1999, "currency": "eur", "items": [ { "sku": "tea", "qty": 2 } ], "extra": true }
				"""));

		assertNull(outcome.deadLetter(), () -> outcome.trace().toString());
		assertEquals(1, outcome.deliveries().size());
		Outcome.Delivery entry = outcome.deliveries().get(0);
		assertEquals("shop.Books.entries", entry.endpoint());
		assertEquals(Map.of("reference", "O-7", "total", new BigDecimal("19.99"), "booked", LocalDate.of(2026, 11, 2)),
				entry.record());
		assertEquals("from shop.Till.orders", outcome.trace().get(0).step());
		assertTrue(outcome.trace().stream().anyMatch(t -> t.step().equals("map shop.TillToOrder")), outcome.trace().toString());
	}

	@Test
	void aRecordThatBreaksAFunctionIsDeadLetteredWithItsPlace() throws Exception {
		Outcome outcome = engine().process(JSON.readTree("""
				{ "id": "O-8", "amount": 100, "currency": "???", "items": [] }
				"""));

		assertTrue(outcome.deliveries().isEmpty());
		assertTrue(outcome.deadLetter().startsWith("mapping shop.TillToOrder, rule total: minorToDecimal(…) failed: '???' is not an ISO 4217 currency code"),
				outcome.deadLetter());
		assertFalse(outcome.filtered());
		assertEquals("map shop.TillToOrder", outcome.trace().get(outcome.trace().size() - 2).step(), "the step the dead letter names");
	}

	@Test
	void aRecordThatBreaksItsModelIsDeadLetteredAtTheField() throws Exception {
		// Order ids must match ^O-[0-9]+$ (shop.isl); the validate step checks the mapped Order against its schema.
		Outcome outcome = engine().process(JSON.readTree("""
				{ "id": "X-9", "amount": 100, "currency": "usd", "items": [ { "sku": "tea", "qty": 1 } ] }
				"""));

		assertTrue(outcome.deliveries().isEmpty());
		assertTrue(outcome.deadLetter().startsWith("validate shop.Order: the record breaks its model: /id: "),
				outcome.deadLetter());
		// The failing step, not the one before it (a dead letter said 'map', review 28).
		assertEquals("validate shop.Order", outcome.trace().get(outcome.trace().size() - 2).step(), "the step the dead letter names");
		assertEquals("map shop.TillToOrder", outcome.trace().get(outcome.trace().size() - 3).step());
	}

	/**
	 * A record whose values do not fit the types its endpoint declares (shop.Till.TillOrder: amount integer, id and
	 * items required, paid an optional boolean) stops at the from step, naming the field, what was declared and what
	 * came; a JSON record is checked as a CSV row is typed when read.
	 */
	@Test
	void aRecordOfTheWrongTypesIsDeadLetteredAtTheSource() throws Exception {
		FlowEngine engine = engine();
		Map<String, String> expected = new java.util.LinkedHashMap<>();
		expected.put("{ \"id\": \"O-1\", \"amount\": \"x\", \"currency\": \"eur\", \"items\": [] }",
				"amount must be an integer, found the string \"x\"");
		expected.put("{ \"amount\": 1, \"currency\": \"eur\", \"items\": [] }", "id is required");
		expected.put("{ \"id\": null, \"amount\": 1, \"currency\": \"eur\", \"items\": [] }", "id is required");
		expected.put("{ \"id\": 7, \"amount\": 1, \"currency\": \"eur\", \"items\": [] }", "id must be a string, found the number 7");
		expected.put("{ \"id\": \"O-1\", \"amount\": 1.5e400, \"currency\": \"eur\", \"items\": [] }",
				"amount must be an integer, found a number out of range");
		expected.put("{ \"id\": \"O-1\", \"amount\": 99999999999999999999, \"currency\": \"eur\", \"items\": [] }",
				"amount is 99999999999999999999, out of an integer's range");
		expected.put("{ \"id\": \"O-1\", \"amount\": 2.5, \"currency\": \"eur\", \"items\": [] }",
				"amount must be an integer, found the number 2.5");
		expected.put("{ \"id\": \"O-1\", \"amount\": 1, \"currency\": \"eur\", \"items\": [ { \"sku\": \"tea\", \"qty\": \"2\" } ] }",
				"items[0].qty must be an integer, found the string \"2\"");
		expected.put("{ \"id\": \"O-1\", \"amount\": 1, \"currency\": \"eur\", \"items\": [], \"paid\": \"yes\" }",
				"paid must be true or false, found the string \"yes\"");
		expected.put("\"O-1\"", "the record is the string \"O-1\", not a JSON object");
		expected.put("[1, 2]", "the record is a list, not a JSON object");
		for (Map.Entry<String, String> e : expected.entrySet()) {
			Outcome outcome = engine.process(JSON.readTree(e.getKey()));
			assertTrue(outcome.deliveries().isEmpty(), e.getKey());
			assertTrue(outcome.deadLetter() != null && outcome.deadLetter().startsWith(
					"from shop.Till.orders: the record does not fit shop.Till.TillOrder: " + e.getValue()), e.getKey() + " -> " + outcome.deadLetter());
			assertEquals("from shop.Till.orders", outcome.trace().get(outcome.trace().size() - 2).step(), "the step the dead letter names");
		}
	}

	/** Optional fields may be null or absent, 5.0 is the integer 5, and undeclared fields of any type are dropped. */
	@Test
	void optionalFieldsIntegralNumbersAndUndeclaredFieldsPass() throws Exception {
		Outcome outcome = engine().process(JSON.readTree("""
				{ "id": "O-7", "amount": 1999.0, "currency": "eur", "paid": null, "items": [ { "sku": "tea", "qty": 2 } ],
				  "extra": 1.5e400, "other": [ "anything" ] }
				"""));

		assertNull(outcome.deadLetter(), () -> outcome.trace().toString());
		assertEquals(new BigDecimal("19.99"), outcome.deliveries().get(0).record().get("total"));
	}

	@Test
	void oneBadRecordDoesNotStopTheNext() throws Exception {
		FlowEngine engine = engine();
		engine.process(JSON.readTree("{ \"id\": \"O-1\", \"amount\": \"not a number\", \"currency\": \"eur\", \"items\": [] }"));
		Outcome next = engine.process(JSON.readTree("{ \"id\": \"O-2\", \"amount\": 500, \"currency\": \"usd\", \"items\": [ { \"sku\": \"tea\", \"qty\": 1 } ] }"));
		assertNull(next.deadLetter(), () -> next.trace().toString());
		assertEquals(new BigDecimal("5.00"), next.deliveries().get(0).record().get("total"));
	}
}
