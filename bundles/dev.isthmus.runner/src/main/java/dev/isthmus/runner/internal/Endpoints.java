package dev.isthmus.runner.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a configuration's endpoints become at a start: the sinks of the endpoints flows send to, and the database
 * URLs of {@code jdbc} endpoints, each checked before anything runs (directories, URLs, secrets, databases), with
 * what is wrong said and where.
 */
final class Endpoints {

	/**
	 * What to do about a secret the configuration lacks: the model wrote it as a literal, which {@code isthmus generate}
	 * leaves out (configurations hold secrets only as references to the environment).
	 */
	static final String SECRET_LEFT_OUT = "a secret written into the model as text (secret \"…\", auth bearer \"…\") is left out of the"
			+ " generated configuration: write it as env NAME, set NAME, and generate the project again";

	/** The embedded data database's URL ({@code jdbc embedded} endpoints). */
	private final String data;
	private final Roots roots;
	private final Environment environment;
	private final JsonLog log;
	/** The journal's id (see {@link Journal#id}), by which sinks tell its deliveries from another journal's. */
	private final String journalId;

	Endpoints(String data, Roots roots, Environment environment, JsonLog log, String journalId) {
		this.data = data;
		this.roots = roots;
		this.environment = environment;
		this.log = log;
		this.journalId = journalId;
	}

	/**
	 * The JDBC URL of a {@code jdbc} endpoint: the embedded data database's, or the one its configuration names — a
	 * variable's value, or a URL with {@code ${env:NAME}} references filled —, its credentials noted as secrets;
	 * {@code null} when a variable is missing ({@link Environment#missing} says which) or the URL cannot be used (said in
	 * {@code problems}). An embedded H2 file is recovered first, if a killed process left it (see {@link EmbeddedH2}).
	 */
	String jdbcUrl(JsonNode transport, String where, List<String> problems) {
		JsonNode node = transport.get("url");
		String url;
		if (onDataDatabase(transport)) {
			recover(data, log);
			return data;
		} else if (node == null) {
			// Not the data database by default: a URL the model wrote and an older generator left out (it took it for a
			// secret) had the records go to the embedded database, counted as delivered (review 27).
			problems.add(where + ": its configuration names no database (no \"url\", and not \"embedded\"); write the endpoint"
					+ " as jdbc env VARIABLE, jdbc \"jdbc:…\" or jdbc embedded, and generate the project again");
			return null;
		} else if (node.isObject()) {
			String variable = node.path("env").asText();
			url = environment.variable(variable, where);
			if (url != null && url.contains("${env:")) {
				// A variable's value is taken as it is: the reference would go to the database as text.
				problems.add(where + ": the value of " + variable + " holds ${env:…}, which is not filled inside a variable's value;"
						+ " put the value itself into " + variable + ", or write the URL in the model with the reference in it"
						+ " (jdbc \"jdbc:postgresql://db/erp?user=app&password=${env:ERP_PASSWORD}\")");
				return null;
			}
		} else {
			String cut = environment.cutShort(node.asText());
			if (cut != null) {
				problems.add(where + ": " + cut);
				return null;
			}
			url = environment.expand(node.asText(), where);
			environment.credentialsIn(url);
			if (!environment.allSet(node.asText())) {
				return null; // not tried without the value: the start names the variable
			}
		}
		if (url == null) {
			return null;
		}
		// An H2 file the runner opens in its own process: its commits are on disk before deliveries count.
		url = EmbeddedH2.durable(url);
		recover(url, log);
		return url;
	}

	/** Whether a {@code jdbc} endpoint is on the data database ({@code jdbc embedded}). */
	static boolean onDataDatabase(JsonNode transport) {
		return transport.path("embedded").asBoolean(false);
	}

	/** Recovers an embedded H2 file that a killed process left (see {@link EmbeddedH2}), and says so. */
	static void recover(String url, JsonLog log) {
		String recovered = EmbeddedH2.recover(url);
		if (recovered != null) {
			log.warn("h2.recovery", "detail", recovered);
		}
	}

	/** What an http endpoint's requests are made of: its URL template, secret, headers and timeout. */
	record HttpParts(String url, String secret, RequestHeaders headers, Duration timeout) {
	}

