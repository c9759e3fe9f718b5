package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.AboutIsthmusDialog;

/** The Studio as a user meets it: its window, its perspective, an .isl file opened from a project. */
class StudioWorkbenchTest {

	private static final String CUSTOMER = """
			package acme.revenue

			model Customer owner Erp {
			    key id : String
			    name   : String
			}
			""";

	/**
	 * Punctuation only: after a letter the generic editor opens word completion, and without a window manager its
	 * popup takes the keyboard (a user on a desktop keeps typing into the editor).
	 */
	private static final String TYPED = "/* */ ";

	private IWorkbench workbench;
	private IWorkbenchWindow window;
	private UiDriver ui;
	private IProject project;

	@BeforeEach
	void openIsthmusPerspective() throws Exception {
		workbench = PlatformUI.getWorkbench();
		window = workbench.getActiveWorkbenchWindow();
		ui = new UiDriver(Display.getCurrent());
		workbench.showPerspective(StudioIds.PERSPECTIVE, window);
		project = ResourcesPlugin.getWorkspace().getRoot().getProject("revenue-ops");
	}

	@AfterEach
	void cleanUp() throws Exception {
		window.getActivePage().closeAllEditors(false);
		if (project.exists()) {
			project.delete(true, true, new NullProgressMonitor());
		}
	}

	@Test
	void windowAndProductCarryTheIsthmusBranding() {
		assertEquals(StudioIds.WINDOW_TITLE, window.getShell().getText());
		assertNotNull(Platform.getProduct(), "no product: the harness did not start dev.isthmus.studio.product");
		assertEquals(StudioIds.PRODUCT, Platform.getProduct().getId());
		assertEquals("Isthmus Studio", Platform.getProduct().getName());
		assertTrue(window.getShell().getImages().length >= 4, "window icons missing");
	}

	@Test
	void isthmusPerspectiveShowsExplorerOutlineProblemsAndConsole() {
		IWorkbenchPage page = window.getActivePage();

		assertEquals(StudioIds.PERSPECTIVE, page.getPerspective().getId());
		for (String view : new String[] { IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.ID_OUTLINE,
				IPageLayout.ID_PROBLEM_VIEW, IConsoleConstants.ID_CONSOLE_VIEW }) {
			assertNotNull(page.findViewReference(view), view + " is not part of the Isthmus perspective");
		}
		assertTrue(page.isEditorAreaVisible());
	}

	@Test
	void anIslFileOfAProjectOpensInAnEditorShowingItsText() throws Exception {
		IFile file = createProjectWithFile("models/customers.isl", CUSTOMER);

		IEditorPart editor = IDE.openEditor(window.getActivePage(), file);
		ui.settle(200);

		assertEquals(StudioIds.ISL_EDITOR, editor.getSite().getId());
		StyledText text = (StyledText) editor.getAdapter(Control.class);
		assertNotNull(text, "the editor exposes no text widget");
		assertEquals(CUSTOMER, text.getText());
		assertEquals(StudioIds.ISL_CONTENT_TYPE, file.getContentDescription().getContentType().getId());
		ui.screenshot(window.getShell(), "studio-isl-editor");
	}

	@Test
	void typingIntoTheEditorChangesTheDocumentAndSaveWritesTheFile() throws Exception {
		IFile file = createProjectWithFile("models/customers.isl", CUSTOMER);
		ITextEditor editor = (ITextEditor) IDE.openEditor(window.getActivePage(), file);
		StyledText text = (StyledText) editor.getAdapter(Control.class);
		ui.settle(200);

		ui.click(text);
		text.setCaretOffset(0);
		ui.type(TYPED);
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		ui.waitUntil("the typed text reaches the document", 3000, () -> document.get().startsWith(TYPED));

		assertTrue(editor.isDirty());
		editor.doSave(new NullProgressMonitor());
		assertFalse(editor.isDirty());
		Path onDisk = Path.of(file.getLocationURI());
		assertEquals(TYPED + CUSTOMER, Files.readString(onDisk));
	}

	@Test
	void aboutDialogShowsTheBuildVersion() {
		AboutIsthmusDialog about = new AboutIsthmusDialog(window.getShell());
		about.setBlockOnOpen(false);
		about.open();
		try {
			Label version = (Label) ui.findById(about.getShell(), AboutIsthmusDialog.VERSION_LABEL_ID).orElseThrow();
			String expected = "Version " + AboutIsthmusDialog.version();
			assertEquals(expected, version.getText());
			assertTrue(expected.startsWith("Version 0.1.0."), expected);
			assertFalse(expected.contains("qualifier"), "the build did not replace the qualifier: " + expected);
		} finally {
			about.close();
		}
	}

	private IFile createProjectWithFile(String path, String content) throws Exception {
		IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
		assertFalse(root.getProject("revenue-ops").exists());
		project.create(new NullProgressMonitor());
		project.open(new NullProgressMonitor());
		project.getFolder("models").create(true, true, new NullProgressMonitor());
		IFile file = project.getFile(path);
		file.create(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), true, new NullProgressMonitor());
		return file;
	}
}
