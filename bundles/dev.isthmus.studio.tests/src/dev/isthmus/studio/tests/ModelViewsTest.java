package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertySheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.editor.IslEditor;
import dev.isthmus.studio.internal.views.FlowView;
import dev.isthmus.studio.internal.views.MappingPreviewRun.PreviewRecord;
import dev.isthmus.studio.internal.views.MappingPreviewRun.Result;
import dev.isthmus.studio.internal.views.MappingPreviewView;
import dev.isthmus.studio.internal.views.MappingRow;
import dev.isthmus.studio.internal.views.MappingView;

/**
 * The model views as a user meets them, on a small shop project (fixtures in {@code resources/model-views}): the
 * Mapping view follows the caret and each parse, shows fields, rules, types and statuses and jumps to a rule; the
 * Flow view shows a flow's source, steps, branches, targets and policies; rows show their properties; the Mapping
 * preview runs a mapping with the engine on a sample, with per-record errors, again on save.
 */
class ModelViewsTest {

	private static final String[] FIXTURES = { "models.isl", "systems.isl", "mappings.isl", "flows.isl",
			"samples/orders.ndjson", "samples/orders.csv", "samples/broken.json" };
	/** Parsing, type checking and a first engine run in a cold Studio take seconds; this only bounds a hang. */
	private static final long WAIT = 60_000;

	private IWorkbench workbench;
	private IWorkbenchWindow window;
	private IWorkbenchPage page;
	private UiDriver ui;
	private IProject project;

	@BeforeEach
	void createShopProject() throws Exception {
		workbench = PlatformUI.getWorkbench();
		window = workbench.getActiveWorkbenchWindow();
		ui = new UiDriver(Display.getCurrent());
		workbench.showPerspective(StudioIds.PERSPECTIVE, window);
		page = window.getActivePage();
		project = ResourcesPlugin.getWorkspace().getRoot().getProject("model-views");
		project.create(new NullProgressMonitor());
		project.open(new NullProgressMonitor());
		IFolder samples = project.getFolder("samples");
		samples.create(true, true, null);
		for (String fixture : FIXTURES) {
			URL entry = Platform.getBundle("dev.isthmus.studio.tests").getEntry("resources/model-views/" + fixture);
			assertNotNull(entry, "fixture " + fixture + " is not in the test bundle (build.properties bin.includes)");
			try (InputStream in = entry.openStream()) {
				project.getFile(fixture).create(new ByteArrayInputStream(in.readAllBytes()), true, null);
			}
		}
	}

	@AfterEach
	void deleteProject() throws Exception {
		page.closeAllEditors(false);
		if (project.exists()) {
			project.delete(true, true, new NullProgressMonitor());
		}
	}

