package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.isthmus.Scenario;
import dev.isthmus.dsl.isthmus.ExternalSystem;
import dev.isthmus.dsl.isthmus.TestCase;
import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;

/**
 * The reference example, loaded as the command line loads a project: every construct of the language in use,
 * every cross-file reference resolved, no problem reported.
 */
class RevenueOpsExampleTest {

	/** The tests run in the bundle's folder; the example is at the top of the repository. */
	private static final Path EXAMPLE = Path.of("../../examples/revenue-ops");

	private static IslProject project;

	@BeforeAll
	static void load() throws Exception {
		project = IslProject.load(EXAMPLE);
	}

	@Test
	void hasNoErrorsAndNoWarnings() {
		List<ProjectDiagnostic> problems = project.validate().stream()
				.filter(d -> d.severity() != ProjectDiagnostic.Severity.INFO).toList();
		assertEquals(List.of(), problems.stream().map(ProjectDiagnostic::format).collect(Collectors.toList()));
	}

	@Test
	void coversTheReferenceScenario() {
		List<EObject> all = project.resources().stream().flatMap(r -> contents(r).stream()).toList();

		List<String> models = names(all, DataModel.class);
		for (String model : List.of("Customer", "Subscription", "UsageRecord", "Invoice", "InvoiceLine", "CreditMemo",
				"Payment", "SupportCase", "Entitlement", "JournalEntry")) {
			assertTrue(models.contains(model), () -> model + " missing from " + models);
		}
		assertTrue(names(all, ExternalSystem.class).containsAll(List.of("Stripe", "NetSuite", "Salesforce", "Zendesk", "Product")));
		assertTrue(count(all, Mapping.class) >= 10, "at least 10 mappings");
		assertTrue(count(all, Flow.class) >= 6, "at least 6 flows");
		assertTrue(count(all, TestCase.class) >= 15, "at least 15 tests");
		assertTrue(count(all, Scenario.class) >= 2, "at least 2 scenarios");
	}

	private static List<EObject> contents(Resource resource) {
		List<EObject> all = new java.util.ArrayList<>();
		resource.getAllContents().forEachRemaining(all::add);
		return all;
	}

	private static long count(List<EObject> all, Class<?> type) {
		return all.stream().filter(type::isInstance).count();
	}

	private static List<String> names(List<EObject> all, Class<? extends EObject> type) {
		return all.stream().filter(type::isInstance)
				.map(e -> (String) e.eGet(e.eClass().getEStructuralFeature("name"))).toList();
	}
}
