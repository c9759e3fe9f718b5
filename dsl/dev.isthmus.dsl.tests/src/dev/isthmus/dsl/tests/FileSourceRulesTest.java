package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

import dev.isthmus.dsl.isthmus.IslFile;

/**
 * A file is consumed by one flow: the runner refuses two flows reading one file endpoint ("reads the same
 * directory"), and two endpoints on one directory would have two flows race for the same files. Validate said
 * nothing of either.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class FileSourceRulesTest {

	private static final String SHOP = """
			package acme
			system Shop kind shop {
			    record Usage json { id : string }
			    endpoint usage file "inbox/usage" receives Usage
			    endpoint usageAgain file "./inbox/x/../usage/" receives Usage
			    endpoint orders file "inbox/usage" pattern "orders-*.json" receives Usage
			    endpoint refunds file "inbox/usage" pattern "refunds-*.json" receives Usage
			    endpoint other file "inbox/other" receives Usage
			    endpoint out file "out" pattern "u-*.json" sends Usage
			}
			""";

	@Inject
	private ParseHelper<IslFile> parser;

	@Inject
	private ValidationTestHelper validation;

	@Inject
	private Provider<ResourceSet> resourceSets;

	/** The issues of each file, as "line: message", errors and warnings only. */
	private List<List<String>> issues(String... sources) throws Exception {
		ResourceSet project = resourceSets.get();
		parser.parse(SHOP, project);
		List<IslFile> files = new java.util.ArrayList<>();
		for (int i = 0; i < sources.length; i++) {
			files.add(parser.parse(sources[i], org.eclipse.emf.common.util.URI.createURI("flows" + i + ".isl"), project));
		}
		return files.stream().map(f -> validation.validate(f).stream().filter(i -> i.getSeverity() != Severity.INFO)
				.map(i -> i.getLineNumber() + ": " + i.getMessage())
				.toList()).toList();
	}

	private static String flows(String first, String second) {
		return "package acme\nflow A {\n    from " + first + "\n    to Shop.out\n}\nflow B {\n    from " + second
				+ "\n    to Shop.out\n}\n";
	}

	@Test
	void twoFlowsFromOneEndpoint() throws Exception {
		List<String> issues = issues(flows("Shop.usage", "Shop.usage")).get(0);
		assertEquals(List.of("7: flow A (flows0.isl:3) reads \"inbox/usage\" too, and a file is consumed by one flow only:"
				+ " read it in one flow and route its records there (route { when … -> … }), or give each flow a directory of"
				+ " its own"), issues);
	}

	@Test
	void twoEndpointsOnOneDirectory() throws Exception {
		// The runner resolves a directory against --root and normalizes it: ./inbox/x/../usage/ is inbox/usage.
		assertEquals(1, issues(flows("Shop.usage", "Shop.usageAgain")).get(0).size());
		assertEquals(1, issues(flows("Shop.orders", "Shop.usage")).get(0).size(), "no pattern takes every file, orders too");
		assertEquals(List.of(), issues(flows("Shop.orders", "Shop.refunds")).get(0), "patterns no file matches both");
		assertEquals(List.of(), issues(flows("Shop.usage", "Shop.other")).get(0));
	}

	@Test
	void flowsInTwoFiles() throws Exception {
		String a = "package acme\nflow A {\n    from Shop.usage\n    to Shop.out\n}\n";
		String b = "package acme\n\nflow B {\n    from Shop.usageAgain\n    to Shop.out\n}\n";
		List<List<String>> issues = issues(a, b);
		assertEquals(List.of(), issues.get(0), "the first flow is where the directory is read");
		assertEquals(List.of("4: flow A (flows0.isl:3) reads \"inbox/usage\" too, and a file is consumed by one flow only:"
				+ " read it in one flow and route its records there (route { when … -> … }), or give each flow a directory of"
				+ " its own"), issues.get(1));
	}
}
