package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.HttpUrlTemplateValidator;
import dev.isthmus.dsl.validation.SystemValidator;

/**
 * An http endpoint's URL names fields of the record it sends in braces, which the runner fills per record from the
 * record's top-level values: a name that is no such field made every record a dead letter ("the record has no value
 * for {nope}"), and validate said nothing.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class HttpUrlTemplateRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String endpoint(String url) {
		return "package acme\nsystem S kind erp {\n"
				+ "  record R json { id : string, customer : { id : string }, memo : string?, lines : [ { sku : string } ] }\n"
				+ "  endpoint e http put \"" + url + "\" sends R\n}\n";
	}

	@Test
	void aFieldTheRecordDoesNotHave() throws Exception {
		Issue issue = fixture.single(endpoint("${env:ERP}/r/{nope}"), SystemValidator.BAD_ENDPOINT, 4,
				"{nope} names no field of R");
		assertTrue(issue.getMessage().contains("id, customer, memo, lines"), issue::getMessage);
		fixture.none(endpoint("${env:ERP}/r/{id}"));
		fixture.none(endpoint("https://erp.example/r/{id}?after={id}"));
	}

	@Test
	void nestedFieldsAndObjectsAreNoSingleValues() throws Exception {
		fixture.single(endpoint("${env:ERP}/c/{customer.id}"), SystemValidator.BAD_ENDPOINT, 4,
				"{customer.id}: the runner fills a URL from the record's top-level fields only");
		fixture.single(endpoint("${env:ERP}/c/{customer}"), SystemValidator.BAD_ENDPOINT, 4,
				"customer is an object");
		fixture.single(endpoint("${env:ERP}/c?sku={lines}"), SystemValidator.BAD_ENDPOINT, 4, "lines is a list");
	}

	@Test
	void anOptionalFieldWarns() throws Exception {
		List<Issue> issues = fixture.issues(endpoint("${env:ERP}/r/{id}/notes/{memo}"));
		assertEquals(1, issues.size(), issues::toString);
		assertEquals(Severity.WARNING, issues.get(0).getSeverity());
		assertTrue(issues.get(0).getMessage().contains("a record without memo becomes a dead letter"), issues.get(0)::getMessage);
	}

	@Test
	void environmentReferencesAreNoFields() throws Exception {
		fixture.none(endpoint("${env:ERP_URL}/v1/${env:TENANT}/r/{id}"));
		// A brace the runner cannot fill is left in the URL, which the runner then refuses at start.
		fixture.single(endpoint("${env:ERP}/{env:TENANT}/r"), SystemValidator.BAD_ENDPOINT, 4, "write ${env:TENANT}");
	}

	/** get and delete send no body: a field the URL does not name never reached the target, and validate was silent. */
	@Test
	void getAndDeleteWarnOfFieldsTheUrlDoesNotName() throws Exception {
		String item = "package acme\nsystem S kind erp {\n  record Item json { id : string, n : integer }\n  endpoint e http %s \"%s\" sends Item\n}\n";
		List<Issue> issues = fixture.issues(item.formatted("get", "${env:ERP}/items/{id}"));
		assertEquals(1, issues.size(), issues::toString);
		assertEquals(Severity.WARNING, issues.get(0).getSeverity());
		assertEquals(HttpUrlTemplateValidator.UNSENT_FIELDS, issues.get(0).getCode());
		assertEquals("http get sends no body, so n of Item never reaches the target; name it in the URL ({n}), drop it from the"
				+ " record, or send with post, put or patch", issues.get(0).getMessage());
		assertTrue(fixture.issues(item.formatted("delete", "${env:ERP}/items")).get(0).getMessage()
				.startsWith("http delete sends no body, so id, n of Item never reach the target"));
		fixture.none(item.formatted("delete", "${env:ERP}/items/{id}?n={n}"));
		fixture.none(item.formatted("post", "${env:ERP}/items"));
	}
}