	@Test
	void mappingViewShowsTargetFieldsFollowsEditsAndJumpsToRules() throws Exception {
		MappingView view = (MappingView) page.showView(StudioIds.MAPPING_VIEW, null, IWorkbenchPage.VIEW_VISIBLE);
		IslEditor editor = open("mappings.isl");
		caret(editor, "total    <- minorToDecimal");
		Tree tree = (Tree) ui.findById(window.getShell(), MappingView.TREE_ID).orElseThrow();
		ui.waitUntil("the Mapping view shows shop.TillToOrder", WAIT,
				() -> view.shown() != null && view.shown().qualifiedName().equals("shop.TillToOrder"));

		assertEquals(List.of("id", "customer", "total", "currency", "status", "placedAt", "note", "lines"),
				texts(tree.getItems(), 0));
		assertEquals(List.of("total", "minorToDecimal(amount, currency)", "Decimal(2)", "mapped"), cells(item(tree, "total")));
		assertEquals(List.of("status", "= OPEN", "Status", "defaulted"), cells(item(tree, "status")));
		assertEquals("defaulted", item(tree, "note").getText(3), "an optional field without a rule");
		TreeItem lines = item(tree, "lines");
		assertEquals(List.of("sku", "quantity"), texts(lines.getItems(), 0), "the each block's rows under lines");
		assertEquals("i.sku", lines.getItems()[0].getText(1));

		// Deleting a rule: after the editor's next parse the field is missing.
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		String rule = "    currency <- upper(currency)\n";
		document.replace(document.get().indexOf(rule), rule.length(), "");
		ui.waitUntil("currency shows as missing after the edit", WAIT,
				() -> view.shown() != null && view.shown().row("currency").status() == MappingRow.Status.MISSING);
		ui.settle(500); // also lets the rows paint before the screenshot
		assertEquals("missing", item(tree, "currency").getText(3));
		assertTrue(label(MappingView.HEADER_ID).contains("1 required field missing"), label(MappingView.HEADER_ID));
		ui.screenshot(window.getShell(), "mapping-view");

		// A double-click on a row selects its rule in the editor; on a missing field, the mapping's name.
		ui.doubleClick(tree, item(tree, "total"));
		ITextSelection selected = selection(editor);
		assertEquals(document.get().indexOf("total    <- minorToDecimal"), selected.getOffset());
		MappingRow totalRow = (MappingRow) item(tree, "total").getData();
		assertEquals("total    <- minorToDecimal(amount, currency)", selected.getText(),
				"selection " + selected.getOffset() + "+" + selected.getLength() + ", row " + totalRow.offset() + "+" + totalRow.length());
		ui.doubleClick(tree, item(tree, "currency"));
		selected = selection(editor);
		assertEquals("TillToOrder", selected.getText());

		// The selected row's properties, as the Properties view gets them.
		TreeItem total = item(tree, "total");
		IPropertySource properties = Adapters.adapt(total.getData(), IPropertySource.class);
		assertNotNull(properties, "a Mapping view row adapts to IPropertySource");
		assertEquals("MappingRule", properties.getPropertyValue("Element.kind"));
		assertEquals("total", properties.getPropertyValue("Element.name"));
		assertEquals("mappings.isl", properties.getPropertyValue("Element.file"));
		assertEquals("6", properties.getPropertyValue("Element.line"));
		assertEquals("Decimal(2)", properties.getPropertyValue("Element.type"));
		PropertySheet sheet = (PropertySheet) page.showView(IPageLayout.ID_PROP_SHEET, null, IWorkbenchPage.VIEW_VISIBLE);
		page.activate(view);
		ui.doubleClick(tree, item(tree, "customer")); // another row first, so that selecting 'total' is a change
		page.activate(view);
		select(tree, item(tree, "total"));
		ui.waitUntil("the Properties view shows the rule's kind", WAIT, () -> {
			org.eclipse.swt.widgets.Control control = sheet.getCurrentPage().getControl();
			Tree sheetTree = control instanceof Tree t ? t
					: control instanceof org.eclipse.swt.widgets.Composite c ? ui.find(c, Tree.class).orElse(null) : null;
			return sheetTree != null && allTexts(sheetTree.getItems()).contains("MappingRule");
		});

		// With the editor active, the Properties view shows the model element under its caret.
		caret(editor, "\"walk-in\"");
		ui.waitUntil("the Properties view shows the string literal under the editor's caret", WAIT, () -> {
			org.eclipse.swt.widgets.Control control = sheet.getCurrentPage().getControl();
			Tree sheetTree = control instanceof Tree t ? t
					: control instanceof org.eclipse.swt.widgets.Composite c ? ui.find(c, Tree.class).orElse(null) : null;
			List<String> texts = sheetTree == null ? List.of() : allTexts(sheetTree.getItems());
			return texts.contains("StringLiteral") && texts.contains("String") && texts.contains("walk-in");
		});
	}

