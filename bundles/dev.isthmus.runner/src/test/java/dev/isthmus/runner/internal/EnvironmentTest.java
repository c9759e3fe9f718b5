package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the runner scrubs from what it shows: credentials in URLs and values put into a URL's query. */
class EnvironmentTest {

	@Test
	void aValueInAUrlsQueryIsASecretAndOneInItsHostOrPathIsNot() {
		Environment environment = new Environment(
				Map.of("API_URL", "http://127.0.0.1:18081", "API_KEY", "qk_SECRET_9876", "STAGE", "prod", "ACCOUNT", "acct-42")::get);
		String url = environment.expand("${env:API_URL}/${env:STAGE}/evt/{id}?account=${env:ACCOUNT}&key=${env:API_KEY}", "endpoint e");
		assertEquals("http://127.0.0.1:18081/prod/evt/{id}?account=acct-42&key=qk_SECRET_9876", url);
		String shown = environment.redact("refused: HTTP 422 from POST " + url + " for product p-1");
		assertEquals("refused: HTTP 422 from POST http://127.0.0.1:18081/prod/evt/{id}?account=***&key=*** for product p-1", shown);
	}

	/**
	 * A webhook URL that carries its credential in its path (Slack's, Discord's) showed it in every dead letter's
	 * reason: in an HTTP endpoint's URL, a path segment from the environment 16 characters long or more is a token.
	 */
	@Test
	void aTokenInAnHttpUrlsPathFromTheEnvironmentIsASecret() {
		Environment environment = new Environment(Map.of("SLACK_URL", "https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/abcdEFGHijklMNOPqrstUVWX",
				"DISCORD_PATH", "1234567890123456789/tok_abcdefghijklmnopqrstuvwxyz", "STAGE", "eu-west-1")::get);
		String slack = environment.expandUrl("${env:SLACK_URL}", "endpoint s", v -> v);
		String discord = environment.expandUrl("https://discord.com/api/webhooks/${env:DISCORD_PATH}?wait=true", "endpoint d", v -> v);
		String staged = environment.expandUrl("https://api.example.com/${env:STAGE}/items", "endpoint e", v -> v);
		// A long host name from the environment is a name, not a token.
		Environment hosts = new Environment(Map.of("HOST", "eu-west-1.api.example-company.com")::get);
		assertEquals("https://eu-west-1.api.example-company.com/items",
				hosts.redact(hosts.expandUrl("https://${env:HOST}/items", "endpoint h", v -> v)));
		assertEquals("POST https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/*** answered 404: no_service; POST"
				+ " https://discord.com/api/webhooks/***/***?wait=true answered 401; https://api.example.com/eu-west-1/items",
				environment.redact("POST " + slack + " answered 404: no_service; POST " + discord + " answered 401; " + staged));
		// The same URL named whole (url env SLACK_URL)
		Environment whole = new Environment(Map.of("SLACK_URL", "https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/abcdEFGHijklMNOPqrstUVWX")::get);
		assertEquals("https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/***", whole.redact(whole.urlVariable("SLACK_URL", "endpoint s")));
		// Not for a JDBC URL's path: a database file's name is no token.
		Environment jdbc = new Environment(Map.of("DIR", "/var/lib/isthmus/production_ledger")::get);
		assertEquals("jdbc:h2:file:/var/lib/isthmus/production_ledger", jdbc.redact(jdbc.expand("jdbc:h2:file:${env:DIR}", "endpoint j")));
	}

	/**
	 * A key written percent-encoded in the environment (as a value with '+' or '/' had to be in a URL's query) is the
	 * secret as the target decodes it, and echoes it in its answer: that form was shown in full (review 25).
	 */
	@Test
	void aSecretIsScrubbedAsItsTargetDecodesIt() {
		Environment environment = new Environment(Map.of("QUERY_KEY", "sk%2Blive%2FAbCdEf123456", "FORM_KEY", "abc+def%2Fghi123")::get);
		String url = environment.expandUrl("http://127.0.0.1:1/items/{id}?api_key=${env:QUERY_KEY}&k=${env:FORM_KEY}", "endpoint e", v -> v);
		assertEquals("HTTP 400: invalid api_key ***; k ***, ***; sent " + "http://127.0.0.1:1/items/{id}?api_key=***&k=***",
				environment.redact("HTTP 400: invalid api_key sk+live/AbCdEf123456; k abc def/ghi123, abc+def/ghi123; sent " + url));
	}

	/** A variable set to nothing ({@code ERP_TOKEN=} in an env file) is told apart from one not set at all. */
	@Test
	void anEmptyVariableIsSaidToBeEmptyNotUnset() {
		Environment environment = new Environment(Map.of("ERP_TOKEN", "")::get);
		environment.secret(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("env", "ERP_TOKEN"), "endpoint erp, auth");
		environment.variable("DB_URL", "endpoint db");
		assertEquals(java.util.List.of("DB_URL (used by endpoint db) is not set", "ERP_TOKEN (used by endpoint erp, auth) is set but empty"),
				environment.missing());
	}

	@Test
	void aPasswordInAUserInfoIsASecret() {
		Environment environment = new Environment(Map.of("USER", "ops", "PASS", "s3cr3t!")::get);
		String url = environment.expand("https://${env:USER}:${env:PASS}@erp.example.com/api", "endpoint e");
		assertEquals("https://ops:***@erp.example.com/api", environment.redact(url));
	}

	@Test
	void credentialsInAJdbcUrlAreScrubbedFromWhatQuotesThem() {
		Environment environment = new Environment(
				Map.of("DB_URL", "jdbc:h2:tcp://127.0.0.1:1/x;USER=sa;PASSWORD=pw_secret_77")::get);
		String url = environment.variable("DB_URL", "endpoint d");
		String message = environment.redact("cannot use " + url + ": Connection is broken: \"" + url + "\"");
		assertFalse(message.contains("pw_secret_77"), message);
		assertTrue(message.contains("jdbc:h2:tcp://127.0.0.1:1/x;USER=sa;PASSWORD=***"), message);
	}

	@Test
	void everyKindOfUrlCredentialIsShownWithout() {
		assertEquals("jdbc:h2:tcp://h/j;USER=sa;PASSWORD=***;MODE=x", Environment.withoutCredentials("jdbc:h2:tcp://h/j;USER=sa;PASSWORD=pw;MODE=x"));
		assertEquals("jdbc:postgresql://db/ledger?user=app&password=***&ssl=true",
				Environment.withoutCredentials("jdbc:postgresql://db/ledger?user=app&password=hunter2&ssl=true"));
		assertEquals("jdbc:mysql://app:***@db:3306/ledger", Environment.withoutCredentials("jdbc:mysql://app:hunter2@db:3306/ledger"));
		assertEquals("jdbc:oracle:thin:app/***@db:1521/ERP", Environment.withoutCredentials("jdbc:oracle:thin:app/hunter2@db:1521/ERP"));
		assertEquals("https://api.example.com/v1?api_key=***", Environment.withoutCredentials("https://api.example.com/v1?api_key=k_123"));
		assertEquals("jdbc:h2:file:/var/lib/isthmus/journal", Environment.withoutCredentials("jdbc:h2:file:/var/lib/isthmus/journal"));
	}
}
