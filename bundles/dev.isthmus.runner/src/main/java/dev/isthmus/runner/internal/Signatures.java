package dev.isthmus.runner.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 webhook signatures. {@code stripe}: the header is {@code t=<unix seconds>,v1=<hex>[,v1=…]} over
 * {@code "<t>.<body>"}, and a timestamp outside the tolerance is a replay. {@code hmac-sha256}: the header is the
 * digest of the body, in hex, optionally prefixed {@code sha256=} (as GitHub sends it), or in base64 (as Shopify
 * does); with a timestamp header, the digest of what the endpoint's recipe says is signed ({@code {timestamp}{body}}
 * for Zendesk, {@code v0:{timestamp}:{body}} for Slack, whose header says {@code v0=<hex>}), and a timestamp outside
 * the tolerance is a replay as with stripe. Comparisons take constant time.
 */
final class Signatures {

	private Signatures() {
	}

	/** Why the request is refused, or {@code null} when its signature holds. */
	static String check(String scheme, String header, String headerName, byte[] body, String secret, Duration tolerance, Instant now) {
		if (header == null || header.isBlank()) {
			return "the " + headerName + " header is missing";
		}
		if ("stripe".equals(scheme)) {
			Long timestamp = null;
			java.util.List<String> signatures = new java.util.ArrayList<>();
			for (String part : header.split(",")) {
				String[] kv = part.trim().split("=", 2);
				if (kv.length != 2) {
					continue;
				}
				if (kv[0].equals("t")) {
					try {
						timestamp = Long.parseLong(kv[1]);
					} catch (NumberFormatException e) {
						return "the " + headerName + " header's timestamp is not a number";
					}
				} else if (kv[0].equals("v1")) {
					signatures.add(kv[1]);
				}
			}
			if (timestamp == null || signatures.isEmpty()) {
				return "the " + headerName + " header lacks t= or v1=";
			}
			long age = Math.abs(now.getEpochSecond() - timestamp);
			if (age > tolerance.toSeconds()) {
				return "the signature's timestamp is " + age + " s away from now, beyond the tolerance of " + tolerance.toSeconds()
						+ " s (a replayed or delayed delivery)";
			}
			byte[] expected = hmac(secret, concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
			for (String candidate : signatures) {
				if (equal(expected, candidate)) {
					return null;
				}
			}
			return "the signature does not match the body";
		}
		return matches(hmac(secret, body), header) ? null
				: "the signature does not match the body (an HMAC-SHA256 of the body alone, in hex or base64, is expected)";
	}

	/**
	 * Why a request signed over a timestamp of its own header is refused, or {@code null} when its signature holds.
	 * {@code signs} is the recipe, with {@code {timestamp}} (the header's text as sent) and {@code {body}} (the raw
	 * bytes) in it, as the configuration's schema and the language's validation allow.
	 */
	static String checkTimestamped(String header, String headerName, String timestamp, String timestampName, String signs,
			byte[] body, String secret, Duration tolerance, Instant now) {
		if (header == null || header.isBlank()) {
			return "the " + headerName + " header is missing";
		}
		if (timestamp == null || timestamp.isBlank()) {
			return "the " + timestampName + " header is missing (it carries the timestamp the signature signs)";
		}
		Long seconds = epochSeconds(timestamp);
		if (seconds == null) {
			return "the " + timestampName + " header's timestamp is neither unix seconds nor an ISO-8601 instant";
		}
		long age = Math.abs(now.getEpochSecond() - seconds);
		if (age > tolerance.toSeconds()) {
			return "the signature's timestamp is " + age + " s away from now, beyond the tolerance of " + tolerance.toSeconds()
					+ " s (a replayed or delayed delivery)";
		}
		int at = signs.indexOf("{body}");
		byte[] before = signs.substring(0, at).replace("{timestamp}", timestamp).getBytes(StandardCharsets.UTF_8);
		byte[] after = signs.substring(at + "{body}".length()).replace("{timestamp}", timestamp).getBytes(StandardCharsets.UTF_8);
		return matches(hmac(secret, concat(concat(before, body), after)), header) ? null
				: "the signature does not match the body and timestamp (an HMAC-SHA256 of \"" + signs + "\", in hex or base64,"
						+ " is expected)";
	}

	/**
	 * A signed timestamp as senders write it: unix seconds (Slack), milliseconds (13 digits and more) or an ISO-8601
	 * instant (Zendesk); {@code null} when it is none of these.
	 */
	static Long epochSeconds(String timestamp) {
		String text = timestamp.trim();
		if (text.matches("\\d{1,18}")) {
			long value = Long.parseLong(text);
			return text.length() >= 13 ? value / 1000 : value;
		}
		try {
			return java.time.OffsetDateTime.parse(text).toEpochSecond();
		} catch (java.time.format.DateTimeParseException e) {
			return null;
		}
	}

	/**
	 * Whether the header holds the digest: any of its space-separated values, in hex or base64, whole or after a
	 * version prefix such as {@code sha256=} (GitHub) or {@code v0=} (Slack).
	 */
	private static boolean matches(byte[] expected, String header) {
		boolean match = false;
		for (String value : header.trim().split("\\s+")) {
			java.util.regex.Matcher prefixed = VERSIONED.matcher(value);
			match |= equal(expected, value) | equalBase64(expected, value)
					| (prefixed.matches() && (equal(expected, prefixed.group(1)) | equalBase64(expected, prefixed.group(1))));
		}
		return match;
	}

	private static final java.util.regex.Pattern VERSIONED = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,16}=(.+)");

	/**
	 * The timestamp of a {@code stripe} header that {@link #check} accepted, in unix seconds: with the body it tells
	 * one signed request from another (the signature is over both).
	 */
	static long stripeTimestamp(String header) {
		Long timestamp = null;
		for (String part : header.split(",")) {
			String[] kv = part.trim().split("=", 2);
			if (kv.length == 2 && kv[0].equals("t")) {
				timestamp = Long.parseLong(kv[1]); // the last one, as check reads it
			}
		}
		if (timestamp == null) {
			throw new IllegalArgumentException("a checked stripe signature has a timestamp");
		}
		return timestamp;
	}

	private static boolean equal(byte[] expected, String hex) {
		byte[] given;
		try {
			given = HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
		} catch (IllegalArgumentException e) {
			return false;
		}
		return MessageDigest.isEqual(expected, given);
	}

	private static boolean equalBase64(byte[] expected, String text) {
		byte[] given;
		try {
			given = text.contains("-") || text.contains("_") ? java.util.Base64.getUrlDecoder().decode(text)
					: java.util.Base64.getDecoder().decode(text);
		} catch (IllegalArgumentException e) {
			return false;
		}
		return MessageDigest.isEqual(expected, given);
	}

	static byte[] hmac(String secret, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(data);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("every Java runtime has HmacSHA256", e);
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}
}
