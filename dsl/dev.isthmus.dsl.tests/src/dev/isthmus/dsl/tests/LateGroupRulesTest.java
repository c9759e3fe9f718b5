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

import dev.isthmus.dsl.validation.LateGroupValidator;

/**
 * An aggregate's result sent to a table updated by its keys: a group of late records (after its window closed) sends
 * its own result for the same keys, which replaces the window's in the row, and the totals lose records without
 * anything failing. `validate` said nothing of it; now a warning at the target says so and what to write instead.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class LateGroupRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static final String TABLES = """
			package acme
			system Wh kind erp {
			    record Row ndjson { externalId : string, total : decimal }
			    endpoint rows jdbc embedded table "ROWS" key "EXTERNALID" sends Row
			    endpoint added jdbc embedded table "ADDED" sends Row
			}
			mapping InvoiceToRow : Invoice -> Wh.Row {
			    externalId <- id
			    total <- total
			}
			""";

	@Test
	void aKeyedTableAfterTheAggregateIsWarnedOfLateGroups() throws Exception {
		List<Issue> issues = fixture.issues(TABLES + """
				flow F {
				    from Billing.events
				    map BillToInvoice
				    to Wh.rows via InvoiceToRow
				    aggregate by id every 1h {
				        total <- sum(total)
				    }
				    to Wh.added via InvoiceToRow, Wh.rows via InvoiceToRow
				    route {
				        otherwise -> Wh.rows via InvoiceToRow
				    }
				}
				""").stream().filter(i -> LateGroupValidator.LATE_GROUP_REPLACES_ROW.equals(i.getCode())).toList();
		// the 'to' before the aggregate sends each record, not a group's result: only lines 18 and 20
		assertEquals(List.of(18, 20), issues.stream().map(Issue::getLineNumber).toList(), issues::toString);
		Issue issue = issues.get(0);
		assertEquals(Severity.WARNING, issue.getSeverity());
		assertTrue(issue.getMessage().startsWith("rows updates its table's row by EXTERNALID, and records that arrive after their window"
				+ " has closed"), issue::getMessage);
		assertTrue(issue.getMessage().contains("leave out the table's 'key' so that each result is a row of its own"), issue::getMessage);
	}
}
