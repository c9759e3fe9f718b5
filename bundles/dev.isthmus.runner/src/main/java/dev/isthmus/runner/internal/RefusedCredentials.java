package dev.isthmus.runner.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an HTTP endpoint says when its target refuses the runner's credentials (401, 403) or a proxy on the way asks
 * for its own (407): an expired token answers 401 to every record, so it is the target's failure, not the records',
 * and the user is told which variables the credentials come from — their names, never their values. Likewise a table
 * target's database refusing the runner's login or rights.
 */
final class RefusedCredentials {

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)\\}");

	/** The variables the endpoint's credentials come from, each with where it is used; empty when it sends none. */
	private final List<String> variables = new ArrayList<>();

	RefusedCredentials(JsonNode endpoint) {
		JsonNode auth = endpoint.path("auth");
		if (auth.path("secret").path("env").isTextual()) {
			variables.add(auth.path("secret").path("env").asText() + " (its auth " + auth.path("scheme").asText() + ")");
		}
		for (JsonNode header : endpoint.path("headers")) {
			if (header.path("secret").path("env").isTextual()) {
				variables.add(header.path("secret").path("env").asText() + " (its header " + header.path("name").asText() + ")");
			}
		}
		JsonNode url = endpoint.path("transport").path("url");
		if (url.isTextual()) {
			// an API key in the query, a user and password in the URL; the variables of its host and path are not credentials
			String text = url.asText();
			int query = text.indexOf('?');
			int scheme = text.indexOf("://");
			int at = scheme < 0 ? -1 : text.indexOf('@', scheme);
			int path = scheme < 0 ? -1 : text.indexOf('/', scheme + 3);
			boolean userInfo = at > 0 && (path < 0 || at < path) && (query < 0 || at < query);
			String where = (userInfo ? text.substring(scheme + 3, at) : "")
					+ (query < 0 ? "" : text.substring(query));
			Matcher m = REFERENCE.matcher(where);
			while (m.find()) {
				variables.add(m.group(1) + " (in its URL)");
			}
		}
	}

	/** Whether an HTTP status says the runner's credentials, not the record, are refused. */
	static boolean refused(int status) {
		return status == 401 || status == 403 || status == 407;
	}

	/** "check" and the variables the endpoint's credentials come from, or {@code null} when it sends none. */
	String check() {
		return variables.isEmpty() ? null : "check " + String.join(", ", variables);
	}

	/** What is wrong and what to do, for an answer of {@code status} (one {@link #refused} says so of). */
	String advice(int status) {
		return advice(status, ", then replay the dead letters");
	}

	/** As {@link #advice(int)}, ending with {@code then} (what follows once the credentials are right). */
	String advice(int status, String then) {
		String check = check();
		return switch (status) {
			case 407 -> "a proxy between the runner and the target asks for credentials of its own, which the runner does not send:"
					+ " let the runner's host reach the target without it, or check the proxy settings of the runner's Java"
					+ " (https.proxyHost, http.proxyHost)" + then;
			case 403 -> check != null ? "the target refuses the runner's credentials for this request (forbidden): " + check
					+ " and what the target lets them do" + then
					: "the target forbids this request to the runner, which sends no credentials: give the endpoint its auth"
							+ " (auth bearer|basic|api-key env NAME), or ask the target's owners for access" + then;
			default -> check != null ? "the target refuses the runner's credentials: " + check + then
					: "the target asks for credentials, and the endpoint sends none: give it its auth (auth bearer|basic|api-key env NAME)"
							+ then;
		};
	}

	/**
	 * Whether a database refused the runner's login or rights, not the data: SQLSTATE class 28 (invalid
	 * authorization: a wrong user or password), 42501 (insufficient privilege: PostgreSQL, DB2), H2's 90096 (not
	 * enough rights), MySQL's 42000 with error 1142 or 1044 (a table's or a database's access denied). The records are
	 * not at fault: the deliverer retries them as their policy says, and the target is failing meanwhile.
	 */
	static boolean byDatabase(java.sql.SQLException e) {
		String state = e.getSQLState();
		return state != null && (state.startsWith("28") || state.equals("42501") || state.equals("90096")
				|| state.equals("42000") && (e.getErrorCode() == 1142 || e.getErrorCode() == 1044));
	}

	/** "user app" as the connection names its user, for a grant to name; "the endpoint's user" when it does not say. */
	static String user(java.sql.Connection connection) {
		try {
			String user = connection.getMetaData().getUserName();
			return user == null || user.isBlank() ? "the endpoint's user" : "user " + user;
		} catch (java.sql.SQLException e) {
			return "the endpoint's user";
		}
	}

	/**
	 * What {@link #byDatabase} found, in words: whom the database of {@code table} refuses and what to do; {@code updates}:
	 * whether the sink updates rows by their keys.
	 */
	static String databaseAdvice(java.sql.SQLException e, String reason, String table, java.sql.Connection connection, boolean updates) {
		String user;
		try {
			user = connection.getMetaData().getUserName();
		} catch (java.sql.SQLException | RuntimeException unknown) {
			user = null; // the connection is gone (a login refused): said without the user's name
		}
		String why = reason + " (SQLSTATE " + e.getSQLState() + ")";
		if (e.getSQLState().startsWith("28")) {
			return "the database of " + table + " refuses the runner's login: " + why + "; check the user and password of the"
					+ " endpoint's JDBC URL (or of the variable it is read from)";
		}
		String whom = user == null ? "the JDBC URL's user" : user;
		return "the database refuses the runner's rights on " + table + (user == null ? "" : " as user " + user) + ": " + why + "; grant "
				+ whom + " SELECT, INSERT" + (updates ? ", UPDATE" : "") + " on " + table + " and SELECT, INSERT on ISTHMUS_DELIVERIES,"
				+ " or give the endpoint a JDBC URL whose user has them";
	}
}
