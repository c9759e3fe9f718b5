package dev.isthmus.runner.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An http target's URL: its template, filled from the environment at start and from each record it sends. */
final class UrlTemplate {

	private static final ObjectMapper JSON = JsonText.RECORDS;
	private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

	private UrlTemplate() {
	}

	/**
	 * An endpoint's URL template from its configured text: {@code ${env:NAME}} filled from the environment, each
	 * {@code {field}} left for the records. A value from the environment is taken literally: a brace in it is sent
	 * as {@code %7B}/{@code %7D}, not filled from a record (BASE=http://host/{n} sent /4/… for n = 4). A value that
	 * is a query parameter's whole value ({@code ?key=${env:KEY}}) is that value, percent-encoded (see
	 * {@link #parameterValue}).
	 */
	static String template(String configured, Environment environment, String usedBy) {
		// The template's own fields are set apart with a character no environment value holds (NUL ends C strings).
		String apart = FIELD.matcher(configured).replaceAll("\u0000$1\u0000");
		return literal(environment.expandUrl(apart, usedBy, UrlTemplate::parameterValue)).replaceAll("\u0000([A-Za-z_][A-Za-z0-9_]*)\u0000",
				"{$1}");
	}

	/**
	 * A query parameter's value from the environment, as one value: an API key in base64 has {@code +} in it, which
	 * a server reads as a space, and a {@code &} or {@code #} would end the value early, so each character but
	 * letters, digits and {@code -._~} is percent-encoded; an escape already there ({@code %2B}) is kept, so a value
	 * written encoded is sent as it was before.
	 */
	static String parameterValue(String value) {
		StringBuilder out = new StringBuilder(value.length() + 16);
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			if (b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
				out.append('%');
			} else if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.' || b == '_'
					|| b == '~') {
				out.append((char) b);
			} else {
				out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
						.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
		}
		return out.toString();
	}

	private static boolean isHex(byte b) {
		return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
	}

	/** A URL, or a part of one, from the environment, with its braces kept from being read as {@code {field}}s. */
	static String literal(String fromEnvironment) {
		return fromEnvironment == null ? null : fromEnvironment.replace("{", "%7B").replace("}", "%7D");
	}

	static String expand(String template, String record) throws IOException {
		return FIELD.matcher(template).find() ? expand(template, JSON.readTree(record)) : template;
	}

	/** The URL for a record as JSON (a call's: the flow's record at its step), each {@code {field}} filled from it. */
	static String expand(String template, JsonNode json) throws IOException {
		Matcher m = FIELD.matcher(template);
		if (!m.find()) {
			return template;
		}
		int query = template.indexOf('?');
		m.reset();
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			JsonNode value = json.get(m.group(1));
			if (value == null || value.isNull()) {
				throw new IOException("the record has no value for {" + m.group(1) + "}");
			}
			boolean inPath = query < 0 || m.start() < query;
			if (inPath && (value.asText().isEmpty() || value.asText().equals(".") || value.asText().equals(".."))) {
				// Servers resolve "." and ".." in a path, and an empty segment names the collection: the request would
				// go to another resource than this record's.
				throw new IOException("the record's " + m.group(1) + " is \"" + value.asText() + "\", which would change the URL's path;"
						+ " give " + m.group(1) + " a value that names one item, then replay the dead letter");
			}
			// A decimal as written out (1000, 0.00000001), not in exponent form (1E+3), which the target reads as another path.
			String text = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
			m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20")));
		}
		m.appendTail(out);
		return out.toString();
	}
}
