package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.REQUEST_HEADER__HEADER;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.REQUEST_HEADER__VALUE;

import java.util.HashSet;
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
 * the JDK's HTTP client would refuse on every request, and what the runner sets itself; said here, where it is
 * written. A secret-looking literal is warned about like a literal secret.
 */
public class RequestHeaderValidator extends AbstractDeclarativeValidator {

	public static final String BAD_HEADER = "dev.isthmus.dsl.badHeader";
	public static final String HEADER_VALUE = "dev.isthmus.dsl.headerValue";

	/** Headers the JDK's HttpClient sets itself and refuses to be given, and the chunking it decides alone. */
	private static final Map<String, String> CLIENTS_OWN = Map.of("connection", "Connection", "content-length", "Content-Length",
			"expect", "Expect", "host", "Host", "upgrade", "Upgrade", "transfer-encoding", "Transfer-Encoding");

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
		} else if (CLIENTS_OWN.containsKey(lower)) {
			error("the runner's HTTP client sets " + CLIENTS_OWN.get(lower) + " itself and refuses it from anyone else; remove"
					+ " 'header \"" + name + "\"'", header, REQUEST_HEADER__HEADER, BAD_HEADER);
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
		if (control >= 0) {
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

	/** RFC 9110's token: one or more tchar. */
	static boolean isToken(String name) {
		return !name.isEmpty() && name.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
	}
}
