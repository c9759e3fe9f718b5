package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.REQUEST_HEADER__HEADER;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.REQUEST_HEADER__VALUE;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.AuthScheme;
import dev.isthmus.dsl.isthmus.Authentication;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.EndpointOption;
import dev.isthmus.dsl.isthmus.HttpTransport;
import dev.isthmus.dsl.isthmus.RequestHeader;

/**
 * An endpoint's {@code header} options are headers its http requests can carry: the runner refuses at start-up what
 * the JDK's HTTP client would refuse on every request or send otherwise than written (a value past ASCII, a Proxy-*
 * header), and what the runner sets itself; said here, where it is written. A secret-looking literal is warned about like a literal secret.
 */
public class RequestHeaderValidator extends AbstractDeclarativeValidator {

	public static final String BAD_HEADER = "dev.isthmus.dsl.badHeader";
	public static final String HEADER_VALUE = "dev.isthmus.dsl.headerValue";

	/**
	 * Headers the runner's HTTP client (the JDK's) will not send as written: Connection, Content-Length, Expect, Host
	 * and Upgrade it sets itself and refuses from anyone else (its DISALLOWED_HEADERS_SET, JDK 21 to 25); a
	 * Transfer-Encoding it would send beside its own Content-Length, a request framed twice. The runner refuses the same
	 * names at start (its RequestHeaders.CLIENTS_OWN; the DSL cannot depend on the runner), and a test on each side pins
	 * this list.
	 */
	public static final List<String> CLIENTS_OWN = List.of("Connection", "Content-Length", "Expect", "Host", "Transfer-Encoding", "Upgrade");

	/** The client drops every header named so and more on a request through no proxy, as the runner's all are. */
	private static final String PROXY_PREFIX = "proxy-";

	/** Headers the runner sets on every request, and from what. */
	private static final Map<String, String> RUNNERS_OWN = Map.of("idempotency-key",
			"the same on every re-delivery of a record, from the flow's 'idempotent on' key, else the record's origin and content",
			"x-correlation-id", "from the record's correlation id (the flow's 'correlate by' value, else <flow>@<origin>)");

	/** The default header of an api-key auth, as the runner sends it. */
	private static final String API_KEY_HEADER = "X-Api-Key";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void headersAreSentOnHttpTargets(Endpoint endpoint) {
		Set<String> seen = new HashSet<>();
		for (EndpointOption option : endpoint.getOptions()) {
			if (!(option instanceof RequestHeader header) || header.getHeader() == null) {
				continue;
			}
			if (!(endpoint.getTransport() instanceof HttpTransport)) {
				String kind = endpoint.getTransport() == null ? "this" : endpoint.getTransport().eClass().getName()
						.replace("Transport", "").toLowerCase(Locale.ROOT);
				error("headers are sent on the requests of http targets; a " + kind + " endpoint sends none: remove 'header \""
						+ header.getHeader() + "\"'", header, REQUEST_HEADER__HEADER, BAD_HEADER);
				continue;
			}
			if (!seen.add(header.getHeader().toLowerCase(Locale.ROOT)) && isToken(header.getHeader())) {
				error("header '" + header.getHeader() + "' is set twice on this endpoint (names are not case-sensitive), and the"
						+ " target would get both; keep one", header, REQUEST_HEADER__HEADER, BAD_HEADER);
				continue;
			}
			check(endpoint, header);
		}
	}

	private void check(Endpoint endpoint, RequestHeader header) {
		String name = header.getHeader();
		String lower = name.toLowerCase(Locale.ROOT);
		if (!isToken(name)) {
			error((name.isEmpty() ? "the header has no name" : "'" + name + "' is not a header name")
					+ ": a name is letters, digits and !#$%&'*+-.^_`|~, without spaces or ':', e.g. \"X-Tenant-Id\"", header,
					REQUEST_HEADER__HEADER, BAD_HEADER);
		} else if (lower.equals("transfer-encoding")) {
			error("the runner's HTTP client frames the body itself, with Content-Length, and a Transfer-Encoding beside it would make"
					+ " the request malformed; remove 'header \"" + name + "\"'", header, REQUEST_HEADER__HEADER, BAD_HEADER);
		} else if (CLIENTS_OWN.stream().anyMatch(name::equalsIgnoreCase)) {
			String own = CLIENTS_OWN.stream().filter(name::equalsIgnoreCase).findFirst().orElseThrow();
			error("the runner's HTTP client sets " + own + " itself and refuses it from anyone else; remove 'header \"" + name + "\"'"
					+ (own.equals("Host") ? " (the host is the URL's)" : ""), header, REQUEST_HEADER__HEADER, BAD_HEADER);
		} else if (lower.length() > PROXY_PREFIX.length() && lower.startsWith(PROXY_PREFIX)) {
			error("the runner's HTTP client drops every Proxy-* header, for the runner connects to its targets directly, through no"
					+ " proxy; remove 'header \"" + name + "\"'" + (lower.equals("proxy-authorization")
							? " (if the target itself checks this credential, send it with 'auth' or in a header of another name)" : ""),
					header, REQUEST_HEADER__HEADER, BAD_HEADER);
		} else if (RUNNERS_OWN.containsKey(lower)) {
			error("the runner sets " + name + " on every request itself, " + RUNNERS_OWN.get(lower) + "; a second one would leave"
					+ " the target to choose: remove 'header \"" + name + "\"'", header, REQUEST_HEADER__HEADER, BAD_HEADER);
		} else if (lower.equals(authHeader(endpoint))) {
			error("the endpoint's auth already sends " + name + "; remove 'header \"" + name + "\"', or the auth", header,
					REQUEST_HEADER__HEADER, BAD_HEADER);
		} else if (header.getValue() != null) {
			literal(header, name, lower, endpoint.getRecord() != null && !endpoint.getRecord().eIsProxy()
					&& endpoint.getRecord().getFormat() == dev.isthmus.dsl.isthmus.RecordFormat.FORM);
		}
	}

