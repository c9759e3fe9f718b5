package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the runner scrubs of the authentication it sends: the header values as sent, in the forms a target may echo
 * them in, and the start of one cut off by the end of an answer's excerpt.
 */
class EnvironmentAuthorizationTest {

	private static String secret(Environment environment, String name) {
		return environment.secret(new ObjectMapper().createObjectNode().put("env", name), "endpoint e, auth");
	}

	@Test
	void basicCredentialsAreScrubbedEncodedAndTheirPasswordAloneButNotTheUserName() {
		Environment environment = new Environment(Map.of("CRED", "alice:pw-SECRET-basic>?")::get);
		String header = environment.basicAuthorization(secret(environment, "CRED"));
		assertEquals("Basic YWxpY2U6cHctU0VDUkVULWJhc2ljPj8=", header);
		assertEquals("echo: Basic ***", environment.redact("echo: " + header));
		assertEquals("token *** unpadded", environment.redact("token YWxpY2U6cHctU0VDUkVULWJhc2ljPj8 unpadded"));
		assertEquals("user alice, password ***", environment.redact("user alice, password pw-SECRET-basic>?"));
	}

	@Test
	void basicCredentialsAreScrubbedInTheUrlSafeAlphabetToo() {
		Environment environment = new Environment(Map.of("CRED", "alice:pw?SECRET>basic")::get);
		assertEquals("Basic YWxpY2U6cHc/U0VDUkVUPmJhc2lj", environment.basicAuthorization(secret(environment, "CRED")));
		assertEquals("url-safe: ***", environment.redact("url-safe: YWxpY2U6cHc_U0VDUkVUPmJhc2lj"));
	}

	/** A token too short to scrub from free text alone is scrubbed where it goes with its scheme's word. */
	@Test
	void aHeaderValueIsScrubbedWholeHoweverShortTheSecretInIt() {
		Environment environment = new Environment(Map.of("TOKEN", "xyz", "LONG", "tok-SECRET-1")::get);
		environment.sentInHeader("Bearer " + secret(environment, "TOKEN"));
		environment.sentInHeader("Bearer " + secret(environment, "LONG"));
		assertEquals("got *** and Bearer ***; xyz alone is a common word", environment.redact("got Bearer xyz and Bearer tok-SECRET-1; xyz alone is a common word"));
	}

	/**
	 * A target may echo what it was sent URL-encoded (a query, a form) or HTML-escaped (an error page): a token in
	 * base64, whose '/', '+' and '=' change in both, was shown in full in dead letters, logs and traces (review 21).
	 */
	@Test
	void aSecretIsScrubbedUrlEncodedAndHtmlEscaped() {
		Environment environment = new Environment(Map.of("TOKEN", "sk_live_AbC/dEf+GhI=", "KEY", "key\"with/slash-and-more")::get);
		environment.sentInHeader("Bearer " + secret(environment, "TOKEN"));
		secret(environment, "KEY");
		assertEquals("auth=Bearer%20***; token=***; lower=***", environment.redact("auth=Bearer%20sk_live_AbC%2FdEf%2BGhI%3D; token=sk_live_AbC%2FdEf%2BGhI%3D;"
				+ " lower=sk_live_AbC%2fdEf%2bGhI%3d"));
		assertEquals("form: auth=Bearer+***", environment.redact("form: auth=Bearer+sk_live_AbC%2FdEf%2BGhI%3D"));
		// as a path's encoder writes it, '/' left as it is (review 22)
		assertEquals("path: /t/***", environment.redact("path: /t/sk_live_AbC/dEf%2BGhI%3D"));
		// numeric character references, decimal or hex (review 22)
		assertEquals("<b>***</b> <b>***</b>", environment.redact("<b>key&#34;with&#47;slash&#45;and&#45;more</b> <b>key&#x22;with&#x2f;slash&#x2d;and&#x2d;more</b>"));
		assertEquals("<p>key=***</p> key=*** key=***", environment.redact("<p>key=key&quot;with/slash-and-more</p> key=key%22with%2Fslash-and-more"
				+ " key=key&#34;with/slash-and-more"));
	}

