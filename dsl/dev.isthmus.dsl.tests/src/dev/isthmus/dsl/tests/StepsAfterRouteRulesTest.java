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

import dev.isthmus.dsl.validation.StepsAfterRouteValidator;

/**
 * A route ends a flow's steps: each record leaves through the branch that takes it, so a step written after the route
 * never runs. A user's `wiretap` there copied nothing and `validate` said nothing; each such step is now an error,
 * while the flow's policies (which apply to the whole flow wherever they are written) stay valid after it.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class StepsAfterRouteRulesTest {

	@Inject
	private ValidationFixture fixture;

	/** Lines 3 to 9 of the file; the route's closing brace is line 9. */
	private static final String ROUTED = """
			package acme
			flow F {
			    from Billing.events where amount > 0
			    idempotent on id for 30d
			    map BillToInvoice
			    route {
			        when total > 100.00 -> Erp.journals via InvoiceToJournal
			        otherwise -> Erp.journals via InvoiceToJournal
			    }
			""";

	@Test
	void aWiretapAfterTheRouteIsAnError() throws Exception {
		Issue issue = fixture.single(ROUTED + "    wiretap Erp.journals via InvoiceToJournal\n}\n",
				StepsAfterRouteValidator.STEP_AFTER_ROUTE, 10, "this wiretap never runs: a route ends the flow's steps");
		assertEquals(Severity.ERROR, issue.getSeverity());
		assertTrue(issue.getMessage().contains("put 'wiretap Erp.journals via InvoiceToJournal' before the route"),
				issue::getMessage);
	}

	@Test
	void aDeliveryAfterTheRouteIsAnErrorThatSaysToNameItInTheBranches() throws Exception {
		Issue issue = fixture.single(ROUTED + "    to Erp.journals via InvoiceToJournal\n}\n",
				StepsAfterRouteValidator.STEP_AFTER_ROUTE, 10, "this 'to' never runs: a route ends the flow's steps");
		assertTrue(issue.getMessage().contains("name Erp.journals via InvoiceToJournal in the route's branches"
				+ " (when … -> …, Erp.journals via InvoiceToJournal)"), issue::getMessage);
	}

	/** Every step after the route is reported, each where it is written, not only the first. */
	@Test
	void eachStepAfterTheRouteIsReported() throws Exception {
		List<Issue> issues = fixture.issues(ROUTED + """
				    validate
				    correlate by id
				    map InvoiceToJournal
				    route {
				        otherwise -> Erp.journals
				    }
				    wiretap Erp.journals
				}
				""");
		assertEquals(List.of(
				"10: 'validate' never runs: a route ends the flow's steps (each record leaves through the branch that"
						+ " takes it); move it above the route",
				"11: 'correlate by id' never runs: a route ends the flow's steps (each record leaves through the branch"
						+ " that takes it); move it above the route",
				"12: 'map InvoiceToJournal' never runs: a route ends the flow's steps (each record leaves through the"
						+ " branch that takes it); move it above the route, or map per target in the branches"
						+ " (-> Endpoint via Mapping)",
				"13: this second route never runs: a route ends the flow's steps (each record leaves through the branch"
						+ " that takes it); merge its branches into the route above",
				"16: this wiretap never runs: a route ends the flow's steps (each record leaves through the branch that"
						+ " takes it); put 'wiretap Erp.journals' before the route to copy every record"),
				issues.stream().filter(i -> StepsAfterRouteValidator.STEP_AFTER_ROUTE.equals(i.getCode()))
						.map(i -> i.getLineNumber() + ": " + i.getMessage()).toList());
	}

	/** Policies are the flow's, not steps: the reference example writes retry and dead-letter after its route. */
	@Test
	void policiesAfterTheRouteAreValid() throws Exception {
		fixture.none(ROUTED + """
				    retry 5 times backoff exponential from 2s to 5min
				    timeout 30s
				    rate 10 per 1s
				    dead-letter
				}
				""");
	}

	@Test
	void aWiretapBeforeTheRouteIsValid() throws Exception {
		fixture.none(ROUTED.replace("    route {", "    wiretap Erp.journals via InvoiceToJournal\n    route {")
				+ "    dead-letter\n}\n");
	}
}
