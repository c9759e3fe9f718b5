package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.FlowValidator;
import dev.isthmus.dsl.validation.SystemValidator;

/**
 * An endpoint's timeout and rate get the bounds the generated configuration's schema and the runner demand: they
 * passed validate, then `isthmus run` refused them ("must have a minimum value of 1", "Invalid duration: PT0S").
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class EndpointOptionRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String endpoint(String option) {
		return "package acme\nsystem S kind erp {\n  record R json { id : string }\n"
				+ "  endpoint e http post \"https://erp.example/x\" sends R\n    " + option + "\n}\n";
	}

	@Test
	void aTimeoutIsLongerThan0() throws Exception {
		Issue issue = fixture.single(endpoint("timeout 0s"), SystemValidator.BAD_ENDPOINT, 5, "a timeout must be longer than 0");
		assertTrue(issue.getMessage().contains("timeout 30s"), issue::getMessage);
		fixture.single(endpoint("timeout 0ms"), SystemValidator.BAD_ENDPOINT, 5, "a timeout must be longer than 0");
		fixture.none(endpoint("timeout 500ms"));
	}

	@Test
	void aRateLetsAtLeastOneRecordThroughPerWindow() throws Exception {
		Issue issue = fixture.single(endpoint("rate 0 per 1s"), SystemValidator.BAD_ENDPOINT, 5, "a rate of 0 lets nothing through");
		assertTrue(issue.getMessage().contains("rate 1 per 1s"), issue::getMessage);
		fixture.single(endpoint("rate 10 per 0s"), SystemValidator.BAD_ENDPOINT, 5, "a rate window must be longer than 0");
		fixture.none(endpoint("rate 25 per 1s"));
	}

	@Test
	void anOptionGivenTwiceIsAnError() throws Exception {
		fixture.single(endpoint("timeout 5s\n    timeout 10s"), SystemValidator.BAD_ENDPOINT, 6,
				"a second 'timeout' on this endpoint: only one is used; keep the one you mean");
		fixture.none(endpoint("header \"X-A\" \"1\"\n    header \"X-B\" \"2\""));
	}

	@Test
	void aRecordChoosingATargetsServer() throws Exception {
		String target = "package acme\nsystem S kind erp {\n  record R json { id : string, tenant : string }\n"
				+ "  endpoint e http post \"https://{tenant}.erp.example/x\" sends R";
		Issue warning = fixture.single(target + "\n}\n", dev.isthmus.dsl.validation.HttpUrlTemplateValidator.HOST_FROM_RECORD, 4,
				"{tenant} is in the URL's scheme, host or port, so each record's data chooses the server it goes to");
		assertEquals(org.eclipse.xtext.diagnostics.Severity.WARNING, warning.getSeverity());
		fixture.single(target + " auth bearer env T\n}\n", SystemValidator.BAD_ENDPOINT, 4, "with the endpoint's credentials");
		fixture.none(target.replace("{tenant}.erp.example/x", "erp.example/{tenant}/x") + "\n}\n");
	}

	@Test
	void aCacheIsForTheAnswersOfCalls() throws Exception {
		fixture.single(endpoint("cache 10min"), SystemValidator.BAD_ENDPOINT, 5, "cache keeps the answers to the calls flows make ('enrich …"
				+ " with call'), which go to an http get … receives endpoint; this endpoint is none, so nothing would be cached: remove it");
		String get = "package acme\nsystem S kind crm {\n  record R json { id : string }\n"
				+ "  endpoint e http get \"https://crm.example/r/{id}\" receives R\n    cache ";
		fixture.single(get + "0s\n}\n", SystemValidator.BAD_ENDPOINT, 5, "a cache's time must be longer than 0");
		fixture.none(get + "10min\n}\n");
	}

	@Test
	void concurrencyIsForHttpTargetsFrom1To64() throws Exception {
		fixture.none(endpoint("concurrency 1"));
		fixture.none(endpoint("concurrency 64"));
		fixture.single(endpoint("concurrency 0"), SystemValidator.BAD_ENDPOINT, 5, "concurrency 0 is outside 1..64: write concurrency 1");
		fixture.single(endpoint("concurrency 99999999999"), SystemValidator.BAD_ENDPOINT, 5, "concurrency 99999999999 is outside 1..64");
		String file = "package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e file \"out\" sends R\n    concurrency 2\n}\n";
		fixture.single(file, SystemValidator.BAD_ENDPOINT, 5, "concurrency is how many requests the runner has under way at once to an http"
				+ " endpoint it sends to or calls; this endpoint is none");
		// an http get endpoint that flows call (enrich … with call) takes its calls side by side
		fixture.none("package acme\nsystem S kind crm {\n  record R json { id : string }\n"
				+ "  endpoint e http get \"https://crm.example/r/{id}\" receives R\n    concurrency 8\n}\n");
		fixture.single("package acme\nsystem S kind crm {\n  record R json { id : string }\n  endpoint e webhook \"/r\" receives R signature none\n"
				+ "    concurrency 8\n}\n", SystemValidator.BAD_ENDPOINT, 5, "this endpoint is none (a file, table or webhook endpoint)");
		// a field may still be named so
		fixture.none("package acme\nsystem S kind erp {\n  record R json { concurrency : integer }\n}\n");
	}

	@Test
	void numbersTheConfigurationCannotHold() throws Exception {
		// The generator wrote these with Integer.parseInt and Durations.parse, and failed on them after validate passed.
		fixture.single(endpoint("rate 3000000000 per 1s"), SystemValidator.BAD_ENDPOINT, 5, "at most 2147483647");
		fixture.single(endpoint("timeout 99999999999999999999s"), SystemValidator.BAD_ENDPOINT, 5, "too long");
		fixture.single("package acme\nflow F {\n    from Billing.events\n    rate 3000000000 per 1s\n}\n", FlowValidator.BAD_POLICY, 4,
				"at most 2147483647");
	}

	@Test
	void flowPoliciesSayWhatToWrite() throws Exception {
		Issue issue = fixture.single("package acme\nflow F {\n    from Billing.events\n    rate 0 per 1s\n}\n", FlowValidator.BAD_POLICY,
				4, "a rate of 0 lets nothing through");
		assertTrue(issue.getMessage().contains("rate 1 per 1s"), issue::getMessage);
	}

	/**
	 * An option on an endpoint whose kind does not use it passed validate and did nothing (review 38): auth on a webhook
	 * let every request in, a signature on a target or file checked nothing.
	 */
	@Test
	void optionsOnAnEndpointThatDoesNotUseThem() throws Exception {
		String system = "package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e ";
		Issue auth = fixture.single(system + "webhook \"/orders\" receives R\n    auth bearer env TOKEN\n    signature none\n}\n", SystemValidator.BAD_ENDPOINT, 5,
				"auth is the credential the runner sends to an http endpoint; a webhook sends none, so it would check nothing (a webhook takes no"
						+ " Authorization header: its sender is checked by a signature");
		assertEquals(org.eclipse.xtext.diagnostics.Severity.ERROR, auth.getSeverity());
		fixture.single(system + "file \"in\" receives R\n    auth basic env CREDENTIALS\n}\n", SystemValidator.BAD_ENDPOINT, 5,
				"auth is the credential the runner sends to an http endpoint; a file endpoint sends none");
		fixture.single(system + "http post \"https://erp.example/x\" sends R\n    signature hmac-sha256 header \"X-Sig\" secret env S\n}\n",
				SystemValidator.BAD_ENDPOINT, 5, "signature is how the runner checks the sender of a webhook; an http endpoint is sent or called by"
						+ " the runner, which signs no request");
		fixture.single(system + "file \"in\" receives R\n    signature hmac-sha256 header \"X-Sig\" secret env S\n}\n",
				SystemValidator.BAD_ENDPOINT, 5, "signature is how the runner checks the sender of a webhook; a file endpoint is checked by no"
						+ " signature: remove it");
		Issue timeout = fixture.single(system + "jdbc embedded table \"T\" sends R\n    timeout 5s\n}\n", SystemValidator.BAD_ENDPOINT, 5,
				"timeout paces the runner's requests to an http endpoint; a table endpoint has none, so it changes nothing: remove it");
		assertEquals(org.eclipse.xtext.diagnostics.Severity.WARNING, timeout.getSeverity());
		fixture.none(system + "webhook \"/orders\" receives R\n    signature hmac-sha256 header \"X-Sig\" secret env S\n}\n");
		fixture.none(system + "http get \"https://erp.example/r/{id}\" receives R\n    auth bearer env T\n    timeout 5s\n    rate 5 per 1s\n}\n");
	}

	/** A flow's timeout or rate paces its http targets; on a file or table target the runner said so in its log only. */
	@Test
	void aFlowsPacingOfTargetsThatAreNoHttpEndpoints() throws Exception {
		String system = "package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint in file \"in\" receives R\n"
				+ "  endpoint out file \"out\" sends R\n  endpoint api http post \"https://erp.example/x\" sends R\n}\n";
		fixture.single(system + "flow F {\n    from S.in\n    to S.out [rate 5 per 1s]\n}\n", FlowValidator.BAD_POLICY, 10,
				"rate paces the runner's requests to an http target; out is none, so it changes nothing: remove it");
		fixture.single(system + "flow F {\n    from S.in\n    to S.out\n    timeout 5s\n}\n", FlowValidator.BAD_POLICY, 11,
				"timeout paces the runner's requests to http targets; this flow sends to none, so it changes nothing: remove it");
		fixture.none(system + "flow F {\n    from S.in\n    to S.out, S.api\n    timeout 5s\n}\n");
		fixture.none(system + "flow F {\n    from S.in\n    to S.api [rate 5 per 1s]\n}\n");
	}

	/** A webhook without a signature took records from anyone who could reach the port, without a word. */
	@Test
	void aWebhookSaysHowItsSenderIsChecked() throws Exception {
		String system = "package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e webhook \"/orders\" receives R";
		Issue unsigned = fixture.single(system + "\n}\n", SystemValidator.UNSIGNED_WEBHOOK, 4, "webhook /orders names no signature, so it takes"
				+ " records from anyone who can reach the runner's port; check the sender's signature");
		assertEquals(org.eclipse.xtext.diagnostics.Severity.WARNING, unsigned.getSeverity());
		assertTrue(unsigned.getMessage().endsWith("or write 'signature none' where a gateway in front of the runner checks it"), unsigned::getMessage);
		fixture.none(system + "\n    signature none\n}\n");
		// 'none' stays a name a payload may use
		fixture.none("package acme\nsystem S kind erp {\n  record R json { none : string }\n}\n");
		fixture.single("package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e file \"out\" sends R signature none\n}\n",
				SystemValidator.BAD_ENDPOINT, 4, "signature is how the runner checks the sender of a webhook");
	}
}
