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

	@Test
	void theStartOfASecretCutOffByAnExcerptsEndIsScrubbed() {
		Environment environment = new Environment(Map.of("CRED", "alice:pw?SECRET>basic")::get);
		environment.basicAuthorization(secret(environment, "CRED"));
		assertEquals("Authorization: ***…", environment.redactCut("Authorization: Basic YWxpY2U6cHc…"));
		assertEquals("nothing cut: Basic", environment.redactCut("nothing cut: Basic"));
		assertEquals("cut, but not in a secret…", environment.redactCut("cut, but not in a secret…"));
	}
}
