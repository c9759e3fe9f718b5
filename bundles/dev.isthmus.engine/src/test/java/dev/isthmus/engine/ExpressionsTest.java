package dev.isthmus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.library.AccountingCalendar;

/** Every expression form, compiled from the trees the generator writes and evaluated on engine values. */
class ExpressionsTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

	private static Object eval(String tree, Map<String, Object> record) throws Exception {
		return eval(tree, record, Map.of());
	}

	private static Object eval(String tree, Map<String, Object> record, Map<String, LookupTable> lookups) throws Exception {
		return Expressions.compile(JSON.readTree(tree.replace('\'', '"')), "test")
				.evaluate(new Evaluation(record, lookups, () -> NOW, AccountingCalendar.DEFAULT));
	}

	private static String field(String name) {
		return "{'expr':'field','name':'" + name + "'}";
	}

	private static String lit(String value, String kind) {
		return "{'expr':'literal','value':" + value + ",'type':{'kind':'" + kind + "'}}";
	}

	private static String call(String function, String... arguments) {
		return "{'expr':'call','function':'" + function + "','arguments':[" + String.join(",", arguments) + "]}";
	}

	@Test
	void literalsBecomeEngineValues() throws Exception {
		assertEquals(new BigDecimal("12.50"), eval(lit("'12.50'", "decimal"), Map.of()));
		assertEquals(42L, eval(lit("'42'", "integer"), Map.of()));
		assertEquals(java.time.Duration.ofHours(1), eval(lit("'PT1H'", "duration"), Map.of()));
		assertNull(eval("{'expr':'literal','value':null}", Map.of()));
	}

	@Test
	void pathsReadFieldsAndMissingOnesSayWhere() throws Exception {
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("price", null);
		record.put("customer", Map.of("id", "cus_1"));
		assertEquals("cus_1", eval("{'expr':'navigate','receiver':" + field("customer") + ",'member':'id'}", record));
		assertNull(eval("{'expr':'navigate','receiver':" + field("price") + ",'member':'product','nullSafe':true}", record));
		RecordError missing = assertThrows(RecordError.class,
				() -> eval("{'expr':'navigate','receiver':" + field("price") + ",'member':'product'}", record));
		assertEquals("test: a value is missing, so its 'product' cannot be read; use ?.product where it may be missing",
				missing.getMessage());
	}

	@Test
	void libraryCallsUseTheOneDeclaration() throws Exception {
		Map<String, Object> record = Map.of("amount", 1250L, "currency", "usd", "id", "in_1");
		assertEquals(new BigDecimal("12.50"), eval(call("minorToDecimal", field("amount"), field("currency")), record));
		assertEquals("USD", eval(call("upper", field("currency")), record));
		assertEquals("INV-in_1", eval(call("concat", lit("'INV-'", "string"), field("id")), record));
		assertEquals(NOW, eval(call("now"), record));
		RecordError refused = assertThrows(RecordError.class,
				() -> eval(call("minorToDecimal", field("amount"), lit("'XYZ'", "string")), record));
		assertTrue(refused.getMessage().startsWith("test: minorToDecimal(…) failed: 'XYZ' is not an ISO 4217 currency code"),
				refused.getMessage());
	}

	@Test
	void lambdasSumFilterAndMapLists() throws Exception {
		Map<String, Object> record = Map.of("lines", List.of(Map.of("amount", new BigDecimal("2.50"), "sku", "a"),
				Map.of("amount", new BigDecimal("-1.00"), "sku", "b")));
		String amount = "{'expr':'lambda','parameter':'l','body':{'expr':'navigate','receiver':{'expr':'variable','name':'l'},'member':'amount'}}";
		assertEquals(new BigDecimal("1.50"), eval(call("sum", field("lines"), amount), record));
		String positive = "{'expr':'lambda','parameter':'l','body':{'expr':'binary','op':'>','left':{'expr':'navigate','receiver':{'expr':'variable','name':'l'},'member':'amount'},'right':"
				+ lit("'0'", "integer") + "}}";
		assertEquals(1L, eval(call("count", call("filter", field("lines"), positive)), record));
	}

	@Test
	void operatorsAreExact() throws Exception {
		Map<String, Object> record = Map.of("a", Long.MAX_VALUE, "d", new BigDecimal("10"));
		assertEquals(new BigDecimal("3.333333333333333333333333333333333"),
				eval("{'expr':'binary','op':'/','left':" + field("d") + ",'right':" + lit("'3'", "integer") + "}", record));
		assertThrows(RecordError.class, () -> eval("{'expr':'binary','op':'+','left':" + field("a") + ",'right':" + lit("'1'", "integer") + "}", record));
		assertEquals(true, eval("{'expr':'binary','op':'==','left':" + lit("'12.50'", "decimal") + ",'right':" + lit("'12.5'", "decimal") + "}", record));
		assertEquals("x", eval("{'expr':'binary','op':'??','left':" + field("missing") + ",'right':" + lit("'x'", "string") + "}", record));
	}

	@Test
	void lookupsMatchAndConditionals() throws Exception {
		Map<String, LookupTable> lookups = Map.of("entity", new LookupTable(Map.of("EUR", "DE01"), "US01"));
		assertEquals("DE01", eval("{'expr':'lookup','lookup':'entity','key':" + lit("'EUR'", "string") + "}", Map.of(), lookups));
		assertEquals("US01", eval("{'expr':'lookup','lookup':'entity','key':" + lit("'JPY'", "string") + "}", Map.of(), lookups));
		String match = "{'expr':'match','subject':" + field("status") + ",'cases':[{'value':" + lit("'paid'", "string")
				+ ",'result':{'expr':'enum','value':'PAID'}}],'otherwise':{'expr':'enum','value':'OPEN'}}";
		assertEquals("PAID", eval(match, Map.of("status", "paid")));
		assertEquals("OPEN", eval(match, Map.of("status", "draft")));
		assertEquals("b", eval("{'expr':'if','condition':" + field("flag") + ",'then':" + lit("'a'", "string") + ",'else':"
				+ lit("'b'", "string") + "}", Map.of()));
	}

	@Test
	void unaryObjectListAndEachForms() throws Exception {
		Map<String, Object> record = Map.of("flag", true, "n", 5L, "d", new BigDecimal("2.50"),
				"items", List.of(Map.of("sku", "tea"), Map.of("sku", "cake")));
		assertEquals(false, eval("{'expr':'unary','op':'not','operand':" + field("flag") + "}", record));
		assertEquals(true, eval("{'expr':'unary','op':'not','operand':" + field("missing") + "}", record));
		assertEquals(-5L, eval("{'expr':'unary','op':'-','operand':" + field("n") + "}", record));
		assertEquals(new BigDecimal("-2.50"), eval("{'expr':'unary','op':'-','operand':" + field("d") + "}", record));
		RecordError notANumber = assertThrows(RecordError.class,
				() -> eval("{'expr':'unary','op':'-','operand':" + lit("'x'", "string") + "}", record));
		assertTrue(notANumber.getMessage().contains("'-' cannot negate this value"), notANumber.getMessage());

		assertEquals(Map.of("account", "1200", "debit", new BigDecimal("2.50")),
				eval("{'expr':'object','rules':[{'target':'account','value':" + lit("'1200'", "string") + "},"
						+ "{'target':'debit','value':" + field("d") + "}]}", record));
		assertEquals(List.of(5L, "x"), eval("{'expr':'list','elements':[" + field("n") + "," + lit("'x'", "string") + "]}", record));
		assertEquals(List.of(Map.of("code", "tea"), Map.of("code", "cake")),
				eval("{'expr':'each','source':" + field("items") + ",'variable':'i','rules':[{'target':'code','value':"
						+ "{'expr':'navigate','receiver':{'expr':'variable','name':'i'},'member':'sku'}}]}", record));
		assertEquals(List.of(), eval("{'expr':'each','source':" + field("missing") + ",'variable':'i','rules':[]}", record));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theGeneratedShopMappingRunsOnARecord() throws Exception {
		JsonNode flow = JSON.readTree(Path.of("../dev.isthmus.generator/src/test/resources/golden/flows/shop.Orders.json").toFile());
		Rules rules = Rules.compile(flow.at("/mappings/shop.TillToOrder/rules"), "mapping shop.TillToOrder");
		Map<String, Object> order = rules.apply(new Evaluation(Map.of("id", "O-7", "amount", 1999L, "currency", "eur",
				"items", List.of(Map.of("sku", "tea", "qty", 2L), Map.of("sku", "cake", "qty", 1L))), Map.of(), () -> NOW,
				AccountingCalendar.DEFAULT));

		assertEquals("O-7", order.get("id"));
		assertEquals(new BigDecimal("19.99"), order.get("total"));
		assertEquals("EUR", order.get("currency"));
		assertEquals(NOW, order.get("placedAt"));
		List<Map<String, Object>> lines = (List<Map<String, Object>>) order.get("lines");
		assertEquals(List.of("tea", "cake"), lines.stream().map(l -> l.get("sku")).toList());
	}
}
