package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
			    endpoint loopIn file "loop" pattern "*.ndjson" receives Usage
			    endpoint loopOut file "./loop" pattern "o-*.ndjson" sends Usage
			    endpoint loopApart file "loop" pattern "o-*.csv" sends Usage
			    endpoint usageOut file "inbox/usage" sends Usage
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

	/** Review 20: a flow writing into the directory it reads looped without end in the runner, and validate said nothing. */
	@Test
	void aFlowThatWouldReadItsOwnOutput() throws Exception {
		assertEquals(List.of("4: flow L reads \"loop\" (pattern \"*.ndjson\") and this target writes files there that the pattern"
				+ " matches (\"o-*.ndjson\"): the flow would read its own output again and again; write into another directory, or"
				+ " give the source and the target patterns no file matches both (e.g. \"in-*.ndjson\" and \"out-*.ndjson\")"),
				issues("package acme\nflow L {\n    from Shop.loopIn\n    to Shop.loopOut\n}\n").get(0));
		assertEquals(1, issues("package acme\nflow L {\n    from Shop.loopIn\n    wiretap Shop.loopOut\n    to Shop.out\n}\n").get(0)
				.size(), "a wiretap writes too");
		assertEquals(List.of("4: flow L reads \"inbox/usage\" (pattern \"*\") and this target writes files there that the pattern"
				+ " matches (\"usageOut-*.json\"): the flow would read its own output again and again; write into another directory,"
				+ " or give the source and the target patterns no file matches both (e.g. \"in-*.ndjson\" and \"out-*.ndjson\")"),
				issues("package acme\nflow L {\n    from Shop.usage\n    to Shop.usageOut\n}\n").get(0), "the runner's own names");
		assertEquals(List.of(), issues("package acme\nflow L {\n    from Shop.loopIn\n    to Shop.loopApart\n}\n").get(0),
				"patterns no file matches both");
		assertEquals(List.of(), issues("package acme\nflow A {\n    from Shop.other\n    to Shop.loopOut\n}\n"
				+ "flow B {\n    from Shop.loopIn\n    to Shop.out\n}\n").get(0), "a chain through a directory");
	}

	/**
	 * Review 30: a flow's dead letters written where it reads were read back, failed again and made a new letter every
	 * two seconds, without end. (Usage is no dead letter's shape either: that is another error, at the same policy.)
	 */
	@Test
	void aFlowThatWouldReadItsOwnDeadLetters() throws Exception {
		List<String> issues = issues("package acme\nflow L {\n    from Shop.loopIn\n    to Shop.out\n    dead-letter into Shop.loopOut\n}\n").get(0);
		assertTrue(issues.contains("5: flow L reads \"loop\" (pattern \"*.ndjson\") and its dead letters are written there in files the"
				+ " pattern matches (\"o-*.ndjson\"): the flow would read its own output again and again; write into another directory, or"
				+ " give the source and the target patterns no file matches both (e.g. \"in-*.ndjson\" and \"out-*.ndjson\")"), issues.toString());
		assertTrue(issues("package acme\nflow L {\n    from Shop.loopIn\n    to Shop.out\n    dead-letter into Shop.loopApart\n}\n").get(0)
				.stream().noneMatch(i -> i.contains("again and again")), "patterns no file matches both");
	}

	/** Review 31: two flows each sending their dead letters where the other reads passed them back and forth without end. */
	@Test
	void flowsWhoseDeadLettersGoRound() throws Exception {
		String round = "package acme\nflow A {\n    from Shop.usage\n    to Shop.out\n    dead-letter into Shop.loopOut\n}\n"
				+ "flow B {\n    from Shop.loopIn\n    to Shop.out\n    dead-letter into Shop.usageOut\n}\n";
		List<String> issues = issues(round).get(0);
		assertTrue(issues.contains("5: the flow's dead letters go round: A -> B -> A, each flow's dead letters written where the next reads, so a"
				+ " letter no flow can take comes back without end; send one of them into a directory no flow reads"), issues.toString());
		assertTrue(issues.stream().anyMatch(i -> i.startsWith("10: the flow's dead letters go round: B -> A -> B")), issues.toString());
		assertTrue(issues(round.replace("dead-letter into Shop.usageOut", "dead-letter")).get(0).stream().noneMatch(i -> i.contains("go round")),
				"a chain that ends is no round");
	}

	/** Review 20: the runner matches names in the directory, so a source pattern with a folder matched nothing. */
	@Test
	void aSourcePatternIsNotAPath() throws Exception {
		ResourceSet project = resourceSets.get();
		IslFile file = parser.parse("""
				package acme
				system Feed kind feed {
				    record Usage json { id : string }
				    endpoint nested file "inbox" pattern "sub/*.ndjson" receives Usage
				    endpoint deep file "inbox/x" pattern "**/*.ndjson" receives Usage
				    endpoint plain file "inbox/y" pattern "*.ndjson" receives Usage
				}
				""", project);
		assertEquals(List.of("4: a pattern names the files in the endpoint's directory, not a path (no subfolder is read, so it"
				+ " matches nothing): put the folder in the directory, e.g. file \"inbox/…\" pattern \"*.ndjson\"",
				"5: a pattern names the files in the endpoint's directory, not a path (no subfolder is read, so it"
				+ " matches nothing): put the folder in the directory, e.g. file \"inbox/x/…\" pattern \"*.ndjson\""),
				validation.validate(file).stream().filter(i -> i.getSeverity() != Severity.INFO)
						.map(i -> i.getLineNumber() + ": " + i.getMessage()).toList());
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
