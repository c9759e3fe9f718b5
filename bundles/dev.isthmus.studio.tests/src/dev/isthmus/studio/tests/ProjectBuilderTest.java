package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.generator.ConnectorGenerator;
import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.wizards.ProjectStart;
import dev.isthmus.studio.internal.workspace.IslMarkers;
import dev.isthmus.studio.internal.workspace.IsthmusPropertyPage;
import dev.isthmus.studio.internal.workspace.OutputFolder;

/**
 * The Isthmus builder on the revenue-ops example, created with the New Isthmus Project wizard: what it generates is
 * what {@code isthmus generate} writes, errors are marked on their line and block generation until fixed.
 */
class ProjectBuilderTest {

	private static final String MAPPING = "mappings/usage.isl";
	private static final String GOOD_RULE = "    sku      <- sku\n";
	private static final String BAD_RULE = "    sku      <- skuu\n";

	private IWorkbenchWindow window;
	private UiDriver ui;
	private IProject project;

	@BeforeEach
	void createExampleProjectWithTheWizard() {
		window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		ui = new UiDriver(Display.getCurrent());
		project = IsthmusProjects.createWithWizard(ui, window.getShell(), "revenue-ops-build", ProjectStart.REVENUE_OPS_EXAMPLE);
	}

	@AfterEach
	void deleteProject() throws Exception {
		window.getActivePage().closeAllEditors(false);
		IsthmusProjects.delete(project);
	}

	@Test
	void theWizardMakesAnIsthmusProjectWithTheWholeExample() throws Exception {
		assertTrue(project.hasNature(StudioIds.NATURE));
		assertTrue(Arrays.stream(project.getDescription().getBuildSpec()).anyMatch(c -> StudioIds.BUILDER.equals(c.getBuilderName())),
				"the nature did not add the Isthmus builder");
		assertEquals(18, IslProject.load(project.getLocation().toPath()).files().size(), "the example has 18 .isl files");
		assertTrue(project.getFile("samples/usage-events.ndjson").exists());
		assertEquals("UTF-8", project.getDefaultCharset(false), "an explicit encoding (else Eclipse warns about the project)");
	}

	@Test
	void theBuildersOutputIsByteForByteWhatIsthmusGenerateWrites() throws Exception {
		IsthmusProjects.build(project);

		assertEquals(List.of(), IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR), "the example has no errors");
		Path studio = project.getFolder(OutputFolder.DEFAULT).getLocation().toPath();
		Path cli = Files.createTempDirectory("isthmus-generate");
		// The code path of `isthmus generate <project> -o <folder>`, with the command line's own version string.
		IslProject sources = IslProject.load(project.getLocation().toPath());
		ConnectorGenerator.write(new ConnectorGenerator(dev.isthmus.cli.Version.current()).generate(sources), cli);