	@Test
	void flowViewShowsSourceStepsBranchesTargetsAndPolicies() throws Exception {
		FlowView view = (FlowView) page.showView(StudioIds.FLOW_VIEW, null, IWorkbenchPage.VIEW_VISIBLE);
		IslEditor editor = open("flows.isl");
		caret(editor, "idempotent on");
		Tree tree = (Tree) ui.findById(window.getShell(), FlowView.TREE_ID).orElseThrow();
		ui.waitUntil("the Flow view shows shop.Orders", WAIT,
				() -> view.shown() != null && view.shown().qualifiedName().equals("shop.Orders"));
		ui.settle(200);

		assertEquals(List.of("from Till.orders", "idempotent key id, ttl 7d", "map TillToOrder", "validate", "route",
				"dead-letter"), texts(tree.getItems(), 0));
		assertEquals(List.of("endpoint Till.orders", "where amount > 0"), texts(item(tree, "from Till.orders").getItems(), 0));
		TreeItem route = item(tree, "route");
		assertEquals(List.of("when total > 1000", "otherwise"), texts(route.getItems(), 0));
		TreeItem review = route.getItems()[0].getItems()[0];
		assertEquals("→ Books.review via OrderToEntry", review.getText());
		assertEquals(List.of("retry 3 times"), texts(review.getItems(), 0));
		assertEquals(List.of("→ Books.entries via OrderToEntry"), texts(route.getItems()[1].getItems(), 0));

		page.bringToTop(view); // another test may have left Outline or Properties on top in the same folder
		ui.settle(100);
		ui.doubleClick(tree, item(tree, "map TillToOrder"));
		assertEquals("map TillToOrder", selection(editor).getText());
		IPropertySource properties = Adapters.adapt(item(tree, "map TillToOrder").getData(), IPropertySource.class);
		assertEquals("MapStep", properties.getPropertyValue("Element.kind"));
	}

	@Test
	void previewRunsTheMappingOnASampleWithTheEngine() throws Exception {
		MappingPreviewView view = (MappingPreviewView) page.showView(StudioIds.MAPPING_PREVIEW_VIEW, null,
				IWorkbenchPage.VIEW_VISIBLE);
		IslEditor editor = open("mappings.isl");
		caret(editor, "customer <- \"walk-in\"");
		ui.waitUntil("the preview follows shop.TillToOrder", WAIT, () -> label(MappingPreviewView.HEADER_ID).equals("mapping shop.TillToOrder"));
		Path samples = project.getFolder("samples").getLocation().toPath();

		view.previewSample(samples.resolve("orders.ndjson"));
		Result result = finished(view, r -> r.records().size() == 4);
		List<PreviewRecord> records = result.records();
		assertEquals("orders.ndjson:1", records.get(0).origin());
		assertNull(records.get(0).error());
		JsonNode first = json(records.get(0).output());
		assertEquals("O-1", first.get("id").asText());
		assertEquals("walk-in", first.get("customer").asText());
		assertEquals(0, new java.math.BigDecimal("12.50").compareTo(first.get("total").decimalValue()), first.toString());
		assertEquals("EUR", first.get("currency").asText());
		assertEquals("A-1", first.at("/lines/0/sku").asText());
		assertEquals(2, first.at("/lines/0/quantity").asInt());
		assertTrue(records.get(1).error() != null && records.get(1).error().contains("shop.Order"),
				"X-2 breaks the id pattern of Order: " + records.get(1).error());
		assertEquals("X-2", json(records.get(1).output()).get("id").asText(), "the mapped record is shown with its error");
		assertEquals("orders.ndjson:3", records.get(2).origin());
		assertTrue(records.get(2).error().contains("not valid JSON"), records.get(2).error());
		assertEquals(0, new java.math.BigDecimal("0.05").compareTo(json(records.get(3).output()).get("total").decimalValue()));
		Table table = (Table) ui.findById(window.getShell(), MappingPreviewView.TABLE_ID).orElseThrow();
		assertEquals(4, table.getItemCount());
		assertTrue(table.getItem(2).getText(2).contains("not valid JSON"), "the error shows in the table");
		table.setSelection(1); // the record with an error: its message and its output on the right
		table.notifyListeners(SWT.Selection, new Event());
		ui.settle(500); // let the table and the text paint before the screen is copied
		ui.screenshot(window.getShell(), "mapping-preview");

		// A save of an .isl file of the project runs the preview again.
		IFile mappings = project.getFile("mappings.isl");
		IsthmusProjects.write(mappings, IsthmusProjects.read(mappings).replace("\"walk-in\"", "\"counter\""));
		finished(view, r -> r.records().size() == 4 && r.records().get(0).output().contains("counter"));

		// A mapping no flow uses: the preview says so and what to do.
		caret(editor, "reference <- concat");
		Result unused = finished(view, r -> r.mapping().equals("shop.OrderToReview") && r.problem() != null);
		assertTrue(unused.problem().contains("used by no flow"), unused.problem());

		// Back to TillToOrder: its sample was remembered.
		caret(editor, "id       <- id");
		finished(view, r -> r.mapping().equals("shop.TillToOrder") && r.records().size() == 4);

		// A CSV sample is read as the runner reads it: a quoted value over two lines is one row.
		view.previewSample(samples.resolve("orders.csv"));
		Result csv = finished(view, r -> r.records().size() == 3 && r.records().get(0).origin().startsWith("orders.csv"));
		assertEquals(List.of("orders.csv:2", "orders.csv:3", "orders.csv:5"), csv.records().stream().map(PreviewRecord::origin).toList());
		String second = String.valueOf(csv.records().get(1).error());
		assertFalse(second.contains("quote") || second.contains("CSV"), "the two-line row is a row: " + second);

		// A sample that is not JSON: one message with file and line, no crash.
		view.previewSample(samples.resolve("broken.json"));
		Result broken = finished(view, r -> r.problem() != null);
		assertTrue(broken.problem().startsWith("broken.json:2:"), broken.problem());
		assertTrue(broken.problem().contains("not valid JSON"), broken.problem());
	}

