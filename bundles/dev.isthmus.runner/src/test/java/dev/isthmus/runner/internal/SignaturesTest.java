package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The {@code hmac-sha256} scheme takes the digest of the body as senders write it: hex (GitHub's {@code sha256=…}) or
 * base64 (Shopify's). Base64 was refused as "does not match".
 */
class SignaturesTest {

	private static final byte[] BODY = "{\"id\":\"o-1\"}".getBytes(StandardCharsets.UTF_8);
	private static final String SECRET = "whsec_test";

	private static String check(String header) {
		return Signatures.check("hmac-sha256", header, "X-Signature", BODY, SECRET, Duration.ofMinutes(5), Instant.now());
	}

	@Test
	void hexAndBase64DigestsOfTheBodyAreTaken() {
		byte[] digest = Signatures.hmac(SECRET, BODY);
		assertNull(check(HexFormat.of().formatHex(digest)));
		assertNull(check("sha256=" + HexFormat.of().formatHex(digest)));
		assertNull(check(HexFormat.of().withUpperCase().formatHex(digest)));
		assertNull(check(Base64.getEncoder().encodeToString(digest)));
		assertNull(check(Base64.getUrlEncoder().withoutPadding().encodeToString(digest)));
	}

	@Test
	void anotherDigestOrAMissingHeaderIsRefusedSayingWhy() {
		byte[] other = Signatures.hmac("another-secret", BODY);
		assertEquals("the signature does not match the body (an HMAC-SHA256 of the body alone, in hex or base64, is expected)",
				check(Base64.getEncoder().encodeToString(other)));
		assertEquals("the signature does not match the body (an HMAC-SHA256 of the body alone, in hex or base64, is expected)",
				check("not a digest"));
		assertEquals("the X-Signature header is missing", check(" "));
	}
}
