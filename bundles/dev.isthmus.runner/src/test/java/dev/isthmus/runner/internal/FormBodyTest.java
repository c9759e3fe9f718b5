package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A record as an application/x-www-form-urlencoded body, as Stripe's API reads it: brackets for nesting, indexes for
 * lists, numbers as written, nulls and empty containers left out, names and values percent-encoded in UTF-8.
 */
class FormBodyTest {

	@Test
	void stripesMeterEventIsTheFormItsApiReferenceSends() throws Exception {
		// curl https://api.stripe.com/v1/billing/meter_events -d event_name=ai_search_api -d "payload[value]"=25 …
		assertEquals("event_name=ai_search_api&identifier=identifier_123&timestamp=1730000000"
				+ "&payload[stripe_customer_id]=cus_NciAYcXfLnqBoz&payload[value]=25",
				FormBody.of("""
						{"event_name":"ai_search_api","identifier":"identifier_123","timestamp":1730000000,
						 "payload":{"stripe_customer_id":"cus_NciAYcXfLnqBoz","value":"25"}}"""));
	}

	@Test
	void objectsNestInBracketsAndListsAreIndexed() throws Exception {
		assertEquals("a[b][c]=1&tags[0]=x&tags[1]=y&items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2"
				+ "&grid[0][0]=1&grid[1][0]=2",
				FormBody.of("""
						{"a":{"b":{"c":1}},"tags":["x","y"],
						 "items":[{"price":"price_1","quantity":2},{"price":"price_2"}],"grid":[[1],[2]]}"""));
	}

	@Test
	void numbersAreSentAsWrittenWithoutExponentAndBooleansAsWords() throws Exception {
		assertEquals("amount=10.50&zero=0.00&negative=-3&big=123456789012345678901234567890.125&exp=1500&small=0.00012"
				+ "&paid=true&refunded=false",
				FormBody.of("""
						{"amount":10.50,"zero":0.00,"negative":-3,"big":123456789012345678901234567890.125,
						 "exp":1.5E+3,"small":1.2e-4,"paid":true,"refunded":false}"""));
	}

	@Test
	void nullsAndEmptyContainersSendNothingButAnEmptyStringIsSent() throws Exception {
		assertEquals("a=1&list[1]=y&nested[keep]=k&blank=", FormBody.of("""
				{"gone":null,"a":1,"list":[null,"y"],"none":[],"obj":{},"nested":{"x":null,"keep":"k","e":{}},"blank":""}"""));
		assertEquals("", FormBody.of("{}"));
	}

	@Test
	void reservedCharactersAndUnicodeArePercentEncodedInUtf8() throws Exception {
		String body = FormBody.of("""
				{"q":"a&b=c+d e","name[x]":"[1]","city":"Zürich ✓","memo":"100%/ok?#","k y":"\\n"}""");
		assertEquals("q=a%26b%3Dc%2Bd+e&name%5Bx%5D=%5B1%5D&city=Z%C3%BCrich+%E2%9C%93&memo=100%25%2Fok%3F%23&k+y=%0A", body);
		// decoded as a form reader decodes it, every value is the record's
		assertEquals(List.of("q=a&b=c+d e", "name[x]=[1]", "city=Zürich ✓", "memo=100%/ok?#", "k y=\n"), decoded(body));
	}

	@Test
	void aRecordThatIsNoObjectIsRefusedWithWhy() {
		IOException e = assertThrows(IOException.class, () -> FormBody.of("[1,2]"));
		assertTrue(e.getMessage().contains("not a JSON object"), e::getMessage);
		assertThrows(IOException.class, () -> FormBody.of("\"text\""));
		assertThrows(IOException.class, () -> FormBody.of("{\"a\":1} {\"b\":2}"));
	}

	private static List<String> decoded(String body) {
		List<String> pairs = new ArrayList<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			pairs.add(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8) + "="
					+ URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return pairs;
	}
}
