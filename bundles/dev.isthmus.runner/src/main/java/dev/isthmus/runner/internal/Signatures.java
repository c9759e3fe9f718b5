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
 * does). Comparisons take constant time.
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
		String given = header.trim().startsWith("sha256=") ? header.trim().substring(7) : header.trim();
		byte[] expected = hmac(secret, body);
		return equal(expected, given) || equalBase64(expected, given) ? null
				: "the signature does not match the body (an HMAC-SHA256 of the body alone, in hex or base64, is expected)";
	}

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
