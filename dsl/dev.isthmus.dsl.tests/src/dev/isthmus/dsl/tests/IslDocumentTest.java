package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslEdit;
import dev.isthmus.dsl.ide.editor.IslHighlight;
import dev.isthmus.dsl.ide.editor.IslLocation;
import dev.isthmus.dsl.ide.editor.IslProblem;
import dev.isthmus.dsl.ide.editor.IslProposal;
import dev.isthmus.dsl.ide.editor.IslQuickFix;
import dev.isthmus.dsl.ide.editor.IslSymbol;

/** What the Studio's editor is told about an open file: the language's IDE services over a real project folder. */
class IslDocumentTest {

	private static final String MODELS = """
			package shop

			/** An order as the shop sees it. */
			model Order {
			    key id   : String
			    total    : Decimal
			    customer : String
			    status   : Status = OPEN
			}

			enum Status { OPEN PAID }

			system Shop kind saas {
			    record ShopOrder json {
			        id     : string
			        key    : string
			        amount : decimal
			        buyer  : { name : string }
			    }
			    endpoint orders webhook "/orders" receives ShopOrder
			}
			""";

	private static final String MAPPING = """
			package shop

			mapping ShopOrderToOrder : Shop.ShopOrder -> Order {
			    id       <- id
			    total    <- amount
			    customer <- buyer.name
			}
			""";

	@TempDir
	Path project;

	private Path mappingFile;

	@BeforeEach
	void writeProject() throws Exception {
		Files.writeString(project.resolve("models.isl"), MODELS);
		mappingFile = project.resolve("mappings.isl");
		Files.writeString(mappingFile, MAPPING);
	}

	@Test
	void aValidFileHasNoProblemsAndLinksAcrossFiles() {
		IslDocument document = IslDocument.open(mappingFile, project, MAPPING);
		assertEquals(List.of(), errors(document));
	}

	@Test
	void aMisspeltFieldIsAProblemWithADidYouMeanFix() {
		String broken = MAPPING.replace("buyer.name", "buyer.nme");
		IslDocument document = IslDocument.open(mappingFile, project, broken);

		List<IslProblem> problems = errors(document);
		assertEquals(1, problems.size(), problems.toString());
		IslProblem problem = problems.get(0);
		assertEquals(IslProblem.Severity.ERROR, problem.severity());
		assertEquals(6, problem.line());
		assertTrue(problem.message().contains("did you mean 'name'"), problem.message());

		List<IslQuickFix> fixes = document.quickFixes(problem);
		assertEquals("Change to 'name'", fixes.get(0).label());
		String fixed = apply(broken, fixes.get(0).edits());
		assertEquals(MAPPING, fixed);
		document.update(fixed);
		assertEquals(List.of(), errors(document));
	}

	@Test
	void anUnmappedRequiredFieldGetsARuleStub() {
		String missing = MAPPING.replace("    customer <- buyer.name\n", "");
		IslDocument document = IslDocument.open(mappingFile, project, missing);
		IslProblem problem = errors(document).stream()
				.filter(p -> p.message().contains("required field 'customer'")).findFirst().orElseThrow();

		IslQuickFix fix = document.quickFixes(problem).get(0);
		assertEquals("Add rule 'customer <- null'", fix.label());
		String stubbed = apply(missing, fix.edits());
		assertTrue(stubbed.contains("    total    <- amount\n    customer <- null\n}"), stubbed);
	}

	@Test
	void contentAssistAfterADotProposesTheFieldsWithTheirTypes() {
		String text = MAPPING.replace("buyer.name", "buyer.");
		int offset = text.indexOf("buyer.") + "buyer.".length();
		IslDocument document = IslDocument.open(mappingFile, project, text);

		List<IslProposal> proposals = document.proposals(offset);
		IslProposal name = proposals.stream().filter(p -> p.label().equals("name")).findFirst().orElseThrow(
				() -> new AssertionError("no 'name' among " + proposals));
		assertEquals(IslProposal.Kind.FIELD, name.kind());
		assertEquals("String", name.detail());
		assertEquals(offset, name.replaceOffset());
	}

	@Test
	void theHeadlessLanguageLoadedAfterTheEditorsChangesNothing() {
		IslDocument.open(mappingFile, project, MAPPING).problems(CancelIndicator.NullImpl);
		// The Studio's builder and importer use the headless language (its own injector) beside the editor's.
		dev.isthmus.dsl.project.StandaloneLanguage.injector();
		String text = MAPPING.replace("buyer.name", "buyer.");
		IslDocument document = IslDocument.open(mappingFile, project, text);
		assertEquals(List.of("name"), document.proposals(text.indexOf("buyer.") + 6).stream().map(IslProposal::label).toList());
		assertEquals(List.of(), errors(IslDocument.open(mappingFile, project, MAPPING)));
	}

