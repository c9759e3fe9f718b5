package dev.isthmus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.library.AccountingCalendar;
import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.IslType;
import dev.isthmus.library.StandardLibrary;

/**
 * Nulls, empty lists, scales and rounding, currency exponents, time zones across DST, and bad input — through the
 * engine's evaluators, as records meet them.
 */
class EdgeCasesTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Instant NOW = Instant.parse("2026-03-29T12:00:00Z");

	private static Object call(String function, Object... arguments) throws Exception {
		StringBuilder tree = new StringBuilder("{\"expr\":\"call\",\"function\":\"" + function + "\",\"arguments\":[");
		Map<String, Object> record = new java.util.HashMap<>();
		for (int i = 0; i < arguments.length; i++) {
			tree.append(i > 0 ? "," : "").append("{\"expr\":\"field\",\"name\":\"a").append(i).append("\"}");
			record.put("a" + i, arguments[i]);
		}
		return Expressions.compile(JSON.readTree(tree + "]}"), "test")
				.evaluate(new Evaluation(record, Map.of(), () -> NOW, AccountingCalendar.DEFAULT));
	}

	/** The direct reading of the common instant form agrees with Instant.parse, and leaves it everything else. */
	@Test
	void instantsReadDirectlyAgreeWithTheGeneralParser() {
		java.util.SplittableRandom random = new java.util.SplittableRandom(42);
		for (int i = 0; i < 20_000; i++) {
			String text = Instant.ofEpochSecond(random.nextLong(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
					Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())).toString();
			assertEquals(Instant.parse(text), Values.instant(text), text);
		}
		for (String other : List.of("2026-11-01T09:30:00.250Z", "2026-11-01T09:30:00+01:00", "2024-02-29T00:00:00Z", "2026-12-31T23:59:60Z",
				"2026-11-01T24:00:00Z")) {
			assertEquals(Instant.parse(other), Values.instant(other), other);
		}
		for (String bad : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-01T09:60:00Z",
				"2026-1x-01T09:30:00Z", "2026-11-01 09:30:00Z")) {
			assertThrows(java.time.format.DateTimeParseException.class, () -> Values.instant(bad), bad);
		}
	}

	@Test
	void instantsWrittenDirectlyAgreeWithTheGeneralFormatter() {
		java.util.SplittableRandom random = new java.util.SplittableRandom(7);
		long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
		long to = Instant.parse("+12000-12-31T23:59:59Z").getEpochSecond();
		int[] nanos = { 0, 0, 250_000_000, 1_000_000, 123_456_000, 1_000, 999_999_999, 7 };
		for (int i = 0; i < 40_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(from, to), i % 2 == 0 ? nanos[i / 2 % nanos.length] : random.nextInt(1_000_000_000));
			assertEquals(instant.toString(), Values.text(instant));
		}
		for (String edge : List.of("1000-01-01T00:00:00Z", "0999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
				"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "2024-02-29T12:00:00.000001Z", "-0001-06-01T00:00:00Z")) {
			Instant instant = Instant.parse(edge);
			assertEquals(instant.toString(), Values.text(instant), edge);
		}
	}

	@Test
	void everyLibraryFunctionPropagatesAMissingArgumentOrSaysItDoesNot() throws Exception {
		for (FunctionDeclaration f : StandardLibrary.all()) {
			if (f.parameters().isEmpty() || f.parameters().stream().anyMatch(p -> p.type() instanceof IslType.FunctionType)) {
				continue;
			}
			Object[] nulls = new Object[f.parameters().size()];
			Object result = call(f.name(), nulls);
			if (f.nullPropagating()) {
				assertNull(result, f.signature() + " should give null for a missing argument");
			}
		}
	}

	@Test
	void currencyExponentsFollowIso4217() throws Exception {
		assertEquals(new BigDecimal("1250"), call("minorToDecimal", 1250L, "JPY"));
		assertEquals(new BigDecimal("12.50"), call("minorToDecimal", 1250L, "usd"));
		assertEquals(new BigDecimal("1.250"), call("minorToDecimal", 1250L, "KWD"));
		assertEquals(1250L, call("decimalToMinor", new BigDecimal("1.25"), "KWD"));
	}

	@Test
	void emptyListsAndMissingElements() throws Exception {
		assertEquals(0L, call("count", List.of()));
		assertNull(call("first", List.of()));
		assertEquals(0L, call("sum", List.of()));
		assertEquals(new BigDecimal("1.5"), call("sum", Arrays.asList(null, new BigDecimal("1.5"), null)));
	}

	@Test
	void decimalScalesAndRounding() throws Exception {
		assertEquals(new BigDecimal("0.12"), call("round", new BigDecimal("0.125"), 2L));
		assertEquals(new BigDecimal("0.14"), call("round", new BigDecimal("0.135"), 2L));
		assertEquals(new BigDecimal("-0.13"), call("roundHalfUp", new BigDecimal("-0.125"), 2L));
	}

	@Test
	void timeZonesAcrossDaylightSavingBoundaries() throws Exception {
		// Europe/Berlin moves to summer time at 01:00 UTC on 29 March 2026.
		assertEquals(LocalDate.of(2026, 3, 29), call("toDate", Instant.parse("2026-03-28T23:30:00Z"), "Europe/Berlin"));
		assertEquals(LocalDate.of(2026, 3, 29), call("toDate", Instant.parse("2026-03-29T21:59:00Z"), "Europe/Berlin"));
		assertEquals(LocalDate.of(2026, 3, 30), call("toDate", Instant.parse("2026-03-29T22:00:00Z"), "Europe/Berlin"));
		// New York falls back on 1 November 2026 at 06:00 UTC: 03:59 UTC is still 31 October there.
		assertEquals(LocalDate.of(2026, 10, 31), call("toDate", Instant.parse("2026-11-01T03:59:00Z"), "America/New_York"));
		RecordError zone = assertThrows(RecordError.class, () -> call("toDate", NOW, "Mars/Olympus"));
		assertTrue(zone.getMessage().startsWith("test: toDate(…) failed: "), zone.getMessage());
	}

	@Test
	void badInputBecomesLocatedRecordErrors() throws Exception {
		// Wrong JSON type: a string where the schema says integer stays a string, and the function refuses it.
		RecordError wrongType = assertThrows(RecordError.class, () -> call("minorToDecimal", "12", "USD"));
		assertTrue(wrongType.getMessage().startsWith("test: minorToDecimal(…) failed"), wrongType.getMessage());
		// Huge numbers: exact longs overflow into a record error, never a wrong total.
		RecordError huge = assertThrows(RecordError.class, () -> Expressions.compile(JSON.readTree(
				"{\"expr\":\"binary\",\"op\":\"*\",\"left\":{\"expr\":\"field\",\"name\":\"n\"},\"right\":{\"expr\":\"field\",\"name\":\"n\"}}"),
				"mapping m, rule total").evaluate(new Evaluation(Map.of("n", Long.MAX_VALUE / 2), Map.of(), () -> NOW,
						AccountingCalendar.DEFAULT)));
		assertTrue(huge.getMessage().startsWith("mapping m, rule total: '*' failed: long overflow"), huge.getMessage());
	}

	@Test
	void deeplyNestedInputConvertsWithoutFailing() throws Exception {
		StringBuilder deep = new StringBuilder();
		for (int i = 0; i < 500; i++) {
			deep.append("{\"a\":");
		}
		deep.append("1").append("}".repeat(500));
		Object value = Values.fromJson(JSON.readTree(deep.toString()), null, f -> null);
		int depth = 0;
		while (value instanceof Map<?, ?> map) {
			value = map.get("a");
			depth++;
		}
		assertEquals(500, depth);
		assertEquals(1L, value);
	}

	@Test
	void widePayloadKeepsOnlyDeclaredFieldsButEmptyShapesWhole() throws Exception {
		JsonNode schema = JSON.readTree("""
				{"type":"object","properties":{"id":{"type":"string"},"created":{"type":"string","format":"date-time"},
				 "lines":{"type":"array","items":{"type":"object","properties":{"amount":{"type":"number"}}}},
				 "data":{"type":"object","properties":{"object":{"type":"object","properties":{}}}}}}""");
		JsonNode payload = JSON.readTree("""
				{"id":"in_1","created":"2026-11-02T10:00:00Z","livemode":false,"metadata":{"x":1},
				 "lines":[{"amount":1000,"period":{"start":1}}],"data":{"object":{"id":"x","n":2},"previous":1}}""");
		Object value = Values.fromJson(payload, schema, f -> null);
		assertEquals(Map.of("id", "in_1", "created", Instant.parse("2026-11-02T10:00:00Z"),
				"lines", List.of(Map.of("amount", new BigDecimal("1000"))), "data", Map.of("object", Map.of("id", "x", "n", 2L))),
				value, "undeclared fields are dropped; an empty shape { } keeps all it holds");
	}

	@Test
	void missingFieldsReadAsMissingAndNavigationSaysWhere() throws Exception {
		JsonNode tree = JSON.readTree("{\"expr\":\"navigate\",\"receiver\":{\"expr\":\"field\",\"name\":\"price\"},\"member\":\"product\"}");
		RecordError error = assertThrows(RecordError.class, () -> Expressions.compile(tree, "mapping m, rule sku")
				.evaluate(new Evaluation(Map.of(), Map.of(), () -> NOW, AccountingCalendar.DEFAULT)));
		assertTrue(error.getMessage().startsWith("mapping m, rule sku: a value is missing, so its 'product' cannot be read"),
				error.getMessage());
		List<Object> none = new ArrayList<>();
		assertEquals(0L, call("count", none));
	}
}
