package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Inject;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslEdit;
import dev.isthmus.dsl.ide.editor.IslProblem;
import dev.isthmus.dsl.ide.editor.IslQuickFix;
import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.project.IslFormatting;
import dev.isthmus.dsl.validation.FileEncodingValidator;
import dev.isthmus.dsl.validation.RequestHeaderValidator;
import dev.isthmus.dsl.validation.SystemValidator;

/**
 * A file endpoint's encoding is one Java knows (and, on a target, can write); an endpoint's headers are ones an
 * http request can carry and the runner does not set itself. Each was refused only when the runner started, or
 * sent nothing.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class EncodingAndHeaderRulesTest {

	@Inject
	private ValidationFixture fixture;

	@Inject
	private ParseHelper<IslFile> parser;

	@Inject
	private IslFormatting formatting;

	private static String file(String transport, String direction) {
		return "package acme\nsystem S kind erp {\n  record R csv { id : string }\n  endpoint e file \"inbox\" " + transport + " "
				+ direction + " R\n}\n";
	}

	private static String http(String options) {
		return "package acme\nsystem S kind erp {\n  record R json { id : string }\n"
				+ "  endpoint e http post \"https://erp.example/x\" sends R\n    " + options + "\n}\n";
	}

	@Test
	void anEncodingJavaDoesNotKnowIsAnErrorWithADidYouMean() throws Exception {
		Issue issue = fixture.single(file("encoding \"windows1252\"", "receives"), FileEncodingValidator.UNKNOWN_ENCODING, 4,
				"'windows1252' is not an encoding Java knows; did you mean 'windows-1252'?");
		assertTrue(issue.getMessage().contains("\"UTF-8\", \"ISO-8859-1\" or \"windows-1252\""), issue::getMessage);
		assertEquals(List.of("windows1252", "windows-1252"), List.of(issue.getData()));

		issue = fixture.single(file("encoding \"klingon-8\"", "receives"), FileEncodingValidator.UNKNOWN_ENCODING, 4,
				"'klingon-8' is not an encoding Java knows");
		assertTrue(!issue.getMessage().contains("did you mean"), issue::getMessage);
		fixture.single(file("encoding \"\"", "receives"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "the encoding has no name");
		fixture.single(file("encoding \"utf 8\"", "receives"), FileEncodingValidator.UNKNOWN_ENCODING, 4, "did you mean");
	}

	@Test
	void namesAndAliasesJavaKnowsAreAccepted() throws Exception {
		for (String name : List.of("ISO-8859-1", "latin1", "windows-1252", "Cp1252", "UTF-16", "UTF-8", "utf8")) {
			fixture.none(file("pattern \"*.csv\" encoding \"" + name + "\"", "receives"));
			fixture.none(file("pattern \"out-*.csv\" encoding \"" + name + "\"", "sends"));
		}
	}

	@Test
	void aTargetNeedsAnEncodingThatCanWrite() throws Exception {
		Issue issue = fixture.single(file("pattern \"out-*.csv\" encoding \"ISO-2022-CN\"", "sends"), FileEncodingValidator.BAD_ENCODING, 4,
				"can only be read, not written");
		assertTrue(issue.getMessage().contains("such as \"UTF-8\""), issue::getMessage);
		fixture.none(file("encoding \"ISO-2022-CN\"", "receives"));
	}

	@Test
	void headersAreForHttpEndpoints() throws Exception {
		String webhook = "package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e webhook \"/in\" receives R signature none\n"
				+ "    header \"X-Tenant\" \"acme\"\n}\n";
		fixture.single(webhook, RequestHeaderValidator.BAD_HEADER, 5, "headers are sent on the requests of http targets; a webhook endpoint");
		fixture.single(file("pattern \"out-*.csv\"", "sends R header \"X-Tenant\" \"acme\" //"), RequestHeaderValidator.BAD_HEADER, 4,
				"a file endpoint sends none: remove 'header \"X-Tenant\"'");
		fixture.none(http("header \"X-Tenant\" \"acme\"\n    header \"Stripe-Version\" \"2024-06-20\""));
	}

	@Test
	void aHeaderNameIsAnHttpToken() throws Exception {
		fixture.single(http("header \"X Tenant\" \"acme\""), RequestHeaderValidator.BAD_HEADER, 5, "'X Tenant' is not a header name");
		fixture.single(http("header \"X-Tenant:\" \"acme\""), RequestHeaderValidator.BAD_HEADER, 5, "without spaces or ':'");
		fixture.single(http("header \"\" \"acme\""), RequestHeaderValidator.BAD_HEADER, 5, "the header has no name");
		fixture.single(http("header \"X-Tënant\" \"acme\""), RequestHeaderValidator.BAD_HEADER, 5, "is not a header name");
	}

	@Test
	void aHeaderValueHasNoLineBreaksOrControlCharacters() throws Exception {
		fixture.single(http("header \"X-Tenant\" \"acme\\r\\nX-Admin: yes\""), RequestHeaderValidator.BAD_HEADER, 5, "a line break (CR)");
		fixture.single(http("header \"X-Tenant\" \"acme\\n\""), RequestHeaderValidator.BAD_HEADER, 5, "a line break (LF)");
		fixture.single(http("header \"X-Tenant\" \"ac\u0001me\""), RequestHeaderValidator.BAD_HEADER, 5, "the control character U+0001");
		fixture.none(http("header \"X-Tenant\" \"acme\tinc\""));
	}

	@Test
	void aHeaderIsSetOnce() throws Exception {
		fixture.single(http("header \"X-Tenant\" \"acme\"\n    header \"x-tenant\" \"other\""), RequestHeaderValidator.BAD_HEADER, 6,
				"header 'x-tenant' is set twice on this endpoint");
	}

	@Test
	void headersTheClientOrTheRunnerSetsAreRefused() throws Exception {
		for (String name : List.of("Connection", "Content-Length", "Expect", "host", "Upgrade")) {
			fixture.single(http("header \"" + name + "\" \"x\""), RequestHeaderValidator.BAD_HEADER, 5,
					"the runner's HTTP client sets " + name.substring(0, 1).toUpperCase());
		}
		fixture.single(http("header \"Idempotency-Key\" \"x\""), RequestHeaderValidator.BAD_HEADER, 5,
				"the runner sets Idempotency-Key on every request itself, the same on every re-delivery");
		fixture.single(http("header \"X-Correlation-Id\" \"x\""), RequestHeaderValidator.BAD_HEADER, 5,
				"from the record's correlation id");
	}

	@Test
	void theAuthsHeaderIsTheAuths() throws Exception {
		fixture.single(http("auth bearer env TOKEN\n    header \"Authorization\" env OTHER"), RequestHeaderValidator.BAD_HEADER, 6,
				"the endpoint's auth already sends Authorization");
		fixture.single(http("header \"X-Api-Key\" env OTHER\n    auth api-key env KEY"), RequestHeaderValidator.BAD_HEADER, 5,
				"the endpoint's auth already sends X-Api-Key");
		fixture.single(http("auth api-key header \"X-Key\" env KEY header \"x-key\" env OTHER"), RequestHeaderValidator.BAD_HEADER, 5,
				"the endpoint's auth already sends x-key");
		fixture.none(http("auth api-key header \"X-Key\" env KEY header \"X-Tenant-Token\" env OTHER"));
	}

	@Test
	void aSecretLookingLiteralIsAWarning() throws Exception {
		for (String name : List.of("Authorization", "Cookie", "X-Tenant-Token", "X-Client-Secret", "X-Api-Key", "X-Password",
				"X-Signature")) {
			Issue issue = fixture.single(http("header \"" + name + "\" \"s3cr3t\""), SystemValidator.SECRET_LITERAL, 5,
					"header '" + name + "' looks like a secret");
			assertEquals(Severity.WARNING, issue.getSeverity());
			assertTrue(issue.getMessage().contains("header \"" + name + "\" env NAME"), issue::getMessage);
			fixture.none(http("header \"" + name + "\" env SECRET"));
		}
	}

	@Test
	void aContentTypeThatIsNotJsonIsAWarning() throws Exception {
		Issue issue = fixture.single(http("header \"Content-Type\" \"text/plain\""), RequestHeaderValidator.HEADER_VALUE, 5,
				"the body the runner sends is JSON");
		assertEquals(Severity.WARNING, issue.getSeverity());
		fixture.none(http("header \"Content-Type\" \"application/vnd.api+json; charset=utf-8\""));
	}

	@Test
	void anUnknownEncodingHasAQuickFix(@TempDir Path project) throws Exception {
		String broken = file("encoding \"windows1252\"", "receives");
		Path path = project.resolve("s.isl");
		Files.writeString(path, broken);
		IslDocument document = IslDocument.open(path, project, broken);
		IslProblem problem = document.problems(CancelIndicator.NullImpl).stream().filter(p -> p.severity() == IslProblem.Severity.ERROR)
				.findFirst().orElseThrow();

		IslQuickFix fix = document.quickFixes(problem).get(0);
		assertEquals("Change to \"windows-1252\"", fix.label());
		IslEdit edit = fix.edits().get(0);
		String fixed = broken.substring(0, edit.offset()) + edit.text() + broken.substring(edit.offset() + edit.length());
		assertEquals(file("encoding \"windows-1252\"", "receives"), fixed);
	}

	@Test
	void theFormatterPutsEachHeaderOnALineOfItsOwn() throws Exception {
		String text = "package acme\nsystem S kind erp {\nrecord R csv { id : string }\n"
				+ "endpoint a file \"in\"   pattern \"*.csv\"  encoding \"latin1\" receives R\n"
				+ "endpoint b http post \"https://x.example\" sends R header \"Stripe-Version\" \"2024-06-20\" header \"X-Tenant-Token\" env T"
				+ " auth api-key header \"X-Key\" env K timeout 5s\n}\n";
		String formatted = formatting.format((XtextResource) parser.parse(text).eResource());
		assertEquals("""
				package acme

				system S kind erp {
				    record R csv {
				        id : string
				    }
				    endpoint a file "in"   pattern "*.csv"  encoding "latin1" receives R
				    endpoint b http post "https://x.example" sends R
				        header "Stripe-Version" "2024-06-20"
				        header "X-Tenant-Token" env T
				        auth api-key header "X-Key" env K
				        timeout 5s
				}
				""", formatted);
		assertEquals(formatted, formatting.format((XtextResource) parser.parse(formatted).eResource()));
	}
}
