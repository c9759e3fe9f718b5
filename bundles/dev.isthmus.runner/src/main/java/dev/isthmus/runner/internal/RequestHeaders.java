package dev.isthmus.runner.internal;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The headers an HTTP target's endpoint adds to each of its requests ({@code "headers"} in its configuration, from
 * {@code header "Name" "value"} and {@code header "Name" env VARIABLE}), with the {@code Content-Type} the runner
 * sends unless the endpoint names its own. A header from the environment is a secret, scrubbed like the auth's. All
 * is checked at start-up: a header the JDK's client refuses (a name it sets itself, a line break in a value) threw
 * on every request mid-run, and a missing variable is said with the others, before anything runs.
 */
final class RequestHeaders {

	/** No headers of the endpoint's own: JSON is sent as such. */
	static final RequestHeaders NONE = new RequestHeaders(List.of());

	/** Those the runner sets on every request itself; a second value would leave the target to choose one. */
	private static final Set<String> RUNNERS_OWN = Set.of("idempotency-key", "x-correlation-id");

	/**
	 * Those the JDK's client will not send as given: Connection, Content-Length, Expect, Host and Upgrade it sets itself
	 * and refuses from the request (its {@code DISALLOWED_HEADERS_SET}, JDK 21 to 25); Transfer-Encoding it takes, and
	 * sends beside its own Content-Length, a request framed twice. The DSL's RequestHeaderValidator refuses the same
	 * names (it cannot read this list: the DSL does not depend on the runner); a test on each side pins them.
	 */
	static final List<String> CLIENTS_OWN = List.of("Connection", "Content-Length", "Expect", "Host", "Transfer-Encoding", "Upgrade");

	/**
	 * The JDK's client drops every header named {@code Proxy-} and more from a request that goes through no proxy, as
	 * the runner's never do (its {@code NO_PROXY_HEADERS_FILTER}), without a word.
	 */
	private static final String PROXY_PREFIX = "proxy-";

	private record Header(String name, String value) {
	}

	private final List<Header> headers;
	private final boolean ownContentType;

	private RequestHeaders(List<Header> headers) {
		this.headers = List.copyOf(headers);
		this.ownContentType = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Content-Type"));
	}

	/**
	 * The endpoint's headers, their secrets read from the environment (and noted, to be scrubbed), or {@code null}
	 * when one cannot be sent: what is wrong is added to {@code problems}, or for a missing variable to
	 * {@link Environment#missing}, which names the endpoint, the header and the variable.
	 */
	static RequestHeaders of(JsonNode endpoint, Environment environment, String where, List<String> problems) {
		JsonNode configured = endpoint.path("headers");
		if (configured.isMissingNode() || configured.isNull()) {
			return NONE;
		}
		if (!configured.isArray()) {
			problems.add(where + ": \"headers\" is not a list of {\"name\", \"value\" or \"secret\"}; generate the configuration again");
			return null;
		}
		String auth = authHeader(endpoint.get("auth"));
		List<Header> headers = new ArrayList<>();
		boolean complete = true;
		for (JsonNode h : configured) {
			String name = h.path("name").asText("");
			boolean literal = h.path("value").isTextual();
			boolean secret = h.path("secret").path("env").isTextual();
			if (literal == secret) {
				problems.add(where + ": header \"" + name + "\" needs exactly one of \"value\" (a literal) or \"secret\" ({\"env\": NAME});"
						+ " generate the configuration again, or correct the flow's JSON");
				complete = false;
				continue;
			}
			String variable = secret ? h.path("secret").path("env").asText() : null;
			String value = secret ? environment.secret(h.get("secret"), where + ", header " + name) : h.path("value").asText();
			if (value == null) {
				complete = false; // missing: said with the other missing variables
				continue;
			}
			if (secret) {
				// As sent, however short the value: a target echoing the request shows "Name: value".
				environment.sentInHeader(name + ": " + value);
			}
			String problem = problem(name, value, variable, auth);
			if (problem != null) {
				problems.add(where + ": " + problem);
				complete = false;
				continue;
			}
			headers.add(new Header(name, value));
		}
		return complete ? new RequestHeaders(headers) : null;
	}