	@Test
	void contentAssistProposesSourceFieldsFunctionsAndRuleTargets() {
		String text = MAPPING.replace("<- amount", "<- am");
		int offset = text.indexOf("<- am") + "<- am".length();
		IslDocument document = IslDocument.open(mappingFile, project, text);

		List<IslProposal> proposals = document.proposals(offset);
		assertTrue(proposals.stream().anyMatch(p -> p.label().equals("amount") && p.replaceOffset() == offset - 2),
				proposals.toString());

		String upper = MAPPING.replace("<- buyer.name", "<- up");
		document.update(upper);
		int at = upper.indexOf("<- up") + "<- up".length();
		IslProposal function = document.proposals(at).stream().filter(p -> p.label().equals("upper")).findFirst()
				.orElseThrow();
		assertEquals(IslProposal.Kind.FUNCTION, function.kind());
		assertTrue(function.detail().startsWith("upper("), function.detail());
		assertTrue(!function.documentation().isBlank());

		String newRule = MAPPING.replace("    customer <- buyer.name\n", "    \n");
		document.update(newRule);
		int ruleAt = newRule.indexOf("amount\n    ") + "amount\n    ".length();
		List<String> targets = document.proposals(ruleAt).stream().filter(p -> p.kind() == IslProposal.Kind.FIELD)
				.map(IslProposal::label).toList();
		assertEquals(List.of("customer", "status"), targets, "only the target fields no rule sets yet (a defaulted one may be overridden)");
	}

	@Test
	void contentAssistProposesEnumLiteralsWhereAValueIsExpected() {
		String text = MAPPING.replace("    customer <- buyer.name\n", "    customer <- buyer.name\n    status   <- PA\n");
		IslDocument document = IslDocument.open(mappingFile, project, text);
		IslProposal paid = document.proposals(text.indexOf("<- PA") + 5).stream().filter(p -> p.label().equals("PAID"))
				.findFirst().orElseThrow();
		assertEquals(IslProposal.Kind.VALUE, paid.kind());
		assertEquals("Status", paid.detail());
	}

	@Test
	void contentAssistAtTheTopLevelOffersKeywordsAndTemplates() {
		String text = MAPPING + "\nma";
		IslDocument document = IslDocument.open(mappingFile, project, text);
		List<IslProposal> proposals = document.proposals(text.length());
		IslProposal template = proposals.stream().filter(p -> p.kind() == IslProposal.Kind.TEMPLATE).findFirst()
				.orElseThrow(() -> new AssertionError("no template among " + proposals));
		assertTrue(template.text().startsWith("mapping Name : Source -> Target {"), template.text());
		assertEquals("mapping ".length(), template.cursor());
		assertTrue(proposals.stream().anyMatch(p -> p.kind() == IslProposal.Kind.KEYWORD && p.text().equals("mapping")));
	}

	@Test
	void hoverShowsTypesSignaturesAndDocs() {
		String text = MAPPING.replace("<- buyer.name", "<- upper(buyer.name)");
		IslDocument document = IslDocument.open(mappingFile, project, text);

		String function = document.hover(text.indexOf("upper") + 1);
		assertTrue(function.startsWith("upper(text: String): String\n\nThe text in upper case"), function);
		String field = document.hover(text.indexOf("name)") + 1);
		assertTrue(field.startsWith("name: String"), field);
		String model = document.hover(text.indexOf("Order {") + 1);
		assertTrue(model.contains("model Order") && model.contains("An order as the shop sees it."), model);
	}

	@Test
	void goToDefinitionAndFindReferencesCrossFiles() {
		IslDocument document = IslDocument.open(mappingFile, project, MAPPING);

		IslLocation model = document.definition(MAPPING.indexOf("Order {") + 2);
		assertEquals(project.resolve("models.isl").toAbsolutePath().normalize(), model.file());
		assertEquals(4, model.line());
		assertEquals("Order", MODELS.substring(model.offset(), model.offset() + model.length()));

		IslLocation field = document.definition(MAPPING.indexOf("buyer.name") + 7);
		assertEquals(18, field.line(), field.toString());

		List<IslLocation> references = document.references(MAPPING.indexOf("Order {") + 2);
		assertEquals(1, references.size(), references.toString());
		assertEquals(mappingFile.toAbsolutePath().normalize(), references.get(0).file());
		assertEquals(3, references.get(0).line());
	}

