package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.*;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.xtext.validation.Check;

import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.isthmus.HttpTransport;
import dev.isthmus.dsl.isthmus.JdbcTransport;
import dev.isthmus.dsl.isthmus.Lookup;
import dev.isthmus.dsl.isthmus.ObjectShape;
import dev.isthmus.dsl.isthmus.RateLimit;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.isthmus.SecretRef;
import dev.isthmus.dsl.isthmus.Signature;
import dev.isthmus.dsl.isthmus.SignatureScheme;
import dev.isthmus.dsl.isthmus.Timeout;
import dev.isthmus.dsl.isthmus.WebhookTransport;

/** External systems: endpoints that can work, records without duplicate fields, secrets kept out of the model. */
public class SystemValidator extends TypingSupport {

	public static final String SECRET_LITERAL = "dev.isthmus.dsl.secretLiteral";
	public static final String BAD_ENDPOINT = "dev.isthmus.dsl.badEndpoint";
	public static final String UNSIGNED_WEBHOOK = "dev.isthmus.dsl.unsignedWebhook";
	public static final String DUPLICATE_FIELD = "dev.isthmus.dsl.duplicateRecordField";
	public static final String MISSING_FILE = "dev.isthmus.dsl.missingFile";

	/** A password in a URL: a parameter ({@code password=}, H2's {@code ;PASSWORD=}) or {@code user:password@host}. */
	private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(?:[;?&](?:password|pwd|passwd)=([^;&#]*))|(?://[^/@:]*:([^@/]*)@)");

	@Check
	public void secretsComeFromTheEnvironment(SecretRef secret) {
		if (secret.getLiteral() == null) {
			return;
		}
		if (secret.eContainer() instanceof JdbcTransport) {
			// A JDBC URL is no secret itself, its password is: the runner fills ${env:…} references in it.
			Matcher m = URL_PASSWORD.matcher(secret.getLiteral());
			while (m.find()) {
				String password = m.group(1) != null ? m.group(1) : m.group(2);
				if (!password.isEmpty() && !password.matches("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}")) {
					warning("a password written into the URL ends up in version control; read it from an environment variable:"
							+ " password=${env:DB_PASSWORD} in the URL, or the whole URL: jdbc env DB_URL", secret, SECRET_REF__LITERAL,
							SECRET_LITERAL);
					return;
				}
			}
			if (!secret.getLiteral().matches("(jdbc:|\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}).*")) {
				error("a JDBC URL starts with jdbc: (jdbc:postgresql://db/erp, jdbc:h2:tcp://host/path) or an environment reference"
						+ " such as ${env:ERP_DB_URL}", secret, SECRET_REF__LITERAL, BAD_ENDPOINT);
			}
			return;
		}
		warning("a secret written into the model would end up in version control, and 'isthmus generate' leaves it out of the"
				+ " configuration, so the runner refuses to start without it; read it from an environment variable instead: env NAME",
				secret, SECRET_REF__LITERAL, SECRET_LITERAL);
	}

	@Check
	public void webhooksReceiveOnAPath(Endpoint endpoint) {
		if (endpoint.getTransport() instanceof WebhookTransport webhook) {
			if (endpoint.getDirection() == Direction.SENDS) {
				error("a webhook receives records; declare it 'receives', or use http to send", endpoint,
						ENDPOINT__DIRECTION, BAD_ENDPOINT);
			}
			if (webhook.getPath() != null && !webhook.getPath().startsWith("/")) {
				error("a webhook path starts with '/', e.g. \"/" + webhook.getPath() + "\"", webhook,
						WEBHOOK_TRANSPORT__PATH, BAD_ENDPOINT);
			}
		}
		if (endpoint.getTransport() instanceof FileTransport file && file.getDirectory() != null && leavesTheRoot(file.getDirectory())) {
			// The runner would refuse it at start; said here, where it is written, and by 'isthmus validate'.
			error("a file endpoint's directory is relative to the runner's --root and stays inside it; \"" + file.getDirectory()
					+ "\" leaves it: write a path such as \"inbox/orders\", and point --root where the files are", file,
					FILE_TRANSPORT__DIRECTORY, BAD_ENDPOINT);
		}
		if (endpoint.getTransport() instanceof FileTransport file && file.getPattern() != null && endpoint.getDirection() != Direction.RECEIVES) {
			String pattern = file.getPattern();
			if (pattern.contains("/") || pattern.contains("\\")) {
				error("a pattern names the files in the endpoint's directory, not a path: put the folder in the directory, e.g. file \""
						+ file.getDirectory() + "/…\" pattern \"" + pattern.substring(Math.max(pattern.lastIndexOf('/'), pattern.lastIndexOf('\\')) + 1)
						+ "\"", file, FILE_TRANSPORT__PATTERN, BAD_ENDPOINT);
			} else if (pattern.chars().filter(c -> c == '*').count() != 1) {
				error("the files written here need one '*' in their pattern, where each batch's number goes (each batch is a file of its"
						+ " own), e.g. \"entries-*.ndjson\"", file, FILE_TRANSPORT__PATTERN, BAD_ENDPOINT);
			}
		}
		if (endpoint.getTransport() instanceof HttpTransport http && http.getUrl() != null
				&& !http.getUrl().matches("(https?://|\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}).*")) {
			error("an http URL starts with http://, https:// or an environment reference such as ${env:ERP_URL}",
					http, HTTP_TRANSPORT__URL, BAD_ENDPOINT);
		}
	}

	/** Absolute ("/data", "C:\\data", "~/data") or climbing out ("../x", "a/../../x"). */
	private static boolean leavesTheRoot(String directory) {
		String d = directory.replace('\\', '/');
		if (d.startsWith("/") || d.startsWith("~") || d.matches("[A-Za-z]:.*")) {
			return true;
		}
		int depth = 0;
		for (String part : d.split("/")) {
			if (part.equals("..")) {
				depth--;
			} else if (!part.isEmpty() && !part.equals(".")) {
				depth++;
			}
			if (depth < 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An endpoint's timeout and rate within what the configuration's schema and the runner take: a zero timeout ends
	 * every request at once (the runner refuses it), a rate of 0 lets nothing through (the schema refuses it).
	 */
	@Check
	public void optionsWithinBounds(Endpoint endpoint) {
		java.util.Set<Class<?>> seen = new java.util.HashSet<>();
		for (var option : endpoint.getOptions()) {
			// Headers repeat by design (each is checked apart); of any other option the last one won without a word.
			if (!(option instanceof dev.isthmus.dsl.isthmus.RequestHeader) && !seen.add(option.eClass().getInstanceClass())) {
				String word = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
						org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(option)).split("\\s+")[0];
				bad("a second '" + word + "' on this endpoint: only one is used; keep the one you mean", option, null);
			}
			if (option instanceof Timeout timeout) {
				bad(PolicyBounds.notPositive(timeout.getDuration(), "a timeout", "timeout 30s (the runner's default when there is none)"),
						timeout, TIMEOUT__DURATION);
			} else if (option instanceof dev.isthmus.dsl.isthmus.AnswerCache cache) {
				bad(PolicyBounds.notPositive(cache.getDuration(), "a cache's time", "cache 10min"), cache,
						dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ANSWER_CACHE__DURATION);
				if (!(endpoint.getTransport() instanceof dev.isthmus.dsl.isthmus.HttpTransport http)
						|| http.getMethod() != dev.isthmus.dsl.isthmus.HttpMethod.GET || endpoint.getDirection() != Direction.RECEIVES) {
					bad("cache keeps the answers to the calls flows make ('enrich … with call'), which go to an http get … receives"
							+ " endpoint; this endpoint is none, so nothing would be cached: remove it", cache, null);
				}
			} else if (option instanceof dev.isthmus.dsl.isthmus.Concurrency concurrency) {
				concurrency(endpoint, concurrency);
			} else if (option instanceof RateLimit rate) {
				bad(PolicyBounds.rateCount(rate.getCount(), rate.getWindow()), rate, RATE_LIMIT__COUNT);
				bad(PolicyBounds.notPositive(rate.getWindow(), "a rate window", "rate " + rate.getCount() + " per 1s"), rate,
						RATE_LIMIT__WINDOW);
			}
		}
	}

	/**
	 * An option on an endpoint whose kind does not use it was taken without a word, and did nothing (review 38): an
	 * {@code auth} on a webhook read like a webhook that checks its callers' token, and let every request in; a
	 * {@code signature} on an http target or a file read like requests signed, or files checked. Errors, as they
	 * promise what is not there; a {@code timeout} or {@code rate} off http only slows nothing, a warning.
	 */
	@Check
	public void optionsOnTheirKindOfEndpoint(Endpoint endpoint) {
		boolean http = endpoint.getTransport() instanceof dev.isthmus.dsl.isthmus.HttpTransport;
		boolean webhook = endpoint.getTransport() instanceof dev.isthmus.dsl.isthmus.WebhookTransport;
		String kind = webhook ? "a webhook" : endpoint.getTransport() instanceof dev.isthmus.dsl.isthmus.FileTransport ? "a file endpoint"
				: endpoint.getTransport() instanceof dev.isthmus.dsl.isthmus.JdbcTransport ? "a table endpoint" : "an http endpoint";
		for (var option : endpoint.getOptions()) {
			if (option instanceof dev.isthmus.dsl.isthmus.Authentication auth && !http) {
				bad("auth is the credential the runner sends to an http endpoint; " + kind + " sends none, so it would check nothing"
						+ (webhook ? " (a webhook takes no Authorization header: its sender is checked by a signature, signature hmac-sha256 header"
								+ " \"…\" secret env NAME, or stripe)" : "") + ": remove it", auth, null);
			} else if (option instanceof Signature signature && !webhook) {
				bad("signature is how the runner checks the sender of a webhook; " + kind + (http ? " is sent or called by the runner, which signs"
						+ " no request (a target's credential goes in auth or a header)" : " is checked by no signature") + ": remove it",
						signature, null);
			} else if ((option instanceof Timeout || option instanceof RateLimit) && !http) {
				warning((option instanceof Timeout ? "timeout" : "rate") + " paces the runner's requests to an http endpoint; " + kind
						+ " has none, so it changes nothing: remove it", option, null, BAD_ENDPOINT);
			}
		}
	}

	/**
	 * A webhook that names no signature takes records from anyone who can reach the runner's port. Said as a warning:
	 * a gateway in front of the runner may check the sender, and {@code signature none} says so.
	 */
	@Check
	public void aWebhookSaysHowItsSenderIsChecked(Endpoint endpoint) {
		if (endpoint.getTransport() instanceof WebhookTransport webhook && endpoint.getDirection() != Direction.SENDS
				&& endpoint.getOptions().stream().noneMatch(Signature.class::isInstance)) {
			warning("webhook " + webhook.getPath() + " names no signature, so it takes records from anyone who can reach the runner's"
					+ " port; check the sender's signature (signature hmac-sha256 header \"…\" secret env NAME, or signature stripe …), or"
					+ " write 'signature none' where a gateway in front of the runner checks it", endpoint, ENDPOINT__TRANSPORT, UNSIGNED_WEBHOOK);
		}
	}

	/** The most requests a target may have under way at once from one runner (see the runner's HttpSink). */
	static final int MOST_AT_ONCE = 64;

	/**
	 * {@code concurrency N}: the requests the runner has under way at once to an http target it sends to, or to an
	 * {@code http get} endpoint a flow calls ({@code enrich … with call}), from 1 (one at a time, for an endpoint that
	 * takes no more) to {@value #MOST_AT_ONCE}. Requests go nowhere else side by side.
	 */
	private void concurrency(Endpoint endpoint, dev.isthmus.dsl.isthmus.Concurrency concurrency) {
		var count = dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.CONCURRENCY__COUNT;
		if (!(endpoint.getTransport() instanceof dev.isthmus.dsl.isthmus.HttpTransport http)
				|| endpoint.getDirection() == Direction.RECEIVES && http.getMethod() != dev.isthmus.dsl.isthmus.HttpMethod.GET) {
			bad("concurrency is how many requests the runner has under way at once to an http endpoint it sends to or calls; this"
					+ " endpoint is none (a file, table or webhook endpoint), so it would change nothing: remove it",
					concurrency, null);
			return;
		}
		java.math.BigInteger n = new java.math.BigInteger(concurrency.getCount());
		if (n.signum() == 0 || n.compareTo(java.math.BigInteger.valueOf(MOST_AT_ONCE)) > 0) {
			bad("concurrency " + concurrency.getCount() + " is outside 1.." + MOST_AT_ONCE + ": write concurrency 1 for an endpoint that takes"
					+ " one request at a time, or up to " + MOST_AT_ONCE + " (the runner's default is 4)", concurrency, count);
		}
	}

	/**
	 * A tolerance bounds the age of a signed timestamp: stripe's header carries one ({@code t=…}), hmac-sha256 only
	 * when the sender's timestamp header is named. Elsewhere the runner would ignore it, which reads like replay
	 * protection that is not there. The runner compares whole seconds, so a tolerance under 1s refuses every event
	 * that took a second to arrive.
	 */
	@Check
	public void toleranceOnlyWhereATimestampIsSigned(Signature signature) {
		if (signature.getTolerance() == null) {
			return;
		}
		if (signature.getScheme() != SignatureScheme.STRIPE && signature.getTimestampHeader() == null) {
			error(signature.getScheme().getLiteral() + " without a timestamp header ignores a tolerance: the tolerance"
					+ " bounds the age of a signed timestamp; remove 'tolerance " + signature.getTolerance() + "', or name"
					+ " the header the sender puts its timestamp in (timestamp \"X-…-Timestamp\" signs \"{timestamp}{body}\")",
					signature, SIGNATURE__TOLERANCE, BAD_ENDPOINT);
			return;
		}
		java.time.Duration tolerance = PolicyBounds.duration(signature.getTolerance());
		if (tolerance == null) {
			bad(PolicyBounds.notPositive(signature.getTolerance(), "a tolerance", "tolerance 5min (Stripe's own default)"),
					signature, SIGNATURE__TOLERANCE);
		} else if (tolerance.toSeconds() < 1) {
			error("a tolerance under 1s refuses every event that takes a second to arrive (the timestamp counts whole"
					+ " seconds); write e.g. tolerance 5min (Stripe's own default)", signature, SIGNATURE__TOLERANCE,
					BAD_ENDPOINT);
		}
	}

	/**
	 * What a timestamped hmac-sha256 signs is the sender's own recipe (Zendesk's webhooks sign the timestamp then the
	 * body, its event connectors the body then the timestamp, Slack {@code v0:timestamp:body}), written with
	 * {@code {timestamp}} and {@code {body}}; anything else in braces would be signed literally and never match.
	 */
	@Check
	public void aSignedTimestampHasARecipeThatSignsIt(Signature signature) {
		if (signature.getTimestampHeader() == null) {
			return;
		}
		if (signature.getScheme() == SignatureScheme.STRIPE) {
			error("stripe's header carries its own timestamp (t=…); remove 'timestamp \"" + signature.getTimestampHeader()
					+ "\" signs …', or use 'signature hmac-sha256' for a sender that puts its timestamp in a header of its own",
					signature, SIGNATURE__TIMESTAMP_HEADER, BAD_ENDPOINT);
			return;
		}
		String stamp = signature.getTimestampHeader().strip();
		if (stamp.isEmpty() || stamp.equalsIgnoreCase(signature.getHeader().strip())) {
			error((stamp.isEmpty() ? "the timestamp header has no name" : "the timestamp is in the signature's own header")
					+ ", so every request would be refused; name the header the sender puts its timestamp in, e.g. timestamp"
					+ " \"X-Zendesk-Webhook-Signature-Timestamp\"", signature, SIGNATURE__TIMESTAMP_HEADER, BAD_ENDPOINT);
			return;
		}
		String signs = signature.getSigns();
		String problem = null;
		if (signs.indexOf("{body}") < 0 || signs.indexOf("{body}") != signs.lastIndexOf("{body}")) {
			problem = "names {body} " + (signs.contains("{body}") ? "more than once" : "nowhere");
		} else if (!signs.contains("{timestamp}")) {
			problem = "names no {timestamp}, so the timestamp is not signed and its tolerance protects nothing";
		} else if (signs.indexOf("{timestamp}") != signs.lastIndexOf("{timestamp}")) {
			problem = "names {timestamp} more than once";
		} else {
			java.util.regex.Matcher other = java.util.regex.Pattern.compile("\\{(?!body\\}|timestamp\\})[^}]*\\}").matcher(signs);
			if (other.find()) {
				problem = "names " + other.group() + ", which the runner does not fill (only {timestamp} and {body})";
			}
		}
		if (problem != null) {
			error("what the signature signs " + problem + "; write the sender's recipe with {timestamp} and {body} once,"
					+ " e.g. signs \"{timestamp}{body}\" (Zendesk webhooks) or signs \"v0:{timestamp}:{body}\" (Slack)",
					signature, SIGNATURE__SIGNS, BAD_ENDPOINT);
		}
	}

	/**
	 * A polled query is run as a subquery ({@code SELECT * FROM (query) Q WHERE key >= ?}), where a closing ';' is a
	 * syntax error: said here, not first when the runner starts.
	 */
	@Check
	public void aQueryIsOneSelectWithoutSemicolon(dev.isthmus.dsl.isthmus.JdbcTransport jdbc) {
		if (dev.isthmus.library.PolledQueries.endsWithSemicolon(jdbc.getQuery())) {
			error("the query ends with ';', and the runner polls it as a subquery (SELECT * FROM (query) Q WHERE key >= ?),"
					+ " where no ';' may stand; write it as one SELECT without the ';'", jdbc, JDBC_TRANSPORT__QUERY, BAD_ENDPOINT);
		}
	}

	/**
	 * The runner reads a polled query in batches by its key ({@code SELECT * FROM (query) Q WHERE key >= ? ORDER BY
	 * key}): a LIMIT inside returns the same first rows at every poll, and the runner then reads nothing more, silently.
	 */
	@Check
	public void aQueryLimitsNoRows(dev.isthmus.dsl.isthmus.JdbcTransport jdbc) {
		String clause = dev.isthmus.library.PolledQueries.pagingClause(jdbc.getQuery());
		if (clause != null) {
			error("the query has " + clause + ", and the runner reads the query in batches by its key itself (SELECT * FROM (query) Q"
					+ " WHERE key >= ? ORDER BY key), so the " + clause + " would return the same first rows at every poll and the rest"
					+ " never; remove the " + clause, jdbc, JDBC_TRANSPORT__QUERY, BAD_ENDPOINT);
		}
	}

	private void bad(String problem, org.eclipse.emf.ecore.EObject where, org.eclipse.emf.ecore.EStructuralFeature feature) {
		if (problem != null) {
			error(problem, where, feature, BAD_ENDPOINT);
		}
	}

	@Check
	public void recordFieldsAreUnique(Record record) {
		unique(record.getFields());
	}

	@Check
	public void objectFieldsAreUnique(ObjectShape object) {
		unique(object.getFields());
	}

	private void unique(Iterable<RecordField> fields) {
		Set<String> seen = new HashSet<>();
		for (RecordField field : fields) {
			if (field.getName() != null && !seen.add(field.getName())) {
				error("field '" + field.getName() + "' is declared twice in this record; remove one", field,
						RECORD_FIELD__NAME, DUPLICATE_FIELD, field.getName());
			}
		}
	}

	@Check
	public void lookupFileExists(Lookup lookup) {
		if (lookup.getFile() != null && !ProjectFiles.exists(lookup, lookup.getFile())) {
			error("the lookup table " + lookup.getFile() + " does not exist in the project folder or above this file",
					lookup, LOOKUP__FILE, MISSING_FILE, lookup.getFile());
		}
	}
}
