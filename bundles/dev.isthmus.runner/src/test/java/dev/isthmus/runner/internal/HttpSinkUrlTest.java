package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** How an http endpoint's URL is filled: the environment's values literally, then each {@code {field}} from the record. */
class HttpSinkUrlTest {

	private final Environment environment = new Environment(
			Map.of("BASE", "http://127.0.0.1:18081/{n}", "PLAIN", "http://127.0.0.1:18081", "KEY", "k{ey}", "B64", "ab+c/d e=&x#*~",
					"ENCODED", "ab%2Bcd", "PARAMS", "a=1&b=c+d")::get);

	@Test
	void aBraceFromTheEnvironmentIsNoFieldOfTheRecord() throws Exception {
		String template = UrlTemplate.template("${env:BASE}/ok/{n}?key=${env:KEY}", environment, "endpoint e");
		assertEquals("http://127.0.0.1:18081/%7Bn%7D/ok/{n}?key=k%7Bey%7D", template);
		assertEquals("http://127.0.0.1:18081/%7Bn%7D/ok/4?key=k%7Bey%7D", UrlTemplate.expand(template, "{\"n\":4}"));
	}

	@Test
	void aDecimalIsWrittenOutNotInExponentForm() throws Exception {
		// (a review saw /1E%2B3 for 1000 and /1E-8 for 0.00000001, while the record carried the numbers as written)
		assertEquals("http://h/n/1000/0.00000001", UrlTemplate.expand("http://h/n/{f}/{d}", "{\"f\":1E+3,\"d\":0.00000001}"));
	}

	@Test
	void theTemplatesOwnFieldsAreFilled() throws Exception {
		String template = UrlTemplate.template("${env:PLAIN}/items/{id}/lines/{line_no}", environment, "endpoint e");
		assertEquals("http://127.0.0.1:18081/items/{id}/lines/{line_no}", template);
		assertEquals("http://127.0.0.1:18081/items/a%20b/lines/2", UrlTemplate.expand(template, "{\"id\":\"a b\",\"line_no\":2}"));
	}

	/**
	 * A parameter's value from the environment is that value: a base64 key's '+' went out as it was, and the server
	 * read it as a space. An escape written in the value stays; a reference that is more than one value stays literal.
	 */
	@Test
	void aQueryParametersValueFromTheEnvironmentIsEncodedAsOneValue() throws Exception {
		String template = UrlTemplate.template("${env:PLAIN}/x/{n}?key=${env:B64}&pre=${env:ENCODED}#${env:KEY}", environment, "endpoint e");
		assertEquals("http://127.0.0.1:18081/x/{n}?key=ab%2Bc%2Fd%20e%3D%26x%23%2A~&pre=ab%2Bcd#k%7Bey%7D", template);
		assertEquals("http://127.0.0.1:18081/x?a=1&b=c+d", UrlTemplate.template("${env:PLAIN}/x?${env:PARAMS}", environment, "endpoint e"));
		// Scrubbed as it is sent, as well as as it is.
		assertEquals("GET http://127.0.0.1:18081/x/1?key=***&pre=*** failed",
				environment.redact("GET " + UrlTemplate.expand(template, "{\"n\":1}").replace("#k%7Bey%7D", "") + " failed"));
	}

	@Test
	void aWholeUrlFromTheEnvironmentIsLiteralToo() {
		assertEquals("http://127.0.0.1:18081/%7Bn%7D", UrlTemplate.literal("http://127.0.0.1:18081/{n}"));
	}
}