	private void literal(RequestHeader header, String name, String lower, boolean form) {
		String value = header.getValue();
		int control = value.chars().filter(c -> (c < 0x20 && c != '\t') || c == 0x7f).findFirst().orElse(-1);
		int pastAscii = value.codePoints().filter(c -> c > 0x7e).findFirst().orElse(-1);
		if (control < 0 && pastAscii >= 0) {
			// The client writes the request head in US-ASCII: any other character arrives as '?', without a word.
			error(String.format("the value of header '%s' holds '%s' (U+%04X) at character %d, past ASCII; the runner's HTTP client"
					+ " sends a header value as ASCII, with '?' in place of any other character: use only ASCII characters, or"
					+ " percent-encode it (%s in UTF-8) if the API expects that", name, Character.toString(pastAscii), pastAscii,
					value.codePoints().takeWhile(c -> c != pastAscii).count() + 1, percentEncoded(pastAscii)), header, REQUEST_HEADER__VALUE,
					BAD_HEADER);
		} else if (control >= 0) {
			error("the value of header '" + name + "' holds " + (control == '\n' ? "a line break (LF)" : control == '\r'
					? "a line break (CR)" : String.format("the control character U+%04X", control))
					+ ", which no header may carry (it would end the header); write the value on one line, without control characters",
					header, REQUEST_HEADER__VALUE, BAD_HEADER);
		} else if (lower.equals("authorization") || lower.equals("cookie")
				|| java.util.stream.Stream.of("token", "secret", "key", "password", "signature").anyMatch(lower::contains)) {
			warning("header '" + name + "' looks like a secret, and a value written into the model ends up in generated"
					+ " configurations and in version control; read it from an environment variable instead: header \"" + name
					+ "\" env NAME", header, REQUEST_HEADER__VALUE, SystemValidator.SECRET_LITERAL);
		} else if (lower.equals("content-type") && form && !value.toLowerCase(Locale.ROOT).contains("x-www-form-urlencoded")) {
			// a form record's body is form-encoded (see RecordFormatValidator), whatever the header says
			warning("the body the runner sends for a form record is application/x-www-form-urlencoded, and Content-Type \"" + value
					+ "\" says otherwise; write \"application/x-www-form-urlencoded\" (with a charset if the target wants one), or leave"
					+ " the header out", header, REQUEST_HEADER__VALUE, HEADER_VALUE);
		} else if (lower.equals("content-type") && !form && !value.toLowerCase(Locale.ROOT).contains("json")) {
			warning("the body the runner sends is JSON, and Content-Type \"" + value + "\" says otherwise; write a JSON media"
					+ " type, e.g. \"application/json\" or \"application/vnd.api+json\", or leave the header out (application/json)",
					header, REQUEST_HEADER__VALUE, HEADER_VALUE);
		}
	}

	/** The header the endpoint's auth sends, lower case; {@code null} without auth. */
	private static String authHeader(Endpoint endpoint) {
		for (EndpointOption option : endpoint.getOptions()) {
			if (option instanceof Authentication auth) {
				return auth.getScheme() == AuthScheme.API_KEY
						? (auth.getHeader() == null ? API_KEY_HEADER : auth.getHeader()).toLowerCase(Locale.ROOT)
						: "authorization";
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

	/** RFC 9110's token: one or more tchar. */
	static boolean isToken(String name) {
		return !name.isEmpty() && name.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
	}
}