	/**
	 * The parts of an http endpoint's requests, each checked (a URL that is none, a secret or variable missing, a
	 * header the runner refuses), or {@code null} with what is wrong added to {@code problems}.
	 */
	HttpParts http(String name, JsonNode endpoint, List<String> problems) {
		JsonNode transport = endpoint.path("transport");
		String where = "endpoint " + name;
		JsonNode urlNode = transport.get("url");
		String url = urlNode.isObject() ? UrlTemplate.literal(environment.urlVariable(urlNode.path("env").asText(), where))
				: UrlTemplate.template(urlNode.asText(), environment, where);
		JsonNode auth = endpoint.get("auth");
		String secret = auth == null || !auth.has("secret") ? null : environment.secret(auth.get("secret"), where + ", auth");
		if (auth != null && !auth.has("secret")) {
			// It was left out of this endpoint's sink without a word, and its records waited for it for good (review 27).
			problems.add(where + ": its auth " + auth.path("scheme").asText() + " names no secret to send; " + SECRET_LEFT_OUT);
			return null;
		}
		RequestHeaders headers = RequestHeaders.of(endpoint, environment, where, problems);
		Duration timeout = Duration.parse(endpoint.path("timeout").asText("PT30S"));
		if (url == null || (auth != null && secret == null) || headers == null) {
			return null;
		}
		if (RequestHeaders.authProblem(endpoint, secret, where) != null) {
			problems.add(RequestHeaders.authProblem(endpoint, secret, where));
			return null;
		}
		// Which variables made it: a value without its scheme was told "Illegal character in scheme name", not where to
		// look (review 34).
		java.util.Set<String> variables = new java.util.TreeSet<>();
		if (urlNode.isObject()) {
			variables.add(urlNode.path("env").asText());
		} else {
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)\\}").matcher(urlNode.asText());
			while (m.find()) {
				variables.add(m.group(1));
			}
		}
		String check = variables.isEmpty() ? "" : "; check " + String.join(" and ", variables) + ": a URL is written whole, with its scheme"
				+ " (http://host:port/path or https://…)";
		try {
			java.net.URI uri = java.net.URI.create(url.replaceAll("\\{[A-Za-z_][A-Za-z0-9_]*\\}", "x"));
			if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
				problems.add(where + ": \"" + environment.redact(url) + "\" is not an http(s) URL" + (check.isEmpty() ? "" : check));
				return null;
			}
		} catch (IllegalArgumentException e) {
			problems.add(where + ": \"" + environment.redact(url) + "\" is not a URL (" + e.getMessage() + ")" + check);
			return null;
		}
		return new HttpParts(url, secret, headers, timeout);
	}

	/** The calls of {@code enrich … with call} steps to an http endpoint, or {@code null} as {@link #http} says. */
	HttpCall call(String name, JsonNode endpoint, Metrics metrics, List<String> problems) {
		HttpParts http = http(name, endpoint, problems);
		return http == null ? null : new HttpCall(name, endpoint, http, environment, metrics, log);
	}

	/**
	 * The sink a sending endpoint delivers through, or {@code null} with what is wrong added to {@code problems}
	 * (or, for a missing variable or secret, to {@link Environment#missing}).
	 */
	Sink sink(String name, JsonNode endpoint, JsonNode shape, List<String> problems) {
		JsonNode transport = endpoint.path("transport");
		String where = "endpoint " + name;
		switch (transport.path("kind").asText()) {
			case "file" -> {
				String problem = FileSink.patternProblem(transport.path("pattern").asText(null));
				if (problem != null) {
					problems.add(where + ": " + problem);
					return null;
				}
				java.nio.charset.Charset encoding = FileEncoding.of(transport, where, true, problems);
				if (encoding == null) {
					return null;
				}
				try {
					return new FileSink(roots.directory(transport.path("directory").asText(), where), transport.path("pattern").asText(null),
							endpoint.path("format").asText("json"), shape, name, journalId, roots, encoding);
				} catch (IOException e) {
					problems.add(e.getMessage());
					return null;
				}
			}
			case "http" -> {
				HttpParts http = http(name, endpoint, problems);
				return http == null ? null : new HttpSink(endpoint, http.url(), http.secret(), http.timeout(), environment, http.headers());
			}
			case "jdbc" -> {
				String tableProblem = SqlNames.tableProblem(transport.path("table").asText());
				if (tableProblem != null) {
					problems.add(where + ": " + tableProblem);
					return null;
				}
				String url = jdbcUrl(transport, where, problems);
				if (url == null) {
					return null;
				}
				List<String> keys = new ArrayList<>();
				transport.path("keyColumns").forEach(k -> keys.add(k.asText()));
				try {
					return new JdbcSink(name, url, transport.path("table").asText(), keys, shape, url.equals(data), journalId);
				} catch (Connections.Unusable e) {
					problems.add(where + ": " + environment.redact(e.getMessage())); // names the database and what to do
					return null;
				} catch (SQLException e) {
					problems.add(where + ": cannot use " + environment.redact(Environment.withoutCredentials(url)) + ": " + environment.redact(e.getMessage()));
					return null;
				}
			}
			default -> {
				problems.add(where + ": the runner delivers to directories, HTTP APIs and tables; a " + transport.path("kind").asText()
						+ " target is not supported");
				return null;
			}
		}
	}
}
