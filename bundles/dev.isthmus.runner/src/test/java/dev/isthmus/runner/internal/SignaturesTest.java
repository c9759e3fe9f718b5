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

	/** Zendesk's published example (event connectors sign the body, then the timestamp; the secret as its text). */
	@Test
	void zendesksPublishedExampleHolds() {
		byte[] body = "{\"say\": \"hello\"}".getBytes(StandardCharsets.UTF_8);
		String secret = "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=";
		Instant then = Instant.parse("2021-07-25T10:02:00Z");
		assertNull(Signatures.checkTimestamped("tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=", "X-Zendesk-Webhook-Signature",
				"2021-07-25T10:00:00Z", "X-Zendesk-Webhook-Signature-Timestamp", "{body}{timestamp}", body, secret,
				Duration.ofMinutes(5), then));
		// The same signature under the other recipe (Zendesk's webhooks: the timestamp first) does not hold.
		assertEquals("the signature does not match the body and timestamp (an HMAC-SHA256 of \"{timestamp}{body}\", in hex or"
				+ " base64, is expected)", Signatures.checkTimestamped("tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=",
						"X-Zendesk-Webhook-Signature", "2021-07-25T10:00:00Z", "X-Zendesk-Webhook-Signature-Timestamp",
						"{timestamp}{body}", body, secret, Duration.ofMinutes(5), then));
	}

	@Test
	void slacksVersionedHexOverUnixSecondsHolds() {
		Instant now = Instant.parse("2026-12-06T12:00:00Z");
		String stamp = Long.toString(now.getEpochSecond() - 30);
		byte[] digest = Signatures.hmac(SECRET, ("v0:" + stamp + ":" + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
		String header = "v0=" + HexFormat.of().formatHex(digest);
		assertNull(Signatures.checkTimestamped(header, "X-Slack-Signature", stamp, "X-Slack-Request-Timestamp", "v0:{timestamp}:{body}",
				BODY, SECRET, Duration.ofMinutes(5), now));
		// A timestamp changed in transit breaks the signature; one beyond the tolerance is a replay, said as such.
		assertEquals("the signature does not match the body and timestamp (an HMAC-SHA256 of \"v0:{timestamp}:{body}\", in hex or"
				+ " base64, is expected)", Signatures.checkTimestamped(header, "X-Slack-Signature", Long.toString(now.getEpochSecond() - 31),
						"X-Slack-Request-Timestamp", "v0:{timestamp}:{body}", BODY, SECRET, Duration.ofMinutes(5), now));
		assertEquals("the signature's timestamp is 30 s away from now, beyond the tolerance of 10 s (a replayed or delayed delivery)",
				Signatures.checkTimestamped(header, "X-Slack-Signature", stamp, "X-Slack-Request-Timestamp", "v0:{timestamp}:{body}", BODY,
						SECRET, Duration.ofSeconds(10), now));
	}

	@Test
	void aMissingOrUnreadableTimestampIsRefusedSayingWhich() {
		Instant now = Instant.now();
		assertEquals("the X-Time header is missing (it carries the timestamp the signature signs)",
				Signatures.checkTimestamped("abc", "X-Sig", null, "X-Time", "{timestamp}{body}", BODY, SECRET, Duration.ofMinutes(5), now));
		assertEquals("the X-Time header's timestamp is neither unix seconds nor an ISO-8601 instant",
				Signatures.checkTimestamped("abc", "X-Sig", "yesterday", "X-Time", "{timestamp}{body}", BODY, SECRET, Duration.ofMinutes(5), now));
		assertEquals("the X-Sig header is missing",
				Signatures.checkTimestamped(null, "X-Sig", "1", "X-Time", "{timestamp}{body}", BODY, SECRET, Duration.ofMinutes(5), now));
	}

	@Test
	void timestampsAreReadAsSendersWriteThem() {
		assertEquals(1531420618L, Signatures.epochSeconds("1531420618"));
		assertEquals(1531420618L, Signatures.epochSeconds("1531420618123"));
		assertEquals(1627207200L, Signatures.epochSeconds("2021-07-25T10:00:00Z"));
		assertEquals(1627207200L, Signatures.epochSeconds("2021-07-25T12:00:00.250+02:00"));
		assertNull(Signatures.epochSeconds("2021-07-25"));
	}
}
