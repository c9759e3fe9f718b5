package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Inject;
import com.google.inject.Provider;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslHighlight;
import dev.isthmus.dsl.ide.editor.IslProposal;
import dev.isthmus.dsl.isthmus.FunctionCall;
import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.project.IslFormatting;
import dev.isthmus.library.StandardLibrary;

/**
 * Every function of the standard library is called by its plain name. {@code length} is also the constraint
 * {@code length 1..40} and {@code split} the step {@code split lines}, so {@code total <- length(name)} was "no viable
 * alternative at input 'length'" and only {@code ^length(name)} parsed, although the library's reference lists
 * {@code length(text)}.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class LibraryFunctionNamesTest {

	@Inject
	private ParseHelper<IslFile> parser;

	@Inject
	private ValidationFixture fixture;

	@Inject
	private IslFormatting formatting;

	@Inject
	private Provider<ResourceSet> resourceSets;

	@TempDir
	Path project;

	@Test
	void everyLibraryFunctionIsCalledByItsPlainName() throws Exception {
		List<String> failed = new ArrayList<>();
		for (String name : StandardLibrary.names()) {
			IslFile file = parser.parse("package acme\nmapping M : A -> B {\n    x <- " + name + "(a)\n    y <- a\n}\n");
			List<FunctionCall> calls = EcoreUtil2.getAllContentsOfType(file, FunctionCall.class);
			if (!file.eResource().getErrors().isEmpty() || calls.size() != 1 || !name.equals(calls.get(0).getFunction())) {
				failed.add(name + ": " + file.eResource().getErrors());
			}
		}
		assertEquals(List.of(), failed);
	}

	@Test
	void everyLibraryFunctionIsCalledByItsPlainNameInAFlow() throws Exception {
		List<String> failed = new ArrayList<>();
		for (String name : StandardLibrary.names()) {
			IslFile file = parser.parse("package acme\nflow F {\n    from S.e where " + name + "(a)\n    split " + name
					+ "(a)\n    correlate by a\n    split a\n}\n");
			if (!file.eResource().getErrors().isEmpty() || EcoreUtil2.getAllContentsOfType(file, FunctionCall.class).size() != 2) {
				failed.add(name + ": " + file.eResource().getErrors());
			}
		}
		assertEquals(List.of(), failed);
	}

	@Test
	void lengthAndSplitCallsTypeCheckNextToTheLengthConstraint() throws Exception {
		fixture.none("""
				package acme
				model Short { key name : String length 1..40  size : Long  parts : String[] }
				mapping M : Billing.BillInvoice -> Short {
				    name <- substring(id, 0, 40)
				    size <- length(id)
				    parts <- split(id, "-")
				}
				""");
	}

	@Test
	void theEscapedNameStillCallsTheFunction() throws Exception {
		IslFile file = parser.parse("package acme\nmapping M : A -> B {\n    x <- ^length(a)\n}\n");
		assertEquals(List.of(), file.eResource().getErrors());
		assertEquals("length", EcoreUtil2.getAllContentsOfType(file, FunctionCall.class).get(0).getFunction());
	}

	@Test
	void theFormatterKeepsThePlainName() throws Exception {
		String formatted = formatting.format((XtextResource) parser.parse(
				"package acme\n\nmapping M : A -> B {\n    x <- length( a )\n    y <- split(a, \",\")\n}\n", resourceSets.get())
				.eResource());
		assertTrue(formatted.contains("x <- length(a)") && formatted.contains("y <- split(a, \",\")"), formatted);
	}

	@Test
	void theEditorHighlightsAndProposesLength() throws Exception {
		String models = "package shop\nsystem Shop kind saas {\n    record In json { name : string }\n"
				+ "    record Out json { size : integer }\n}\n";
		String mapping = "package shop\n\nmapping M : Shop.In -> Shop.Out {\n    size <- length(name)\n}\n";
		Files.writeString(project.resolve("models.isl"), models);
		Path file = project.resolve("mapping.isl");
		Files.writeString(file, mapping);
		IslDocument document = IslDocument.open(file, project, mapping);
		List<IslHighlight> highlights = document.highlights();
		assertTrue(highlights.contains(new IslHighlight(mapping.indexOf("length"), 6, IslHighlight.Style.FUNCTION)),
				highlights.toString());

		String typing = mapping.replace("length(name)", "len");
		document.update(typing);
		List<IslProposal> proposals = document.proposals(typing.indexOf("<- len") + 6);
		List<String> functions = proposals.stream().filter(p -> p.kind() == IslProposal.Kind.FUNCTION).map(IslProposal::label).toList();
		assertTrue(functions.contains("length"), functions.toString());
		assertTrue(proposals.stream().noneMatch(p -> p.kind() == IslProposal.Kind.KEYWORD && p.label().equals("length")),
				"length is proposed once, as the function: " + proposals);
	}
}
