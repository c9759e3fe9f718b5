package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.ExternalSystem;
import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.isthmus.RecordFormat;
import dev.isthmus.dsl.validation.RecordFormatValidator;

/**
 * A {@code form} record (application/x-www-form-urlencoded, as Stripe's API takes it) is a request body an http
 * target sends: post, put or patch. Anywhere else the runner would send JSON or nothing where the user wrote form.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class FormRecordRulesTest {

	@Inject
	private ValidationFixture fixture;

	@Inject
	private ParseHelper<IslFile> parser;

	private static String endpoint(String declaration) {
		return "package acme\nsystem S kind billing {\n  record Meter form { event_name : string, payload : { value : string } }\n  "
				+ declaration + "\n}\n";
	}

	@Test
	void formParsesAsARecordFormatAndStaysUsableAsAName() throws Exception {
		IslFile file = parser.parse("package acme\nsystem S kind billing {\n  record R form { form : string, id : string }\n}\n"
				+ "model M { form : String }\nmapping X : M -> S.R { form <- form  id <- form }\n");
		assertTrue(file.eResource().getErrors().isEmpty(), file.eResource().getErrors()::toString);
		assertEquals(RecordFormat.FORM, ((ExternalSystem) file.getElements().get(0)).getRecords().get(0).getFormat());
	}

	@Test
	void anHttpPostPutOrPatchTargetSendsAForm() throws Exception {
		for (String method : List.of("post", "put", "patch")) {
			fixture.none(endpoint("endpoint meter http " + method + " \"${env:STRIPE_API}/v1/billing/meter_events\" sends Meter"
					+ " auth bearer env STRIPE_API_KEY"));
		}
	}

	@Test
	void aGetOrDeleteHasNoBodyForAForm() throws Exception {
		for (String method : List.of("get", "delete")) {
			// beside the warning that a get's or delete's fields not in its URL are not sent
			List<Issue> errors = fixture.issues(endpoint("endpoint meter http " + method + " \"https://api.example/x\" sends Meter")).stream()
					.filter(i -> i.getSeverity() == Severity.ERROR).toList();
			assertEquals(1, errors.size(), errors::toString);
			Issue issue = errors.get(0);
			assertEquals(RecordFormatValidator.FORM_ENDPOINT, issue.getCode());
			assertEquals(4, issue.getLineNumber());
			assertTrue(issue.getMessage().startsWith("Meter is a form record, sent as the request's body, and an http " + method
					+ " sends no body; use http post"), issue::getMessage);
		}
	}

	@Test
	void aFormIsNotReceived() throws Exception {
		for (String direction : List.of("receives", "exchanges")) {
			Issue issue = fixture.single(endpoint("endpoint meter http post \"https://api.example/x\" " + direction + " Meter"),
					RecordFormatValidator.FORM_ENDPOINT, 4, "only sends as a request body");
			assertTrue(issue.getMessage().contains("declare the endpoint 'sends' Meter, or declare Meter json"), issue::getMessage);
		}
	}

	@Test
	void aContentTypeOtherThanTheFormsIsAWarningOnAFormRecord() throws Exception {
		String http = "endpoint meter http post \"https://api.example/x\" sends Meter header \"Content-Type\" ";
		fixture.none(endpoint(http + "\"application/x-www-form-urlencoded; charset=utf-8\""));
		Issue issue = fixture.single(endpoint(http + "\"application/json\""), dev.isthmus.dsl.validation.RequestHeaderValidator.HEADER_VALUE,
				4, "the body the runner sends for a form record is application/x-www-form-urlencoded, and Content-Type \"application/json\"");
		assertEquals(Severity.WARNING, issue.getSeverity());
	}

	@Test
	void aWebhookFileOrTableHasNoForm() throws Exception {
		Issue webhook = fixture.single(endpoint("endpoint hook webhook \"/meter\" receives Meter signature none"), RecordFormatValidator.FORM_ENDPOINT, 4,
				"Meter is a form record, which only an http target sends (http post, put or patch); a webhook receives json");
		assertTrue(webhook.getMessage().contains("declare Meter json"), webhook::getMessage);
		Issue file = fixture.single(endpoint("endpoint out file \"outbox\" pattern \"m-*.json\" sends Meter"),
				RecordFormatValidator.FORM_ENDPOINT, 4, "a file endpoint reads and writes json, ndjson or csv files");
		assertTrue(file.getMessage().contains("declare Meter json, ndjson or csv"), file::getMessage);
		fixture.single(endpoint("endpoint t jdbc embedded table \"METER\" sends Meter"), RecordFormatValidator.FORM_ENDPOINT, 4,
				"a jdbc endpoint reads and writes table rows");
	}
}