	/** A trace is redacted as JSON text, where a quote or backslash in a secret is escaped. */
	@Test
	void aSecretIsScrubbedAsItIsWrittenInJson() {
		Environment environment = new Environment(Map.of("PASS", "pa\"ss\\word")::get);
		secret(environment, "PASS");
		assertEquals("{\"detail\":\"***\"}", environment.redact(JsonText.write(out -> {
			out.writeStartObject();
			out.writeStringField("detail", "pa\"ss\\word");
			out.writeEndObject();
		})));
	}

	/** PHP writes a '/' as '\/' by default; the base64 of these credentials holds one. */
	@Test
	void aSecretIsScrubbedWithItsSlashesEscaped() {
		Environment environment = new Environment(Map.of("CRED", "alice:k>?~pass")::get);
		assertEquals("Basic YWxpY2U6az4/fnBhc3M=", environment.basicAuthorization(secret(environment, "CRED")));
		assertEquals("{\"header\": \"Basic ***\"}", environment.redact("{\"header\": \"Basic YWxpY2U6az4\\/fnBhc3M=\"}"));
		assertEquals("unpadded ***, url-safe ***", environment.redact("unpadded YWxpY2U6az4\\/fnBhc3M, url-safe YWxpY2U6az4_fnBhc3M"));
		assertEquals("in a trace: {\"reason\":\"Basic ***\"}", environment.redact("in a trace: {\"reason\":\"Basic YWxpY2U6az4\\\\/fnBhc3M=\"}"));
	}

	/** Python writes every character past ASCII as a backslash, u and four hex digits by default. */
	@Test
	void aSecretIsScrubbedWithItsNonAsciiCharactersEscaped() {
		Environment environment = new Environment(Map.of("CRED", "alice:P\u00e4ssw\u00f6rd-2")::get);
		environment.basicAuthorization(secret(environment, "CRED"));
		assertEquals("{\"password\": \"***\"}", environment.redact("{\"password\": \"P\\u00e4ssw\\u00f6rd-2\"}"));
		assertEquals("{\"password\": \"***\"}", environment.redact("{\"password\": \"P\\u00E4ssw\\u00F6rd-2\"}"));
		assertEquals("in a trace: {\"reason\":\"***\"}", environment.redact("in a trace: {\"reason\":\"P\\\\u00e4ssw\\\\u00f6rd-2\"}"));
		assertEquals("as it is: ***", environment.redact("as it is: P\u00e4ssw\u00f6rd-2"));
	}

	/** A short password is common as data: alone it is left, but what the runner sends of it is scrubbed. */
	@Test
	void aShortPasswordAloneIsNotScrubbedButItsHeaderIs() {
		for (String credentials : new String[] { "svc:2026", "alice:admin", "alice:pw1" }) {
			Environment environment = new Environment(Map.of("CRED", credentials)::get);
			String header = environment.basicAuthorization(secret(environment, "CRED"));
			assertEquals("POST /item/inv-2026-001 for admin-42 and pw1", environment.redact("POST /item/inv-2026-001 for admin-42 and pw1"), credentials);
			assertEquals("{\"authorization\":\"Basic ***\"}", environment.redact("{\"authorization\":\"" + header + "\"}"), credentials);
			String base64 = header.substring("Basic ".length());
			assertEquals("token ***", environment.redact("token " + base64.replace("=", "")), credentials);
		}
	}

	@Test
	void theStartOfASecretCutOffByAnExcerptsEndIsScrubbed() {
		Environment environment = new Environment(Map.of("CRED", "alice:pw?SECRET>basic")::get);
		environment.basicAuthorization(secret(environment, "CRED"));
		assertEquals("Authorization: ***…", environment.redactCut("Authorization: Basic YWxpY2U6cHc…"));
		assertEquals("nothing cut: Basic", environment.redactCut("nothing cut: Basic"));
		assertEquals("cut, but not in a secret…", environment.redactCut("cut, but not in a secret…"));
	}
}
