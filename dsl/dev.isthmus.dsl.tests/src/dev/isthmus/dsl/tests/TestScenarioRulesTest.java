package dev.isthmus.dsl.tests;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.TestScenarioValidator;

/** Rules of tests and scenarios: a failing input with message and line, and its fix. */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class TestScenarioRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static final String FLOW = """
			package acme
			flow F {
			    from Billing.events
			    map BillToInvoice
			    to Erp.journals via InvoiceToJournal
			}
			""";

	@Test
	void routedToMustBeATargetOfTheFlow() throws Exception {
		fixture.single(FLOW + "test \"t\" for F {\n  given Billing.events { \"id\": \"x\" }\n  expect routed to Erp.feed\n}\n",
				TestScenarioValidator.NOT_IN_FLOW, 9, "F never delivers to Erp.feed; its targets are Erp.journals");
		fixture.none(FLOW + "test \"t\" for F {\n  given Billing.events { \"id\": \"x\" }\n  expect routed to Erp.journals\n}\n");
	}

	@Test
	void givenEndpointIsTheFlowsSource() throws Exception {
		fixture.single(FLOW + "test \"t\" for F {\n  given Erp.feed { \"id\": \"x\" }\n}\n", TestScenarioValidator.NOT_IN_FLOW,
				8, "F reads from Billing.events, not from Erp.feed (a given names the flow's source, whose records it feeds, or an endpoint the flow"
						+ " calls, whose answer it is)");
	}

	@Test
	void aMappingTestsGivenGivesItsSourceRecords() throws Exception {
		fixture.single("package acme\ntest \"t\" for BillToInvoice {\n  given Erp.feed { \"externalId\": \"x\", \"total\": 1 }\n}\n",
				TestScenarioValidator.NOT_IN_FLOW, 3, "BillToInvoice reads BillInvoice records, and Erp.feed gives Journal records; name an"
						+ " endpoint of BillInvoice, or none");
		fixture.none("package acme\ntest \"t\" for BillToInvoice {\n  given Billing.events { \"id\": \"x\" }\n}\n");
	}

	@Test
	void sampleFilesMustExist(@org.junit.jupiter.api.io.TempDir java.nio.file.Path project) throws Exception {
		java.nio.file.Path tests = java.nio.file.Files.createDirectories(project.resolve("tests"));
		java.nio.file.Files.createDirectories(project.resolve("samples"));
		java.nio.file.Files.writeString(project.resolve("samples/ok.json"), "{}");
		String test = FLOW + "test \"t\" for F {\n  given Billing.events from \"samples/FILE\"\n}\n";
		fixture.singleAt(tests.resolve("t.isl"), test.replace("FILE", "missing.json"), TestScenarioValidator.MISSING_FILE,
				8, "the sample samples/missing.json does not exist in the project folder or above this file");
		fixture.singleAt(tests.resolve("t.isl"), test.replace("FILE", "ok.json"), null, 0, null);
	}

	@Test
	void expectationsAreConditions() throws Exception {
		fixture.single(FLOW + "test \"t\" for F {\n  given Billing.events { \"id\": \"x\" }\n  expect Invoice.total\n}\n",
				TestScenarioValidator.BAD_SCENARIO, 9, "an expectation is a condition such as Invoice.total == 12.50");
		fixture.none(FLOW + "test \"t\" for F {\n  given Billing.events { \"id\": \"x\" }\n  expect Invoice.total == 12.50\n}\n");
	}

	@Test
	void scenariosFeedSourcesAndShapeTargets() throws Exception {
		String scenario = FLOW + """
				scenario S for F {
				    duration 2h
				    arrivals ARRIVE poisson 100 per 1h, peak 500 per 1h from 1h to 2h
				    endpoint Erp.journals latency lognormal median 300ms p99 2s, failures 3%, outage from 30min to 45min
				}
				""";
		fixture.single(scenario.replace("ARRIVE", "Erp.feed"), TestScenarioValidator.NOT_IN_FLOW, 9,
				"records arrive at the flows' sources; Erp.feed is not one of them");
		fixture.single(scenario.replace("ARRIVE", "Billing.events").replace("from 1h to 2h", "from 1h to 3h"),
				TestScenarioValidator.BAD_SCENARIO, 9, "the peak ends at 3h, after the scenario (2h)");
		fixture.single(scenario.replace("ARRIVE", "Billing.events").replace("median 300ms p99 2s", "median 3s p99 2s"),
				TestScenarioValidator.BAD_SCENARIO, 10, "the median latency cannot exceed the p99 latency");
		fixture.single(scenario.replace("ARRIVE", "Billing.events").replace("failures 3%", "failures 300%"),
				TestScenarioValidator.BAD_SCENARIO, 10, "a share cannot exceed 100%");
		fixture.none(scenario.replace("ARRIVE", "Billing.events"));
	}
}
