package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An HTTP target's own headers as read at start-up: sent as given, with the runner's Content-Type unless the endpoint
 * names one; a secret one noted for scrubbing; and what HTTP cannot carry refused with what to do, a secret's value
 * never shown.
 */
class RequestHeadersTest {

	private static JsonNode endpoint(String headers) throws IOException {
		return JsonText.RECORDS.readTree("{\"transport\":{\"kind\":\"http\",\"method\":\"POST\"},\"headers\":" + headers + "}");
	}

	private static HttpHeaders sent(RequestHeaders headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1/x"));
		headers.addTo(request);
		return request.build().headers();
	}

	@Test
	void literalAndSecretHeadersAreSentAsGivenBesideTheRunnersContentType() throws Exception {
		Environment environment = new Environment(Map.of("TENANT", "t-123")::get);
		List<String> problems = new ArrayList<>();
		RequestHeaders headers = RequestHeaders.of(endpoint("[{\"name\":\"Stripe-Version\",\"value\":\"2024-06-20\"},"
				+ "{\"name\":\"X-Tenant\",\"secret\":{\"env\":\"TENANT\"}},{\"name\":\"Accept\",\"value\":\"a\"},{\"name\":\"Accept\",\"value\":\"b\"}]"),
				environment, "endpoint e", problems);
		assertEquals(List.of(), problems);
		HttpHeaders sent = sent(headers);
		assertEquals(List.of("2024-06-20"), sent.allValues("Stripe-Version"));
		assertEquals(List.of("t-123"), sent.allValues("X-Tenant"));
		assertEquals(List.of("a", "b"), sent.allValues("Accept"));
		assertEquals(List.of("application/json"), sent.allValues("Content-Type"));
		// The secret's value is scrubbed; the literal is no secret.
		assertEquals("X-Tenant: ***, Stripe-Version: 2024-06-20", environment.redact("X-Tenant: t-123, Stripe-Version: 2024-06-20"));
	}

	@Test
	void theEndpointsContentTypeReplacesTheRunners() throws Exception {
		RequestHeaders headers = RequestHeaders.of(endpoint("[{\"name\":\"content-type\",\"value\":\"text/csv\"}]"), new Environment(n -> null),
				"endpoint e", new ArrayList<>());
		assertEquals(List.of("text/csv"), sent(headers).allValues("Content-Type"));
		assertEquals(List.of("application/json"), sent(RequestHeaders.NONE).allValues("Content-Type"));
	}

	/**
	 * Too short to be scrubbed from free text alone (it would scrub common words), it is scrubbed as sent, after its
	 * name, name and all (as a short bearer token is with its "Bearer").
	 */
	@Test
	void aShortSecretIsScrubbedAsSent() throws Exception {
		Environment environment = new Environment(Map.of("T", "ab1")::get);
		RequestHeaders.of(endpoint("[{\"name\":\"X-Tenant\",\"secret\":{\"env\":\"T\"}}]"), environment, "endpoint e", new ArrayList<>());
		assertEquals("you sent ***; tab1e", environment.redact("you sent X-Tenant: ab1; tab1e"));
	}

	@Test
	void aMissingVariableIsSaidWithTheEndpointAndTheHeader() throws Exception {
		Environment environment = new Environment(Map.of("EMPTY", "")::get);
		List<String> problems = new ArrayList<>();
		assertNull(RequestHeaders.of(endpoint("[{\"name\":\"X-A\",\"secret\":{\"env\":\"UNSET\"}},{\"name\":\"X-B\",\"secret\":{\"env\":\"EMPTY\"}}]"),
				environment, "endpoint e", problems));
		assertEquals(List.of(), problems);
		assertEquals(List.of("EMPTY (used by endpoint e, header X-B) is set but empty", "UNSET (used by endpoint e, header X-A) is not set"),
				environment.missing());
	}

	@Test
	void whatHttpCannotCarryIsRefusedWithWhatToDo() {
		assertTrue(RequestHeaders.problem("Content-Length", "3", null, null).startsWith("header \"Content-Length\" cannot be sent: the HTTP client sets"));
		assertTrue(RequestHeaders.problem("X Tenant", "a", null, null).startsWith("header \"X Tenant\" is not a header name HTTP allows"));
		assertTrue(RequestHeaders.problem("", "a", null, null).contains("is not a header name HTTP allows"));
		assertEquals("header \"X-A\"'s value holds a line break (LF) at character 2; HTTP carries a header value as one line of text"
				+ " without control characters; correct the value", RequestHeaders.problem("X-A", "a\nb", null, null));
		assertTrue(RequestHeaders.problem("X-A", "a\u0007", null, null).contains("holds a control character (U+0007) at character 2"));
		assertTrue(RequestHeaders.problem("X-A", "\u20ac5", null, null).contains("holds '\u20ac' (U+20AC) at character 1, past ASCII"));
		assertTrue(RequestHeaders.problem("X-A", "caf\u00e9 au lait\t!", null, null).contains("holds '\u00e9' (U+00E9) at character 4"));
		assertNull(RequestHeaders.problem("X-A", "cafe au lait\t!", null, null));
		String secret = RequestHeaders.problem("X-A", "s3cret\r", "TOKEN", null);
		assertTrue(secret.startsWith("the value of TOKEN (sent in header \"X-A\") holds a line break (CR) at character 7;"), secret);
		assertFalse(secret.contains("s3cret"), secret);
		assertTrue(RequestHeaders.problem("X-Correlation-Id", "a", null, null).contains("is the runner's own"));
		assertTrue(RequestHeaders.problem("x-api-key", "a", null, "x-api-key").contains("is the one the endpoint's auth sends"));
		assertNull(RequestHeaders.problem("Authorization", "Token a", null, null));
	}

	@Test
	void aHeaderWithNeitherOrBothValuesIsRefused() throws Exception {
		List<String> problems = new ArrayList<>();
		assertNull(RequestHeaders.of(endpoint("[{\"name\":\"X-A\"},{\"name\":\"X-B\",\"value\":\"v\",\"secret\":{\"env\":\"V\"}}]"),
				new Environment(n -> "x"), "endpoint e", problems));
		assertEquals(2, problems.size(), problems.toString());
		assertTrue(problems.get(0).startsWith("endpoint e: header \"X-A\" needs exactly one of \"value\""), problems.toString());
	}
}
