package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * The {@code .isl} editor as a user meets it: colours, a problem appearing while typing and going away with the
 * fix, content assist accepted from its popup, a quick fix, format, go to definition, the outline and toggle comment.
 */
class IslEditorTest {

	private static final String MODELS = """
			package shop

			/** An order as the shop sees it. */
			model Order {
			    key id   : String
			    total    : Decimal
			    customer : String
			}

			system Shop kind saas {
			    record ShopOrder json {
			        id     : string
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

	private static final long PARSE_WAIT_MS = 20_000;

	private IWorkbenchWindow window;
	private UiDriver ui;
	private IProject project;

	@BeforeEach
	void createProject() throws Exception {
		window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		ui = new UiDriver(Display.getCurrent());
		PlatformUI.getWorkbench().showPerspective(StudioIds.PERSPECTIVE, window);
		project = ResourcesPlugin.getWorkspace().getRoot().getProject("editor-shop");
		project.create(new NullProgressMonitor());
		project.open(new NullProgressMonitor());
		write("models.isl", MODELS);
		write("mappings.isl", MAPPING);
	}

	@AfterEach
	void deleteProject() throws Exception {
		// A popup left open by a failed test would take the next test's keyboard and pointer.
		for (Shell shell : Display.getCurrent().getShells()) {
			if (shell != window.getShell() && shell.isVisible() && shell.getParent() != null) {
				shell.close();
			}
		}
		window.getActivePage().closeAllEditors(false);
		project.delete(true, true, new NullProgressMonitor());
	}

	@Test
	void colouredByMeaningAndAProblemComesAndGoesWhileTyping() throws Exception {
		IslEditor editor = open("mappings.isl");
		StyledText text = text(editor);
		int declaration = MAPPING.indexOf("ShopOrderToOrder");
		ui.waitUntil("the parse colours the mapping's name as a declaration", PARSE_WAIT_MS,
				() -> isBold(text.getStyleRangeAtOffset(declaration)));
		int keyword = MAPPING.indexOf("mapping");
		assertTrue(isBold(text.getStyleRangeAtOffset(keyword)), "keywords are bold");
		int reference = MAPPING.indexOf("Order {");
		StyleRange referenceStyle = text.getStyleRangeAtOffset(reference);
		StyleRange declarationStyle = text.getStyleRangeAtOffset(declaration);
		assertTrue(!referenceStyle.foreground.equals(declarationStyle.foreground), "a reference is coloured apart");
		assertEquals(List.of(), EditorProbes.errors(editor));

		int afterName = MAPPING.indexOf("buyer.name") + "buyer.name".length();
		ui.click(text);
		text.setCaretOffset(afterName);
		ui.type("x");
		ui.waitUntil("an error appears on 'namex'", PARSE_WAIT_MS,
				() -> EditorProbes.errors(editor).stream().anyMatch(m -> m.contains("no field 'namex'; did you mean 'name'?")));
		ui.screenshot(window.getShell(), "editor-problem-while-typing");

		ui.press(SWT.BS);
		ui.waitUntil("the error goes once the name is right again", PARSE_WAIT_MS, () -> EditorProbes.errors(editor).isEmpty());
		assertEquals(MAPPING, document(editor).get());
	}

	@Test
	void contentAssistAfterADotIsAcceptedFromThePopup() throws Exception {
		IslEditor editor = open("mappings.isl");
		IDocument document = document(editor);
		document.set(MAPPING.replace("buyer.name", "buyer."));
		StyledText text = text(editor);
		ui.click(text);
		text.setCaretOffset(document.get().indexOf("buyer.") + "buyer.".length());

		// Ctrl+Space is bound to content assist in the editor; the test runs the bound action itself, because under
		// Xvfb a key goes to whichever popup shell last took the keyboard.
		assertEquals("Ctrl+Space", PlatformUI.getWorkbench().getService(org.eclipse.ui.keys.IBindingService.class)
				.getBestActiveBindingFormattedFor(org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds.CONTENT_ASSIST_PROPOSALS));
		editor.getAction(org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds.CONTENT_ASSIST_PROPOSALS).run();
		Table proposals;
		try {
			proposals = ui.waitFor("the content assist popup lists 'name : String'", PARSE_WAIT_MS,
					() -> EditorProbes.popupListing("name : String"));
		} catch (AssertionError e) {
			ui.screenshot(window.getShell(), "failed-content-assist");
			int at = document.get().indexOf("buyer.") + "buyer.".length();
			throw new AssertionError(e.getMessage() + "; proposals at the caret: "
					+ editor.islDocument().proposals(at) + ", caret " + text.getCaretOffset() + " of " + at + ", focus "
					+ Display.getCurrent().getFocusControl() + ", shells "
					+ java.util.Arrays.toString(Display.getCurrent().getShells()), e);
		}
		ui.settle(300);
		ui.screenshot(proposals.getShell(), "content-assist");
		ui.screenshot(window.getShell(), "editor-content-assist");
		ui.accept(EditorProbes.row(proposals, "name : String"));
		ui.waitUntil("the proposal is inserted", 5_000, () -> document.get().contains("buyer.name\n"));
		assertEquals(MAPPING, document.get());
	}

	@Test
	void quickFixReplacesAMisspeltName() throws Exception {
		IslEditor editor = open("mappings.isl");
		IDocument document = document(editor);
		document.set(MAPPING.replace("buyer.name", "buyer.nmae"));
		ui.waitUntil("the misspelt field is an error", PARSE_WAIT_MS, () -> !EditorProbes.errors(editor).isEmpty());
		StyledText text = text(editor);
		ui.click(text);
		text.setCaretOffset(document.get().indexOf("nmae") + 1);

		ui.press('1', SWT.CTRL);
		Table fixes = ui.waitFor("the quick fix popup offers the suggestion", PARSE_WAIT_MS,
				() -> EditorProbes.popupListing("Change to 'name'"));
		ui.screenshot(window.getShell(), "editor-quick-fix");
		ui.accept(EditorProbes.row(fixes, "Change to 'name'"));
		ui.waitUntil("the fix is applied", 5_000, () -> document.get().equals(MAPPING));
		ui.waitUntil("and the error is gone", PARSE_WAIT_MS, () -> EditorProbes.errors(editor).isEmpty());
	}

	@Test
	void theBuildersMarkersLeaveTheTextToTheEditorsOwnProblems() throws Exception {
		String bad = MAPPING.replace("buyer.name", "buyer.nmae");
		IFile file = project.getFile("mappings.isl");
		file.setContents(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), true, false, new NullProgressMonitor());
		builderMarker(file, bad.indexOf("nmae"), "no field 'nmae' (as last built)");
		IslEditor editor = open("mappings.isl");
		ui.waitUntil("the editor's own problem is shown, the builder's marker is not", PARSE_WAIT_MS,
				() -> EditorProbes.shownErrors(editor).size() == 1 && !EditorProbes.shownErrors(editor).get(0).contains("as last built"));

		// A build after a save marks the file again: the new marker stays out of the text as well.
		builderMarker(file, bad.indexOf("nmae"), "no field 'nmae' (built again)");
		ui.settle(300);
		assertEquals(1, EditorProbes.shownErrors(editor).size(), EditorProbes.shownErrors(editor).toString());
		assertEquals(3, EditorProbes.errors(editor).size(), "both markers are still in the model (and the Problems view)");
	}

	private static void builderMarker(IFile file, int start, String message) throws Exception {
		IMarker marker = file.createMarker(StudioIds.PROBLEM_MARKER);
		marker.setAttribute(IMarker.SEVERITY, IMarker.SEVERITY_ERROR);
		marker.setAttribute(IMarker.MESSAGE, message);
		marker.setAttribute(IMarker.CHAR_START, start);
		marker.setAttribute(IMarker.CHAR_END, start + 4);
	}

	@Test
	void formatGoToDefinitionOutlineAndToggleComment() throws Exception {
		IslEditor editor = open("mappings.isl");
		IDocument document = document(editor);
		document.set(MAPPING.replace("Order {\n    id", "Order {  id"));
		StyledText text = text(editor);
		ui.click(text);

		ui.press('f', SWT.CTRL, SWT.SHIFT);
		ui.waitUntil("Ctrl+Shift+F formats the file", 10_000, () -> document.get().equals(MAPPING));

		IContentOutlinePage outline = editor.getAdapter(IContentOutlinePage.class);
		window.getActivePage().showView(org.eclipse.ui.IPageLayout.ID_OUTLINE);
		ui.waitUntil("the outline shows the mapping and its rules", PARSE_WAIT_MS, () -> {
			Tree tree = (Tree) outline.getControl();
			return tree.getItemCount() == 1 && tree.getItem(0).getText().equals("mapping ShopOrderToOrder")
					&& labels(tree.getItem(0)).equals(List.of("rule id", "rule total", "rule customer"));
		});

		ui.click(text);
		text.setCaretOffset(MAPPING.indexOf("Order {") + 1);
		ui.press(SWT.F3);
		ui.waitUntil("F3 opens models.isl at the model", 10_000, () -> {
			IEditorPart active = window.getActivePage().getActiveEditor();
			return active instanceof ITextEditor t && t.getEditorInput().getName().equals("models.isl")
					&& ((ITextSelection) t.getSelectionProvider().getSelection()).getText().equals("Order");
		});
		ITextEditor models = (ITextEditor) window.getActivePage().getActiveEditor();
		assertEquals(4, ((ITextSelection) models.getSelectionProvider().getSelection()).getStartLine() + 1);

		window.getActivePage().activate(editor);
		ui.click(text);
		text.setCaretOffset(MAPPING.indexOf("    total"));
		ui.press('/', SWT.CTRL);
		ui.waitUntil("Ctrl+/ comments the line out", 5_000, () -> document.get().contains("    // total    <- amount"));
		ui.press('/', SWT.CTRL);
		ui.waitUntil("and in again", 5_000, () -> document.get().equals(MAPPING));
	}

	private IslEditor open(String file) throws Exception {
		IWorkbenchPage page = window.getActivePage();
		IEditorPart part = IDE.openEditor(page, project.getFile(file));
		assertEquals(StudioIds.ISL_EDITOR, part.getSite().getId());
		return assertInstanceOf(IslEditor.class, part);
	}

	private void write(String path, String content) throws Exception {
		IFile file = project.getFile(path);
		file.create(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), true, new NullProgressMonitor());
	}

	private static StyledText text(IslEditor editor) {
		return (StyledText) editor.getAdapter(Control.class);
	}

	private static IDocument document(IslEditor editor) {
		return editor.getDocumentProvider().getDocument(editor.getEditorInput());
	}

	private static boolean isBold(StyleRange range) {
		return range != null && (range.fontStyle & SWT.BOLD) != 0;
	}

	private static List<String> labels(TreeItem parent) {
		List<String> labels = new ArrayList<>();
		for (TreeItem item : parent.getItems()) {
			labels.add(item.getText());
		}
		return labels;
	}
}
