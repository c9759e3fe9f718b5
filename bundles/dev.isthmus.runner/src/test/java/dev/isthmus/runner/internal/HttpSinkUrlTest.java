package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** How an http endpoint's URL is filled: the environment's values literally, then each {@code {field}} from the record. */
class HttpSinkUrlTest {

	private final Environment environment = new Environment(
			Map.of("BASE", "http://127.0.0.1:18081/{n}", "PLAIN", "http://127.0.0.1:18081", "KEY", "k{ey}")::get);

	@Test
	void aBraceFromTheEnvironmentIsNoFieldOfTheRecord() throws Exception {
		String template = UrlTemplate.template("${env:BASE}/ok/{n}?key=${env:KEY}", environment, "endpoint e");
		assertEquals("http://127.0.0.1:18081/%7Bn%7D/ok/{n}?key=k%7Bey%7D", template);
		assertEquals("http://127.0.0.1:18081/%7Bn%7D/ok/4?key=k%7Bey%7D", UrlTemplate.expand(template, "{\"n\":4}"));
	}

	@Test
	void theTemplatesOwnFieldsAreFilled() throws Exception {
		String template = UrlTemplate.template("${env:PLAIN}/items/{id}/lines/{line_no}", environment, "endpoint e");
		assertEquals("http://127.0.0.1:18081/items/{id}/lines/{line_no}", template);
		assertEquals("http://127.0.0.1:18081/items/a%20b/lines/2", UrlTemplate.expand(template, "{\"id\":\"a b\",\"line_no\":2}"));
	}

	@Test
	void aWholeUrlFromTheEnvironmentIsLiteralToo() {
		assertEquals("http://127.0.0.1:18081/%7Bn%7D", UrlTemplate.literal("http://127.0.0.1:18081/{n}"));
	}
}
