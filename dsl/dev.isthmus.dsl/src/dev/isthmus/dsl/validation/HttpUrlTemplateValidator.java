package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.HTTP_TRANSPORT__URL;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.ArrayShape;
import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.HttpMethod;
import dev.isthmus.dsl.isthmus.HttpTransport;
import dev.isthmus.dsl.isthmus.ObjectShape;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.typing.Suggestions;

/**
 * An http endpoint's URL as the runner fills it for each record it sends: {@code ${env:NAME}} from the environment
 * at start, then each {@code {field}} (a name of letters, digits and _) from the record's top-level value of that
 * name. A value that is missing or null makes the record a dead letter; an object or a list is no single value; a
 * brace left over makes the URL one the runner refuses at start. The patterns are the runner's own (Environment,
 * HttpSink).
 */
public class HttpUrlTemplateValidator extends AbstractDeclarativeValidator {

	public static final String OPTIONAL_URL_FIELD = "dev.isthmus.dsl.optionalUrlField";
	public static final String UNSENT_FIELDS = "dev.isthmus.dsl.unsentFields";
	public static final String HOST_FROM_RECORD = "dev.isthmus.dsl.hostFromRecord";

	/** An environment variable in a URL, filled at start. (The runner's pattern: Environment.) */
	static final Pattern ENVIRONMENT = Pattern.compile("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}");
	/** A field in a URL, filled from each record. (The runner's pattern: UrlTemplate.) */
	static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
	private static final Pattern LEFT_OVER = Pattern.compile("\\{([^{}]*)\\}|[{}]");

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void urlFieldsAreFieldsOfTheRecord(Endpoint endpoint) {
		if (!(endpoint.getTransport() instanceof HttpTransport http) || http.getUrl() == null
				|| endpoint.getDirection() == Direction.RECEIVES) {
			return;
		}
		Record record = endpoint.getRecord() == null || endpoint.getRecord().eIsProxy() ? null : endpoint.getRecord();
		String template = ENVIRONMENT.matcher(http.getUrl()).replaceAll("-");
		Matcher m = FIELD.matcher(template);
		while (m.find()) {
			if (record != null) {
				field(record, m.group(1), http);
			}
		}
		String problem = leftOver(http.getUrl(), record == null ? "" : " (" + record.getName() + ": " + names(record) + ")",
				"the record this endpoint sends");
		if (problem != null) {
			error(problem, http, HTTP_TRANSPORT__URL, SystemValidator.BAD_ENDPOINT);
		}
		String chosen = hostChosenByRecord(http.getUrl());
		if (chosen != null && sendsCredentials(endpoint)) {
			error(hostChosen(endpoint, chosen), http, HTTP_TRANSPORT__URL, SystemValidator.BAD_ENDPOINT);
		} else if (chosen != null) {
			warning(hostChosen(endpoint, chosen), http, HTTP_TRANSPORT__URL, HOST_FROM_RECORD);
		}
	}

	/**
	 * A brace the runner does not fill ({@code {a.b}}, {@code {env:X}}, a lone one), which it sends as it is, or
	 * {@code null}; {@code fields} lists the fields that can be named, {@code record} says which record fills the URL.
	 */
	static String leftOver(String url, String fields, String record) {
		String template = ENVIRONMENT.matcher(url).replaceAll("-");
		Matcher left = LEFT_OVER.matcher(FIELD.matcher(template).replaceAll("-"));
		if (!left.find()) {
			return null;
		}
		String inside = left.group(1);
		if (inside == null) {
			return "a lone '" + left.group() + "' in the URL makes it one the runner refuses; braces hold a field, {id}";
		} else if (inside.startsWith("env:")) {
			return "{" + inside + "} is not filled by the runner; for an environment variable, write ${" + inside + "}";
		} else if (inside.contains(".")) {
			return "{" + inside + "}: the runner fills a URL from the record's top-level fields only" + fields
					+ "; map the value into a top-level field of " + record;
		}
		return "{" + inside + "} is not a field name the runner can fill (letters, digits and _)" + fields;
	}