		Map<String, String> expected = tree(cli);
		assertTrue(expected.containsKey("flows/acme.revenue.InvoicePosting.json"), "the CLI wrote no flows: " + expected.keySet());
		assertSameFiles(expected, tree(studio));
		assertTrue(project.getFolder(OutputFolder.DEFAULT).isDerived(), "generated files are not marked derived");
	}

	@Test
	void anErrorIsMarkedOnItsLineAndBlocksGenerationUntilItIsFixed() throws Exception {
		IsthmusProjects.build(project);
		Path output = project.getFolder(OutputFolder.DEFAULT).getLocation().toPath();
		Map<String, String> before = tree(output);
		IFile mapping = project.getFile(MAPPING);
		String good = IsthmusProjects.read(mapping);
		assertTrue(good.contains(GOOD_RULE), MAPPING + " changed; this test breaks a rule of it");
		String bad = good.replace(GOOD_RULE, BAD_RULE);
		int badLine = lineOf(bad, BAD_RULE);

		IsthmusProjects.write(mapping, bad);
		IsthmusProjects.buildChanges(project);

		List<IMarker> errors = IsthmusProjects.markers(mapping, IMarker.SEVERITY_ERROR);
		assertEquals(1, errors.size(), IsthmusProjects.describe(IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR)));
		IMarker error = errors.get(0);
		assertEquals(badLine, error.getAttribute(IMarker.LINE_NUMBER, -1));
		assertTrue(error.getAttribute(IMarker.MESSAGE, "").contains("skuu"), error.getAttribute(IMarker.MESSAGE, ""));
		int start = error.getAttribute(IMarker.CHAR_START, -1);
		assertEquals("skuu", bad.substring(start, error.getAttribute(IMarker.CHAR_END, -1)));
		List<IMarker> blocked = Arrays.stream(project.findMarkers(StudioIds.PROBLEM_MARKER, false, IResource.DEPTH_ZERO))
				.filter(m -> m.getAttribute(IslMarkers.GENERATION_BLOCKED, false)).toList();
		assertEquals(1, blocked.size(), "no marker on the project says generation was blocked");
		assertTrue(blocked.get(0).getAttribute(IMarker.MESSAGE, "").contains("Generation blocked: 1 error in 1 file"));
		// The sources changed, so a generation would have changed the manifest's sourcesHash.
		assertSameFiles(before, tree(output)); // the previous output stays although the sources changed

		// The marker's quick fix (Ctrl+1 in the Problems view) corrects the name in the file, which is saved.
		IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(error);
		List<String> labels = Arrays.stream(resolutions).map(IMarkerResolution::getLabel).toList();
		assertEquals(List.of("Change to 'sku'"), labels);
		resolutions[0].run(error);
		assertEquals(good, IsthmusProjects.read(mapping));
		IsthmusProjects.buildChanges(project);

		assertEquals(List.of(), IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR));
		assertSameFiles(before, tree(output)); // the fixed sources are the original ones, so is the output
	}

	@Test
	void anotherOutputFolderChosenOnThePropertyPageGetsTheConfigurationsAndChangesInItStartNoBuild() throws Exception {
		IsthmusProjects.build(project);
		PreferenceDialog properties = PreferencesUtil.createPropertyDialogOn(window.getShell(), project,
				"dev.isthmus.studio.propertyPage", null, null);
		properties.setBlockOnOpen(false);
		properties.open();
		try {
			ui.waitUntil("the property page shows", 5000, () -> properties.getShell().isVisible()
					&& ui.findById(properties.getShell(), IsthmusPropertyPage.OUTPUT_FOLDER_ID).isPresent());
			ui.settle(300);
			Text folder = (Text) ui.findById(properties.getShell(), IsthmusPropertyPage.OUTPUT_FOLDER_ID).orElseThrow();
			assertEquals(OutputFolder.DEFAULT, folder.getText());
			ui.click(folder);
			folder.selectAll();
			ui.type("build/connectors");
			ui.waitUntil("the field shows the typed folder", 2000, () -> folder.getText().equals("build/connectors"));
			WizardRobot.press(ui, WizardRobot.button(properties.getShell(), "Apply and Close"));
			ui.waitUntil("the properties dialog closes", 5000, () -> properties.getShell() == null);
		} finally {
			if (properties.getShell() != null) {
				properties.close(); // a failure must not leave a dialog over the next test's window
			}
		}

		assertEquals("build/connectors", OutputFolder.of(project));
		IFile manifest = project.getFile("build/connectors/" + ConnectorGenerator.MANIFEST);
		// The changed settings start a build in the background, as a save would; wait for it, bounded.
		ui.waitUntil("the build after the change generates into the new folder", 60_000,
				() -> manifest.exists() && IsthmusProjects.noBuildPending());
		assertFalse(OutputFolder.problemWith("../elsewhere") == null, "a folder outside the project was accepted");

		// The example's notes (info markers) show whether the builder ran: clear them, then change files.
		assertFalse(IsthmusProjects.markers(project, IMarker.SEVERITY_INFO).isEmpty(), "the example's notes are not marked");
		IslMarkers.clear(project);
		IsthmusProjects.write(project.getFile("build/connectors/" + ConnectorGenerator.MANIFEST), "{}\n");
		IsthmusProjects.buildChanges(project);
		assertEquals(List.of(), IsthmusProjects.markers(project, IMarker.SEVERITY_INFO), "a change of output started a build");

		IFile source = project.getFile(MAPPING);
		IsthmusProjects.write(source, IsthmusProjects.read(source));
		IsthmusProjects.buildChanges(project);
		assertFalse(IsthmusProjects.markers(project, IMarker.SEVERITY_INFO).isEmpty(), "saving an .isl file started no build");
	}

	/** The same file names with the same bytes; a failure names the first file that differs. */
	private static void assertSameFiles(Map<String, String> expected, Map<String, String> actual) {
		assertEquals(expected.keySet(), actual.keySet(), "not the same files");
		for (String file : expected.keySet()) {
			assertEquals(expected.get(file), actual.get(file), file + " differs");
		}
	}

	private static int lineOf(String text, String line) {
		return (int) text.substring(0, text.indexOf(line)).chars().filter(c -> c == '\n').count() + 1;
	}

	/** Every file below {@code folder} by relative path, with its text (the generator writes UTF-8 text only). */
	static Map<String, String> tree(Path folder) throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(folder)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				files.put(folder.relativize(file).toString().replace('\\', '/'), new String(Files.readAllBytes(file),
						java.nio.charset.StandardCharsets.ISO_8859_1)); // one char per byte: a byte-for-byte comparison
			}
		}
		return files;
	}
}
