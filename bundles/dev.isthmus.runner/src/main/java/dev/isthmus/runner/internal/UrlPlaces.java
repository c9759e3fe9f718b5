package dev.isthmus.runner.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;

/**
 * Where an {@code ${env:…}} reference sits in a URL's text (its user info, path or a query parameter's value), and
 * what a URL's escapes decode to: what {@link Environment} goes by in telling which values are secrets, and in what
 * forms.
 */
final class UrlPlaces {

	private UrlPlaces() {
	}

	/** A URL's path (and what follows it), without its scheme and authority. */
	static String pathOf(String url) {
		int authority = url.indexOf("://") + 3;
		int path = url.indexOf('/', authority);
		return path < 0 ? "" : url.substring(path);
	}

	/** Whether the reference is in the URL's path: after its authority's end, before any query (not its host). */
	static boolean inPath(String text, Matcher m) {
		int authority = text.lastIndexOf("://", m.start());
		int path = authority < 0 ? -1 : text.indexOf('/', authority + 3);
		return path >= 0 && path < m.start() && text.lastIndexOf('?', m.start()) < 0;
	}

	/** Whether the reference is a query parameter's whole value ({@code ?key=${env:KEY}&…}). */
	static boolean isParameterValue(String text, Matcher m) {
		int query = text.indexOf('?');
		if (query < 0 || m.start() <= query || text.charAt(m.start() - 1) != '=') {
			return false;
		}
		return m.end() == text.length() || text.charAt(m.end()) == '&' || text.charAt(m.end()) == '#';
	}

	/** Whether the reference is in the URL's user info ({@code https://user:${env:PASS}@host/…}). */
	static boolean inUserInfo(String text, Matcher m) {
		int authority = text.lastIndexOf("://", m.start());
		if (authority < 0 || text.indexOf('/', authority + 3) >= 0 && text.indexOf('/', authority + 3) < m.start()) {
			return false;
		}
		int end = text.indexOf('/', m.end());
		return text.substring(m.end(), end < 0 ? text.length() : end).contains("@");
	}

	/** The value with its escapes ({@code %2B}) decoded as UTF-8, and with {@code form}, each {@code +} as a space. */
	static String percentDecoded(String value, boolean form) {
		if (value.indexOf('%') < 0 && (!form || value.indexOf('+') < 0)) {
			return value;
		}
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		byte[] in = value.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < in.length; i++) {
			int high = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
			int low = high < 0 ? -1 : Character.digit(in[i + 2], 16);
			if (low >= 0) {
				bytes.write(high << 4 | low);
				i += 2;
			} else {
				bytes.write(form && in[i] == '+' ? ' ' : in[i]);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}
}
