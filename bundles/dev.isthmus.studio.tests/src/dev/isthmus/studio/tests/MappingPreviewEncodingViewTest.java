package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.editor.IslEditor;
import dev.isthmus.studio.internal.views.MappingPreviewView;

/**
 * The Mapping preview view on a windows-1252 sample of a till whose file endpoint declares that encoding: the output
 * shows the "é" and the sample's line says in which encoding it was read and whose it is. The choice itself is
 * {@link MappingPreviewEncodingTest}'s; this only checks that the view shows it.
 */
class MappingPreviewEncodingViewTest {

	private static final String[] FIXTURES = { "models.isl", "systems.isl", "mappings.isl", "flows.isl" };
	/** Parsing, type checking and a first engine run in a cold Studio take seconds; this only bounds a hang. */
	private static final long WAIT = 60_000;

	private IWorkbenchPage page;
	private IWorkbenchWindow window;
	private UiDriver ui;
	private IProject project;

	@BeforeEach
	void createTill() throws Exception {
		window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		ui = new UiDriver(Display.getCurrent());
		PlatformUI.getWorkbench().showPerspective(StudioIds.PERSPECTIVE, window);
		page = window.getActivePage();
		project = ResourcesPlugin.getWorkspace().getRoot().getProject("preview-encoding");
		project.create(new NullProgressMonitor());
		project.open(new NullProgressMonitor());
		for (String fixture : FIXTURES) {
			URL entry = Platform.getBundle("dev.isthmus.studio.tests").getEntry("resources/model-views/" + fixture);
			assertNotNull(entry, "fixture " + fixture + " is not in the test bundle (build.properties bin.includes)");
			try (InputStream in = entry.openStream()) {
				String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(
						"endpoint orders webhook \"/till/orders\" receives TillOrder",
						"endpoint orders file \"inbox\" pattern \"*.ndjson\" encoding \"windows-1252\" receives TillOrder");
				project.getFile(fixture).create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
			}
		}
	}

	@AfterEach
	void deleteTill() throws Exception {
		page.closeAllEditors(false);
		// A preview left open would still show shop.TillToOrder of this project: a later test's wait for that header
		// would pass at once, before the view followed its caret to its own project.
		org.eclipse.ui.IViewPart preview = page.findView(StudioIds.MAPPING_PREVIEW_VIEW);
		if (preview != null) {
			page.hideView(preview);
		}
		if (project.exists()) {
			project.delete(true, true, new NullProgressMonitor());
		}
	}

	@Test
	void thePreviewShowsAWindows1252SampleAndSaysItsEncoding() throws Exception {
		MappingPreviewView view = (MappingPreviewView) page.showView(StudioIds.MAPPING_PREVIEW_VIEW, null,
				IWorkbenchPage.VIEW_VISIBLE);
		IslEditor editor = (IslEditor) IDE.openEditor(page, project.getFile("mappings.isl"), StudioIds.ISL_EDITOR);
		String text = editor.getDocumentProvider().getDocument(editor.getEditorInput()).get();
		page.activate(editor);
		editor.selectAndReveal(text.indexOf("customer <- \"walk-in\""), 0);
		ui.waitUntil("the preview follows shop.TillToOrder", WAIT,
				() -> text(MappingPreviewView.HEADER_ID).equals("mapping shop.TillToOrder"));
		Path sample = project.getLocation().toPath().resolve("till-export.ndjson");
		Files.write(sample, "{\"id\": \"O-1\", \"amount\": 1250, \"currency\": \"eur\", \"items\": [{\"sku\": \"Caf\u00e9\", \"qty\": 2}]}\n"
				.getBytes(Charset.forName("windows-1252")));

		view.previewSample(sample);

		try {
			ui.waitUntil("the preview shows the mapped record", WAIT,
					() -> view.shown() != null && view.shown().records().size() == 1);
		} catch (AssertionError e) {
			throw new AssertionError(e.getMessage() + "; the preview shows " + view.shown(), e);
		}
		ui.settle(200);
		String output = ((Text) ui.findById(window.getShell(), MappingPreviewView.OUTPUT_ID).orElseThrow()).getText();
		assertTrue(output.contains("\"sku\" : \"Caf\u00e9\""), output);
		String sampleLine = text(MappingPreviewView.SAMPLE_ID);
		assertTrue(sampleLine.contains("till-export.ndjson") && sampleLine.contains(
				"read as windows-1252, the encoding of endpoint shop.Till.orders, the source of flow shop.Orders"), sampleLine);
	}

	private String text(String id) {
		return ((Label) ui.findById(window.getShell(), id).orElseThrow()).getText();
	}
}