	/** The header the endpoint's auth sends, lower case; {@code null} without auth. */
	private static String authHeader(JsonNode auth) {
		if (auth == null) {
			return null;
		}
		String header = "api-key".equals(auth.path("scheme").asText()) ? auth.path("header").asText("X-Api-Key") : "Authorization";
		return header.toLowerCase(Locale.ROOT);
	}

	/**
	 * What keeps a header from being sent as given, or {@code null}. The JDK's client has the last word on a name (it
	 * is asked, as the request would ask it); the rest tells the user why and what to do. A value from the environment
	 * is never shown: of a character it cannot carry, only the code point.
	 */
	static String problem(String name, String value, String variable, String authHeader) {
		String header = "header \"" + name + "\"";
		String lower = name.toLowerCase(Locale.ROOT);
		if (RUNNERS_OWN.contains(lower)) {
			return header + " is the runner's own: it sends each record's " + name + " itself, the same on every retry; remove the header";
		}
		if (authHeader != null && authHeader.equals(lower)) {
			return header + " is the one the endpoint's auth sends; keep either the header or the auth";
		}
		boolean restricted = false;
		try {
			HttpRequest.newBuilder().header(name, "x");
		} catch (IllegalArgumentException e) {
			if (name.isEmpty() || !e.getMessage().startsWith("restricted")) {
				return header + " is not a header name HTTP allows (letters, digits and !#$%&'*+-.^_`|~; no space or colon); correct the name";
			}
			restricted = true;
		}
		if (lower.equals("transfer-encoding")) {
			return header + " cannot be sent: the HTTP client frames the body itself, with Content-Length, and a Transfer-Encoding"
					+ " beside it would make the request malformed; remove the header";
		}
		if (restricted || CLIENTS_OWN.stream().anyMatch(name::equalsIgnoreCase)) {
			return header + " cannot be sent: the HTTP client sets " + name + " itself"
					+ (lower.equals("host") ? " (the host is the URL's)" : "") + "; remove the header";
		}
		if (lower.length() > PROXY_PREFIX.length() && lower.startsWith(PROXY_PREFIX)) {
			return header + " is never sent: the HTTP client drops every Proxy-* header on a request that goes through no proxy,"
					+ " and the runner connects to its targets directly; remove the header"
					+ (lower.equals("proxy-authorization")
							? " (if the target itself checks this credential, send it with auth or in a header of another name)" : "");
		}
		String said = valueProblem(header, value, variable);
		if (said != null) {
			return said;
		}
		try {
			HttpRequest.newBuilder().header(name, value);
			return null;
		} catch (IllegalArgumentException e) { // not expected past the checks above; said without the value
			return (variable == null ? header + "'s value" : "the value of " + variable + " (sent in " + header + ")")
					+ " is one the HTTP client refuses; " + (variable == null ? "correct the value" : "correct " + variable);
		}
	}