	private Result finished(MappingPreviewView view, java.util.function.Predicate<Result> done) {
		Result[] last = new Result[1];
		try {
			ui.waitUntil("the preview finishes", WAIT, () -> (last[0] = view.shown()) != null && done.test(last[0]));
		} catch (AssertionError e) {
			throw new AssertionError(e.getMessage() + "; the preview shows " + last[0] + ", status: "
					+ label(MappingPreviewView.STATUS_ID), e);
		}
		return last[0];
	}

	private static ITextSelection selection(IslEditor editor) {
		return (ITextSelection) editor.getSelectionProvider().getSelection();
	}

	private IslEditor open(String path) throws Exception {
		return (IslEditor) IDE.openEditor(page, project.getFile(path), StudioIds.ISL_EDITOR);
	}

	private void caret(IslEditor editor, String at) {
		String text = editor.getDocumentProvider().getDocument(editor.getEditorInput()).get();
		int offset = text.indexOf(at);
		assertTrue(offset >= 0, "'" + at + "' is not in the editor");
		page.activate(editor);
		editor.selectAndReveal(offset, 0);
	}

	private String label(String id) {
		return ((org.eclipse.swt.widgets.Label) ui.findById(window.getShell(), id).orElseThrow()).getText();
	}


	private void select(Tree tree, TreeItem item) {
		tree.setSelection(item);
		Event event = new Event();
		event.item = item;
		tree.notifyListeners(SWT.Selection, event);
		ui.settle(100);
	}

	private static TreeItem item(Tree tree, String text) {
		for (TreeItem item : tree.getItems()) {
			if (item.getText(0).equals(text)) {
				return item;
			}
		}
		throw new AssertionError("no row '" + text + "' in " + texts(tree.getItems(), 0));
	}

	private static List<String> cells(TreeItem item) {
		return List.of(item.getText(0), item.getText(1), item.getText(2), item.getText(3));
	}

	private static List<String> texts(TreeItem[] items, int column) {
		List<String> texts = new ArrayList<>();
		for (TreeItem item : items) {
			texts.add(item.getText(column));
		}
		return texts;
	}

	private static List<String> allTexts(TreeItem[] items) {
		List<String> texts = new ArrayList<>();
		for (TreeItem item : items) {
			texts.add(item.getText(0));
			texts.add(item.getText(1));
			texts.addAll(allTexts(item.getItems()));
		}
		return texts;
	}

	private static JsonNode json(String text) throws Exception {
		return new ObjectMapper().readTree(text);
	}
}
