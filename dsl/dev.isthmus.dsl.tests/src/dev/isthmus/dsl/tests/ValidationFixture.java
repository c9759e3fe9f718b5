package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Inject;
import com.google.inject.Provider;

import dev.isthmus.dsl.isthmus.IslFile;

/**
 * Validates a file against a small shared project (systems, models, mappings), so that each rule's test shows only
 * the lines that break or fix it.
 */
class ValidationFixture {

	static final String PROJECT = """
			package acme
			enum LegalEntity { US01 DE01 }
			system Billing kind billing {
			    record BillInvoice json {
			        id : string
			        amount : integer
			        currency : string
			        created : integer
			        note : string?
			        lines : [ { sku : string, amount : integer } ]
			    }
			    endpoint events webhook "/events" receives BillInvoice
			    endpoint out http post "${env:URL}/x" sends BillInvoice
			}
			system Erp kind erp {
			    record Journal json { externalId : string, total : decimal }
			    endpoint journals http post "${env:ERP}/j" sends Journal
			    endpoint feed webhook "/feed" receives Journal
			}
			model Invoice {
			    key id   : String
			    total    : Decimal(2)
			    currency : Currency
			    entity   : LegalEntity = US01
			    memo     : String?
			    lines    : Line[]
			}
			model Line { sku : String  amount : Decimal(2) }
			mapping BillToInvoice : Billing.BillInvoice -> Invoice {
			    id <- id
			    total <- minorToDecimal(amount, currency)
			    currency <- upper(currency)
			    lines <- each lines as l { sku <- l.sku  amount <- minorToDecimal(l.amount, currency) }
			}
			mapping InvoiceToJournal : Invoice -> Erp.Journal {
			    externalId <- id
			    total <- total
			}
			""";

	@Inject
	private ParseHelper<IslFile> parser;

	@Inject
	private ValidationTestHelper validation;

	@Inject
	private Provider<ResourceSet> resourceSets;

	/** The issues of {@code source} (package acme, seeing the shared project), errors and warnings only. */
	List<Issue> issues(String source) throws Exception {
		ResourceSet project = resourceSets.get();
		parser.parse(PROJECT, project);
		IslFile file = parser.parse(source, project);
		assertTrue(file.eResource().getErrors().isEmpty(), () -> "syntax: " + file.eResource().getErrors());
		return validation.validate(file).stream().filter(i -> i.getSeverity() != Severity.INFO).toList();
	}

	/** Exactly one issue, with this code, on this line, whose message contains {@code text}. */
	Issue single(String source, String code, int line, String text) throws Exception {
		List<Issue> issues = issues(source);
		assertEquals(1, issues.size(), () -> issues.toString());
		Issue issue = issues.get(0);
		assertEquals(code, issue.getCode(), issue::toString);
		assertEquals(line, issue.getLineNumber(), issue::toString);
		assertTrue(issue.getMessage().contains(text), () -> "'" + text + "' not in: " + issue.getMessage());
		return issue;
	}

	/**
	 * Like {@link #single}, for a file at {@code path} on disk (so that files it names are looked up next to it);
	 * with a {@code null} code, asserts there is no issue.
	 */
	void singleAt(java.nio.file.Path path, String source, String code, int line, String text) throws Exception {
		ResourceSet project = resourceSets.get();
		parser.parse(PROJECT, project);
		IslFile file = parser.parse(source, org.eclipse.emf.common.util.URI.createFileURI(path.toString()), project);
		List<Issue> issues = validation.validate(file).stream().filter(i -> i.getSeverity() != Severity.INFO).toList();
		if (code == null) {
			assertEquals(List.of(), issues.stream().map(Issue::toString).toList());
			return;
		}
		assertEquals(1, issues.size(), () -> issues.toString());
		assertEquals(code, issues.get(0).getCode());
		assertEquals(line, issues.get(0).getLineNumber());
		assertTrue(issues.get(0).getMessage().contains(text), issues.get(0)::getMessage);
	}

	void none(String source) throws Exception {
		List<Issue> issues = issues(source);
		assertEquals(List.of(), issues.stream().map(Issue::toString).toList());
	}
}