	/**
	 * What a value holds that HTTP or the JDK's client cannot carry: a control character ends or breaks the header; a
	 * character past ASCII goes out as {@code ?} (the client writes the request head in US-ASCII), however valid as
	 * Latin-1 it is.
	 */
	private static String valueProblem(String header, String value, String variable) {
		int at = 0;
		for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i)), at++) {
			int c = value.codePointAt(i);
			String place = " at character " + (at + 1);
			String said = variable == null ? header + "'s value holds " : "the value of " + variable + " (sent in " + header + ") holds ";
			if (c < 0x20 && c != '\t' || c == 0x7f) {
				String what = c == '\n' || c == '\r' ? "a line break (" + (c == '\n' ? "LF" : "CR") + ")" : String.format("a control character (U+%04X)", c);
				return said + what + place + "; HTTP carries a header value as one line of text without control characters; "
						+ (variable == null ? "correct the value" : "set " + variable + " to the value alone (a CR at its end often comes from"
								+ " an env file saved with Windows line ends)");
			}
			if (c > 0x7e) {
				String encoded = percentEncoded(c);
				return said + (variable == null ? "'" + Character.toString(c) + "' (" + String.format("U+%04X", c) + ")"
						: String.format("the character U+%04X", c)) + place + ", past ASCII; the HTTP client sends a header value as ASCII,"
						+ " with '?' in place of any other character: " + (variable == null
								? "use only ASCII characters, or percent-encode it (" + encoded + " in UTF-8) if the API expects that"
								: "set " + variable + " to a value in ASCII characters only, or percent-encoded (" + encoded
										+ " in UTF-8) if the API expects that");
			}
		}
		return null;
	}

	private static String percentEncoded(int codePoint) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
			encoded.append(String.format("%%%02X", b & 0xff));
		}
		return encoded.toString();
	}

	/** Adds the headers to a request, with {@code Content-Type: application/json} unless the endpoint names its own. */
	void addTo(HttpRequest.Builder request) {
		addTo(request, "application/json");
	}

	/**
	 * Adds the headers to a request, with the body's {@code Content-Type} unless the endpoint names its own; {@code null}
	 * for a request without a body (a call's GET), which says no type.
	 */
	void addTo(HttpRequest.Builder request, String contentType) {
		if (!ownContentType && contentType != null) {
			request.header("Content-Type", contentType);
		}
		headers.forEach(h -> request.header(h.name(), h.value()));
	}

	/**
	 * What is wrong with an endpoint's authentication secret, said for the start-up's problems, or {@code null}:
	 * {@code auth basic} sends {@code user:password}, and a value without the colon would be sent as a user name alone;
	 * {@code auth bearer} and {@code api-key} send the value in a header as it is, so it is held to what a header value
	 * can carry, as a {@code header … env} value is (a CR from an env file failed every delivery with "invalid header
	 * value", and a character past ASCII went out as '?', a wrong credential sent without a word), and is neither blank
	 * nor starts or ends with whitespace.
	 */
	static String authProblem(JsonNode endpoint, String secret, String where) {
		JsonNode auth = endpoint.get("auth");
		if (auth == null || secret == null) {
			return null;
		}
		String scheme = auth.path("scheme").asText();
		String variable = auth.path("secret").path("env").asText();
		if ("basic".equals(scheme) && !secret.contains(":")) {
			return where + ": auth basic needs " + variable + " to hold user:password, and its value has no"
					+ " ':'; set it to the user name, a colon and the password";
		}
		if ("bearer".equals(scheme) || "api-key".equals(scheme)) {
			String header = "auth " + scheme + " header \"" + ("bearer".equals(scheme) ? "Authorization" : auth.path("header").asText("X-Api-Key"))
					+ "\"";
			String said = valueProblem(header, secret, variable.isEmpty() ? null : variable);
			if (said != null) {
				return where + ": " + said;
			}
			// Blank went out as "Authorization: Bearer" with no token, and a space or TAB around the value went out
			// with it (or was trimmed by the target): a wrong credential sent without a word (review 20).
			String named = variable.isEmpty() ? "the secret" : variable;
			if (secret.isBlank()) {
				return where + ": " + named + " (sent in " + header + ") holds only whitespace, as good as empty; set " + named
						+ " to the credential";
			}
			if (Character.isWhitespace(secret.charAt(0)) || Character.isWhitespace(secret.charAt(secret.length() - 1))) {
				return where + ": the value of " + named + " (sent in " + header + ") " + (Character.isWhitespace(secret.charAt(0))
						? "starts" : "ends") + " with whitespace (a space or TAB), most likely a copy-paste slip; set " + named
						+ " to the value alone";
			}
			return null;
		}
		return null;
	}
}
