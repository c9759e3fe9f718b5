package dev.isthmus.runner.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Environment variables as the configuration names them: {@code {"env": "NAME"}} for secrets and
 * {@code ${env:NAME}} inside URLs. Remembers every secret it hands out so that logs, traces, metrics and dead
 * letters can be scrubbed of them: the secrets proper, every value put into a URL by {@code ${env:NAME}} (an API
 * key in a query string is as secret as a bearer token), and the credentials inside the URLs it hands out and the
 * journal's (see {@link #credentialsIn}).
 */
public final class Environment {

	/** Secrets shorter than this are not scrubbed from free text: they would scrub common words. */
	private static final int SHORTEST = 4;

	/**
	 * A basic password shorter than this is not scrubbed from free text alone: a short password is weak and common as
	 * data (a year, "admin"); the credentials' base64 and the header as sent still are, however short.
	 */
	private static final int SHORTEST_PASSWORD = 8;

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)\\}");

	/**
	 * Credentials in a URL: a password, secret, token or key parameter (H2's {@code ;PASSWORD=}, a query's
	 * {@code &password=}), the password of {@code scheme://user:password@host}, and Oracle's
	 * {@code thin:user/password@host}.
	 */
	private static final Pattern CREDENTIALS = Pattern.compile("(?i)(?:[;?&]\\s*(?:password|pwd|passwd|[a-z_.-]*secret[a-z_.-]*"
			+ "|[a-z_.-]*token[a-z_.-]*|[a-z_.-]*api_?key|access_?key|sig|signature)\\s*=\\s*([^;&#\\s]+))"
			+ "|(?://[^/@:\\s]*:([^@/\\s]+)@)|(?::thin:[^/@:\\s]+/([^@\\s]+)@)");

	private final Function<String, String> variables;
	private final java.util.Map<String, Set<String>> missing = new java.util.TreeMap<>();
	/** Of the missing ones, those set to nothing ({@code NAME=} in an env file): told apart, as it is not the same fix. */
	private final Set<String> empty = new TreeSet<>();
	private final List<String> secrets = new CopyOnWriteArrayList<>();

	public Environment(Function<String, String> variables) {
		this.variables = variables;
	}

	/** A secret named by {@code {"env": NAME}}; notes it as missing when unset. */
	public String secret(JsonNode reference, String usedBy) {
		String name = reference.path("env").asText();
		String value = variables.apply(name);
		if (value == null || value.isEmpty()) {
			missed(name, value, usedBy);
			return null;
		}
		note(value, SHORTEST);
		return value;
	}

	/** A text with {@code ${env:NAME}} references replaced; notes missing ones. */
	public String expand(String text, String usedBy) {
		return expand(text, usedBy, null);
	}

	/**
	 * Why a JDBC URL written in the model would cut a value from the environment short, or {@code null}: a value in its
	 * query holding '&' (or, after a ';' setting, a ';') ends that parameter there — the driver read a password up to it
	 * and took the rest for another parameter, which a refusal then showed (review 29) —, and drivers do not decode
	 * percent escapes there. The value itself is not said.
	 */
	String cutShort(String template) {
		Matcher m = REFERENCE.matcher(template);
		while (m.find()) {
			String value = variables.apply(m.group(1));
			if (value == null) {
				continue;
			}
			boolean inQuery = template.lastIndexOf('?', m.start()) >= 0;
			boolean inSetting = template.lastIndexOf(';', m.start()) >= 0;
			char ends = inQuery && value.indexOf('&') >= 0 ? '&' : inSetting && value.indexOf(';') >= 0 ? ';' : 0;
			if (ends != 0) {
				return "the value of " + m.group(1) + " holds '" + ends + "', which ends a parameter in the JDBC URL, so the driver would take only"
						+ " what comes before it; choose a value without '" + ends + "' (a password without it), or give the whole URL in a variable"
						+ " (jdbc env VARIABLE) written as the driver reads it";
			}
		}
		return null;
	}

	/** Whether every {@code ${env:NAME}} reference in {@code text} names a variable that is set. */
	public boolean allSet(String text) {
		Matcher m = REFERENCE.matcher(text);
		while (m.find()) {
			if (variables.apply(m.group(1)) == null) {
				return false;
			}
		}
		return true;
	}

	/**
	 * As {@link #expand(String, String)}, for an HTTP endpoint's URL: a reference that is a query parameter's whole
	 * value ({@code ?key=${env:KEY}&…}) given as {@code parameterValue} makes it, and a token in the URL's path from
	 * the environment is a secret (see {@link #pathTokens}).
	 */
	public String expandUrl(String text, String usedBy, java.util.function.UnaryOperator<String> parameterValue) {
		return expand(text, usedBy, java.util.Objects.requireNonNull(parameterValue));
	}

	private String expand(String text, String usedBy, java.util.function.UnaryOperator<String> parameterValue) {
		Matcher m = REFERENCE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String value = variables.apply(m.group(1));
			if (value == null) {
				missed(m.group(1), null, usedBy);
				value = "";
			}
			// A value put into a URL's query or user info (an API key, a password) is a secret; one put into its host
			// or path is not (scrubbing a path's "prod" from every trace would mangle them), but the credentials
			// inside a value that is a URL itself are, and in an HTTP endpoint's URL the tokens in its path.
			boolean url = value.contains("://");
			if (url) {
				credentialsIn(value);
			} else if (text.lastIndexOf('?', m.start()) >= 0 || UrlPlaces.inUserInfo(text, m)) {
				note(value, SHORTEST);
			}
			if (parameterValue != null && url) {
				pathTokens(UrlPlaces.pathOf(value));
			} else if (parameterValue != null && UrlPlaces.inPath(text, m)) {
				pathTokens(value);
			}
			if (parameterValue != null && UrlPlaces.isParameterValue(text, m)) {
				String sent = parameterValue.apply(value);
				if (value.length() >= SHORTEST) {
					// As it goes out, too: an encoding of its own, which the echoes noted above need not match.
					note(sent, SHORTEST);
				}
				value = sent;
			}
			m.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		m.appendTail(out);
		return out.toString();
	}

	/**
	 * A path segment this long from the environment is taken for a token and noted as a secret: a Slack or Discord
	 * webhook's URL carries its credential in its path ({@code /services/T…/B…/<24 characters>}), and showing it in a
	 * dead letter's reason gives the webhook away. Shorter segments ({@code prod}, {@code v2}, {@code eu-west-1}) are
	 * names, and scrubbing them would mangle every trace.
	 */
	static final int PATH_TOKEN = 16;

	private void pathTokens(String path) {
		for (String segment : path.split("[/?#;&=]")) {
			if (segment.length() >= PATH_TOKEN) {
				note(segment, PATH_TOKEN);
			}
		}
	}

	/** A plain variable, e.g. a JDBC URL named by {@code jdbc env NAME}. */
	public String variable(String name, String usedBy) {
		String value = variables.apply(name);
		if (value == null || value.isEmpty()) {
			missed(name, value, usedBy);
		} else {
			credentialsIn(value);
		}
		return value;
	}

	/** As {@link #variable}, for an HTTP endpoint's whole URL ({@code url env NAME}): the tokens in its path are secrets too. */
	public String urlVariable(String name, String usedBy) {
		String value = variable(name, usedBy);
		if (value != null && value.contains("://")) {
			pathTokens(UrlPlaces.pathOf(value));
		}
		return value;
	}

	/**
	 * Notes the credentials in a URL (a JDBC URL's password, say) as secrets, so that no log line, dead letter or
	 * message that quotes the URL, or a driver's error that does, shows them; returns the URL as it may be shown.
	 */
	public String credentialsIn(String url) {
		if (url == null) {
			return null;
		}
		Matcher m = CREDENTIALS.matcher(url);
		while (m.find()) {
			for (int g = 1; g <= 3; g++) {
				// Shorter values are not scrubbed from free text (they would scrub common words), only from the URL.
				if (m.group(g) != null) {
					note(m.group(g), SHORTEST);
				}
			}
		}
		return withoutCredentials(url);
	}

	/** The URL with its credentials (see {@link #credentialsIn}) replaced by {@code ***}, however short they are. */
	public static String withoutCredentials(String url) {
		if (url == null) {
			return null;
		}
		Matcher m = CREDENTIALS.matcher(url);
		StringBuilder out = new StringBuilder();
		int last = 0;
		while (m.find()) {
			for (int g = 1; g <= 3; g++) {
				if (m.group(g) != null) {
					out.append(url, last, m.start(g)).append("***");
					last = m.end(g);
				}
			}
		}
		return out.append(url.substring(last)).toString();
	}

	/**
	 * The {@code Authorization} value for basic authentication with {@code user:password}, its secret parts noted: a
	 * target that echoes the request (in a 401's body, say) shows the header as sent, and the base64 of the
	 * credentials is them. Noted are that base64, with and without its padding and in the URL-safe alphabet too,
	 * however short (base64 is no common word), and the password alone when it is {@value #SHORTEST_PASSWORD}
	 * characters or more (the user name alone is no secret, and is left to show whose credentials they were).
	 */
	public String basicAuthorization(String userAndPassword) {
		byte[] credentials = userAndPassword.getBytes(StandardCharsets.UTF_8);
		String standard = Base64.getEncoder().encodeToString(credentials);
		note(standard, 1);
		note(standard.replace("=", ""), 1);
		note(Base64.getUrlEncoder().withoutPadding().encodeToString(credentials), 1);
		// A short password is weak and common as data: scrubbed, "2026" turned record inv-2026-001 into inv-***-001
		// in every trace, log line and dead letter. What the runner sends of it (the base64 above) is still scrubbed.
		note(userAndPassword.substring(userAndPassword.indexOf(':') + 1), SHORTEST_PASSWORD);
		String header = "Basic " + standard;
		sentInHeader(header);
		return header;
	}

	/**
	 * Notes a header value the runner sends that carries a secret behind a scheme's word ({@code Bearer <token>}),
	 * whole, however short the secret in it: the word makes it no common text. Its secret part, when noted itself, goes
	 * first, so that it shows as {@code Bearer ***}.
	 */
	public void sentInHeader(String value) {
		note(value, 1);
	}

	/**
	 * Notes a secret in every form a text may hold it in (see {@link #written}); values shorter than {@code shortest}
	 * are not, as they would scrub common words.
	 */
	private void note(String value, int shortest) {
		if (value == null || value.length() < shortest) {
			return;
		}
		// A value written percent-encoded (a key with '+' or '/' in a URL's query) is the secret as the target decodes
		// it, and echoes it (review 25: "invalid api_key sk+live/…" in a dead letter's reason); a '+' decoded as a form
		// decodes it, too.
		Set<String> values = new java.util.LinkedHashSet<>(List.of(value));
		values.add(UrlPlaces.percentDecoded(value, false));
		values.add(UrlPlaces.percentDecoded(value, true));
		for (String each : values) {
			if (each.length() < shortest) {
				continue;
			}
			for (String form : written(each)) {
				if (!secrets.contains(form)) {
					secrets.add(form);
				}
			}
		}
	}

	/**
	 * A secret as it is, and as JSON may write it: a quote or backslash escaped (traces are redacted once written as
	 * JSON), a {@code /} as {@code \/} (PHP's default), every character past ASCII as a backslash, {@code u} and four
	 * hex digits in lower or upper case (Python's default), and those as written inside JSON again (an echo quoted in a trace). Longest first,
	 * so that no form is scrubbed in part by a shorter one it holds.
	 */
	private static List<String> written(String value) {
		Set<String> forms = new java.util.LinkedHashSet<>();
		for (String text : List.of(value, inJson(value))) {
			for (String slashes : List.of(text, text.replace("/", "\\/"))) {
				forms.add(slashes);
				forms.add(unicodeEscaped(slashes, "\\u%04x"));
				forms.add(unicodeEscaped(slashes, "\\u%04X"));
			}
		}
		for (String form : List.copyOf(forms)) {
			forms.add(inJson(form));
		}
		// As a target may echo it in an answer: URL-encoded (a query or form echoed, %2F or %2f, a space as + or %20)
		// and HTML-escaped (an error page). A token in base64 (/, +, =) changes in both (review 21: shown in full).
		// A path's encoders leave '/' as it is (Python's quote, JavaScript's encodeURI): with and without it.
		String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
		for (String url : List.of(encoded, encoded.replace("+", "%20"), encoded.replace("+", "%20").replace("%2F", "/"))) {
			forms.add(url);
			forms.add(lowerHex(url));
		}
		forms.add(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;"));
		forms.add(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#x27;"));
		// and every character but letters and digits as a numeric character reference, decimal or hex (review 22)
		for (String reference : List.of("&#%d;", "&#x%x;", "&#x%X;")) {
			StringBuilder escaped = new StringBuilder();
			value.codePoints().forEach(c -> escaped.append(Character.isLetterOrDigit(c) ? Character.toString(c) : String.format(reference, c)));
			forms.add(escaped.toString());
		}
		List<String> longestFirst = new ArrayList<>(forms);
		longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
		return longestFirst;
	}

	/** A URL-encoded text with its escapes' hex digits in lower case ({@code %2f}). */
	private static String lowerHex(String encoded) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
		return m.replaceAll(r -> r.group().toLowerCase(java.util.Locale.ROOT));
	}

	private static String inJson(String value) {
		return new String(JsonStringEncoder.getInstance().quoteAsString(value));
	}

	private static String unicodeEscaped(String value, String format) {
		StringBuilder out = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			if (c < 0x80) {
				out.append(c);
			} else {
				out.append(String.format(format, (int) c));
			}
		}
		return out.toString();
	}

	private void missed(String name, String value, String usedBy) {
		missing.computeIfAbsent(name, k -> new TreeSet<>()).add(usedBy);
		if (value != null) {
			empty.add(name);
		}
	}

	/**
	 * Each variable missing, with what uses it and whether it is unset or set to nothing:
	 * {@code NETSUITE_TOKEN (used by endpoint …, endpoint …) is not set}.
	 */
	public List<String> missing() {
		List<String> list = new ArrayList<>();
		missing.forEach((name, users) -> list.add(name + " (used by " + String.join("; ", users) + ")"
				+ (empty.contains(name) ? " is set but empty" : " is not set")));
		return list;
	}

	/** Whether any secret has been read, so that texts need {@link #redact}ing. */
	public boolean hasSecrets() {
		return !secrets.isEmpty();
	}

	/** The text with every secret replaced by {@code ***}. */
	public String redact(String text) {
		if (text == null) {
			return null;
		}
		String result = text;
		for (String secret : secrets) {
			result = result.replace(secret, "***");
		}
		return result;
	}

	/**
	 * A text cut short with {@code …} (an answer's excerpt) redacted, and with the start of a secret the cut left at
	 * its end taken out as well: cut in the middle of a secret, what came of it would be shown.
	 */
	public String redactCut(String text) {
		String result = redact(text);
		if (result == null || !result.endsWith("…")) {
			return result;
		}
		String kept = result.substring(0, result.length() - 1);
		int longest = 0;
		for (String secret : secrets) {
			for (int n = Math.min(secret.length() - 1, kept.length()); n > longest && n >= SHORTEST; n--) {
				if (kept.endsWith(secret.substring(0, n))) {
					longest = n;
				}
			}
		}
		return longest == 0 ? result : kept.substring(0, kept.length() - longest) + "***…";
	}
}