	@Test
	void findReferencesOfAFieldListsItsUsesInExpressionsAndRuleTargets() {
		IslDocument models = IslDocument.open(project.resolve("models.isl"), project, MODELS);
		Path mapping = mappingFile.toAbsolutePath().normalize();

		List<IslLocation> amount = models.references(MODELS.indexOf("amount :") + 1);
		assertEquals(1, amount.size(), amount.toString());
		assertEquals(mapping, amount.get(0).file());
		assertEquals("amount", MAPPING.substring(amount.get(0).offset(), amount.get(0).offset() + amount.get(0).length()));

		List<IslLocation> total = models.references(MODELS.indexOf("total    :") + 1);
		assertEquals(1, total.size(), total.toString());
		assertEquals(MAPPING.indexOf("total    <-"), total.get(0).offset(), "the rule that sets the field");

		IslDocument document = IslDocument.open(mappingFile, project, MAPPING);
		List<IslLocation> name = document.references(MAPPING.indexOf("buyer.name") + 7);
		assertEquals(List.of(MAPPING.indexOf("name\n")), name.stream().map(IslLocation::offset).toList(), "from a use, its uses");
	}

	@Test
	void outlineListsDeclarationsWithTheirParts() throws Exception {
		IslDocument document = IslDocument.open(project.resolve("models.isl"), project, MODELS);
		List<IslSymbol> symbols = document.symbols();
		assertEquals(List.of("Order", "Status", "Shop"), symbols.stream().map(IslSymbol::name).toList());
		assertEquals(List.of("id", "total", "customer", "status"), symbols.get(0).children().stream().map(IslSymbol::name).toList());
		assertEquals("model", symbols.get(0).kind());
		IslSymbol record = symbols.get(2).children().get(0);
		assertEquals("ShopOrder", record.name());
		assertEquals(14, record.line());
	}

	@Test
	void formatGivesOneEditAndLeavesBrokenFilesAlone() {
		String messy = MAPPING.replace("Order {\n    id", "Order {  id");
		IslDocument document = IslDocument.open(mappingFile, project, messy);
		IslEdit edit = document.format();
		assertNotNull(edit);
		assertEquals(MAPPING, apply(messy, List.of(edit)));

		document.update(MAPPING);
		assertNull(document.format(), "a formatted file needs no edit");
		document.update(MAPPING.replace("<- id", "<- "));
		assertNull(document.format(), "a file with syntax errors is left as written");
	}

	@Test
	void namesAreHighlightedByMeaningNotBySpelling() {
		IslDocument document = IslDocument.open(project.resolve("models.isl"), project, MODELS);
		List<IslHighlight> highlights = document.highlights();
		int keyField = MODELS.indexOf("key    : string");
		assertTrue(highlights.contains(new IslHighlight(keyField, 3, IslHighlight.Style.DECLARATION)), highlights.toString());
		int keyKeyword = MODELS.indexOf("key id");
		assertTrue(highlights.stream().noneMatch(h -> h.offset() == keyKeyword), "the keyword 'key' is no declaration");
		int type = MODELS.indexOf("String");
		assertTrue(highlights.contains(new IslHighlight(type, 6, IslHighlight.Style.TYPE)));
		int record = MODELS.indexOf("ShopOrder\n");
		assertTrue(highlights.contains(new IslHighlight(record, 9, IslHighlight.Style.REFERENCE)), highlights.toString());
	}

	@Test
	void editsOfOtherFilesOnDiskAreSeenOnTheNextUpdate() throws Exception {
		IslDocument document = IslDocument.open(mappingFile, project, MAPPING);
		assertEquals(List.of(), errors(document));
		Files.writeString(project.resolve("models.isl"), MODELS.replace("customer : String", "client : String"));
		Files.setLastModifiedTime(project.resolve("models.isl"),
				java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

		document.update(MAPPING);
		List<IslProblem> problems = errors(document);
		assertTrue(problems.stream().anyMatch(p -> p.message().contains("'customer'")), problems.toString());
	}

	/** Errors and warnings: the notes (e.g. a source field no rule reads) are not what these tests are about. */
	private static List<IslProblem> errors(IslDocument document) {
		return document.problems(CancelIndicator.NullImpl).stream().filter(p -> p.severity() != IslProblem.Severity.INFO)
				.toList();
	}

	private static String apply(String text, List<IslEdit> edits) {
		StringBuilder result = new StringBuilder(text);
		edits.stream().sorted((a, b) -> b.offset() - a.offset())
				.forEach(e -> result.replace(e.offset(), e.offset() + e.length(), e.text()));
		return result.toString();
	}
}