	/**
	 * The first {@code {field}} in the URL's scheme, host or port, or {@code null}: there a record's data chooses the
	 * server the request (and the endpoint's credentials) go to.
	 */
	static String hostChosenByRecord(String url) {
		String template = ENVIRONMENT.matcher(url).replaceAll("e");
		int scheme = template.indexOf("://");
		String authority;
		if (scheme < 0) {
			// no scheme written out: the URL is an environment variable's, then a path, unless a field comes first
			authority = template.startsWith("{") ? template : "";
		} else {
			int end = scheme + 3;
			while (end < template.length() && "/?#".indexOf(template.charAt(end)) < 0) {
				end++;
			}
			authority = template.substring(0, end);
		}
		Matcher m = FIELD.matcher(authority);
		return m.find() ? m.group(1) : null;
	}

	/** Whether the endpoint sends credentials: an auth, or a header whose value is a secret. */
	static boolean sendsCredentials(Endpoint endpoint) {
		return endpoint.getOptions().stream().anyMatch(o -> o instanceof dev.isthmus.dsl.isthmus.Authentication
				|| o instanceof dev.isthmus.dsl.isthmus.RequestHeader h && h.getVariable() != null);
	}

	/** What to say of a record's {@code field} choosing the server (see {@link #hostChosenByRecord}). */
	static String hostChosen(Endpoint endpoint, String field) {
		return "{" + field + "} is in the URL's scheme, host or port, so each record's data chooses the server it goes to"
				+ (sendsCredentials(endpoint) ? ", with the endpoint's credentials" : "") + "; write the server in the URL (or ${env:NAME})"
				+ " and put record fields in its path or query";
	}

	/**
	 * get and delete send no body (the runner sends none, as HTTP gives them no meaning), so the fields a URL does not
	 * name never reach the target, while trace shows the whole record delivered.
	 */
	@Check
	public void getAndDeleteSendOnlyWhatTheUrlNames(Endpoint endpoint) {
		if (!(endpoint.getTransport() instanceof HttpTransport http) || http.getUrl() == null
				|| endpoint.getDirection() == Direction.RECEIVES
				|| http.getMethod() != HttpMethod.GET && http.getMethod() != HttpMethod.DELETE
				|| endpoint.getRecord() == null || endpoint.getRecord().eIsProxy()) {
			return;
		}
		java.util.Set<String> named = new java.util.HashSet<>();
		Matcher m = FIELD.matcher(ENVIRONMENT.matcher(http.getUrl()).replaceAll("-"));
		while (m.find()) {
			named.add(m.group(1));
		}
		List<String> unsent = fieldNames(endpoint.getRecord()).stream().filter(f -> !named.contains(f)).toList();
		if (!unsent.isEmpty()) {
			String method = http.getMethod().getLiteral();
			warning("http " + method + " sends no body, so " + String.join(", ", unsent) + " of " + endpoint.getRecord().getName()
					+ (unsent.size() == 1 ? " never reaches" : " never reach") + " the target; name "
					+ (unsent.size() == 1 ? "it" : "them") + " in the URL ({" + unsent.get(0) + "}), drop "
					+ (unsent.size() == 1 ? "it" : "them") + " from the record, or send with post, put or patch",
					http, dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.HTTP_TRANSPORT__METHOD, UNSENT_FIELDS);
		}
	}

	private void field(Record record, String name, HttpTransport http) {
		RecordField field = record.getFields().stream().filter(f -> name.equals(f.getName())).findFirst().orElse(null);
		if (field == null) {
			error("{" + name + "} names no field of " + record.getName() + ", whose fields are " + names(record)
					+ "; every record sent here would be a dead letter (\"the record has no value for {" + name + "}\")"
					+ Suggestions.didYouMean(name, fieldNames(record)), http, HTTP_TRANSPORT__URL, SystemValidator.BAD_ENDPOINT);
		} else if (field.getType() instanceof ObjectShape || field.getType() instanceof ArrayShape) {
			error("{" + name + "}: " + name + " is " + (field.getType() instanceof ObjectShape ? "an object" : "a list")
					+ " of " + record.getName() + ", and a URL takes a single value; name a field that is a string or a number",
					http, HTTP_TRANSPORT__URL, SystemValidator.BAD_ENDPOINT);
		} else if (field.isOptional()) {
			warning("{" + name + "}: " + name + " is optional in " + record.getName() + ", and a record without " + name
					+ " becomes a dead letter, since the URL cannot be built for it; make the field required, or use another",
					http, HTTP_TRANSPORT__URL, OPTIONAL_URL_FIELD, name);
		}
	}

	private static List<String> fieldNames(Record record) {
		return record.getFields().stream().map(RecordField::getName).filter(Objects::nonNull).toList();
	}

	private static String names(Record record) {
		return String.join(", ", fieldNames(record));
	}
}
