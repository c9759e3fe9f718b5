package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.validation.FlowValidator;

/** Each rule of flows: a failing flow with its message and line, and its fixed version. */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class FlowRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String flow(String body) {
		return "package acme\nflow F {\n" + body + "\n}\n";
	}

	private static final String GOOD = """
			    from Billing.events where amount > 0
			    idempotent on id for 30d
			    map BillToInvoice
			    route {
			        when total > 100.00 -> Erp.journals via InvoiceToJournal
			        otherwise -> Erp.journals via InvoiceToJournal
			    }""";

	@Test
	void aCompleteFlowIsClean() throws Exception {
		fixture.none(flow(GOOD));
	}

	@Test
	void fromAnEndpointThatOnlySends() throws Exception {
		fixture.single(flow(GOOD.replace("Billing.events", "Billing.out")), FlowValidator.WRONG_DIRECTION, 3,
				"a flow reads from an endpoint that receives records, but out only sends");
	}

	@Test
	void fromAnHttpApiIsNotRunYet() throws Exception {
		Issue issue = fixture.single("package acme\nsystem Api kind api {\n  record Item json { id : string }\n"
				+ "  endpoint items http get \"${env:API}/items\" receives Item\n}\nflow F {\n  from Api.items\n}\n",
				FlowValidator.NOT_RUN_YET, 7, "the runner does not poll HTTP APIs yet, and refuses to start with a flow reading items; have the"
						+ " API send its records to a webhook endpoint (webhook \"/path\"), or drop them as files (file \"dir\")");
		assertEquals(org.eclipse.xtext.diagnostics.Severity.WARNING, issue.getSeverity());
	}

	@Test
	void toAnEndpointThatOnlyReceives() throws Exception {
		fixture.single(flow(GOOD.replace("otherwise -> Erp.journals", "otherwise -> Erp.feed")),
				FlowValidator.WRONG_DIRECTION, 8, "feed only receives records");
	}

	@Test
	void targetRecordTypeMustMatchTheMappingsTarget() throws Exception {
		fixture.single(flow(GOOD.replace("otherwise -> Erp.journals via InvoiceToJournal", "otherwise -> Erp.journals")),
				FlowValidator.SHAPE_MISMATCH, 8, "journals sends Journal records, but Invoice arrive here; map them with 'via <mapping>'");
	}

	/** Two systems' records of one name were told apart by nothing: "sends Item records, but Item arrive here". */
	@Test
	void recordsOfOneNameAreNamedByTheirSystem() throws Exception {
		fixture.single("package acme\nsystem A kind erp {\n  record Item json { id : string }\n  endpoint in webhook \"/a\" receives Item signature none\n}\n"
				+ "system B kind erp {\n  record Item json { id : string, n : integer }\n  endpoint out file \"out\" sends Item\n}\n"
				+ "flow AToB {\n  from A.in\n  to B.out\n}\n", FlowValidator.SHAPE_MISMATCH, 12,
				"out sends B.Item records, but A.Item arrive here; map them with 'via <mapping>'");
	}

	@Test
	void aMappingMustReadTheRecordsThatAreThere() throws Exception {
		// Without the map step the route sees BillInvoice records: both targets' mappings and the condition object.
		List<Issue> issues = fixture.issues(flow(GOOD.replace("map BillToInvoice\n", "")));
		List<String> mismatches = issues.stream().filter(i -> FlowValidator.SHAPE_MISMATCH.equals(i.getCode()))
				.map(i -> i.getLineNumber() + ": " + i.getMessage()).toList();
		assertEquals(List.of("6: InvoiceToJournal reads Invoice, but the records here are BillInvoice",
				"7: InvoiceToJournal reads Invoice, but the records here are BillInvoice"), mismatches);
	}

	@Test
	void keysMustBeFieldsOfTheRecordAtThatStep() throws Exception {
		fixture.single(flow(GOOD.replace("idempotent on id", "idempotent on idx")), ExpressionTyper.UNKNOWN_NAME, 4,
				"'idx' is not a field of BillInvoice; did you mean 'id'?");
	}

	@Test
	void aRouteWithoutOtherwiseWarns() throws Exception {
		fixture.single(flow(GOOD.replace("    otherwise -> Erp.journals via InvoiceToJournal\n", "")),
				FlowValidator.NO_OTHERWISE, 6, "records no branch takes are dead-lettered; add 'otherwise -> …'");
	}

	@Test
	void branchesAfterOtherwiseAreUnreachable() throws Exception {
		fixture.single(flow(GOOD.replace("    otherwise -> Erp.journals via InvoiceToJournal\n",
				"    otherwise -> Erp.journals via InvoiceToJournal\n    when total > 5.00 -> Erp.journals via InvoiceToJournal\n")),
				FlowValidator.UNREACHABLE_BRANCH, 9, "this branch is never taken: 'otherwise' above takes every record");
	}

	@Test
	void retryBoundsAreSane() throws Exception {
		fixture.single(flow(GOOD + "\n    retry 0 times"), FlowValidator.BAD_POLICY, 10, "retry takes 1 to 100 times, not 0");
		fixture.single(flow(GOOD + "\n    retry 3 times backoff exponential from 5min to 2s"), FlowValidator.BAD_POLICY,
				10, "the backoff starts at 5min but may not exceed 2s; swap them");
		fixture.none(flow(GOOD + "\n    retry 3 times backoff exponential from 2s to 5min"));
	}

	@Test
	void routeConditionsAreBooleans() throws Exception {
		fixture.single(flow(GOOD.replace("when total > 100.00", "when total")), FlowValidator.SHAPE_MISMATCH, 7,
				"a route condition must be a Boolean, but is a Decimal(2)");
	}

	/**
	 * A mapping not found leaves the record's type unknown: that is its own error, and the fields read after it were
	 * each said to be unknown too, with a literal suggested ("'id' is not known here; did you mean 'PAID'?", review 38).
	 */
	@Test
	void aMappingNotFoundIsOneErrorNotOnePerFieldAfterIt() throws Exception {
		List<Issue> issues = fixture.issues("""
				package acme
				enum Status { OPEN PAID }
				model Account { key id : String  status : Status }
				system Crm kind crm {
				    record Acc json { id : string }
				    endpoint accounts file "in" pattern "*.ndjson" receives Acc
				    endpoint out file "out" sends Acc
				}
				mapping AccToAccount : Crm.Acc -> Account {
				    id <- id
				    status <- OPEN
				}
				flow F {
				    from Crm.accounts
				    map AccToAcount
				    idempotent on id for 1d
				    correlate by status
				    to Crm.out
				}
				""");
		assertEquals(1, issues.size(), issues::toString);
		assertEquals(15, issues.get(0).getLineNumber(), issues::toString);
		org.junit.jupiter.api.Assertions.assertTrue(issues.get(0).getMessage().contains("there is no mapping named 'AccToAcount'"),
				issues::toString);
	}
}
