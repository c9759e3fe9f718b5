package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.wizards.IslFileKind;
import dev.isthmus.studio.internal.wizards.IsthmusProjectCreation;
import dev.isthmus.studio.internal.wizards.NewIslFileWizard;
import dev.isthmus.studio.internal.wizards.ProjectStart;
import dev.isthmus.studio.internal.workspace.OutputFolder;

/** The New wizards: an empty Isthmus project, and a model, system, mapping and flow file in it. */
class WizardsTest {

	private IWorkbenchWindow window;
	private UiDriver ui;
	private IProject project;

	@BeforeEach
	void createEmptyProjectWithTheWizard() {
		window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		ui = new UiDriver(Display.getCurrent());
		project = IsthmusProjects.createWithWizard(ui, window.getShell(), "order-intake", ProjectStart.EMPTY);
	}

	@AfterEach
	void deleteProject() throws Exception {
		window.getActivePage().closeAllEditors(false);
		IsthmusProjects.delete(project);
	}

	@Test
	void anEmptyProjectHasAStarterModelThatValidatesAndGenerates() throws Exception {
		IFile starter = project.getFile(IsthmusProjectCreation.STARTER_FILE);
		assertTrue(project.hasNature(StudioIds.NATURE));
		assertTrue(IsthmusProjects.read(starter).startsWith("package order_intake\n"), IsthmusProjects.read(starter));

		IsthmusProjects.build(project);

		assertEquals(List.of(), IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR),
				IsthmusProjects.describe(IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR)));
		assertTrue(project.getFile(OutputFolder.DEFAULT + "/schemas/order_intake.Customer.schema.json").exists(),
				"no schema generated for the starter model");
	}

	@Test
	void eachNewFileWizardCreatesAFileThatValidatesAndOpensIt() throws Exception {
		for (IslFileKind kind : IslFileKind.values()) {
			IFile file = createWithWizard(kind, "order-" + kind.keyword() + ".isl");

			assertTrue(file.exists(), kind + ": no file");
			String text = IsthmusProjects.read(file);
			assertTrue(text.contains(kind.keyword() + " Order" + capitalized(kind.keyword())), text);
			assertTrue(text.startsWith("package order_intake\n"), "not in the project's package: " + text);
			IEditorPart editor = window.getActivePage().getActiveEditor();
			assertEquals(file, editor == null ? null : editor.getEditorInput().getAdapter(IFile.class),
					kind + ": the new file did not open in an editor");
		}

		IsthmusProjects.build(project);

		List<IMarker> errors = IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR);
		assertEquals(List.of(), errors, IsthmusProjects.describe(errors));
		assertTrue(project.getFile(OutputFolder.DEFAULT + "/flows/order_intake.OrderFlow.json").exists(),
				"the new flow was not generated");
	}

	private IFile createWithWizard(IslFileKind kind, String fileName) {
		NewIslFileWizard wizard = new NewIslFileWizard(kind);
		wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project.getFolder("models").exists()
				? project.getFolder("models") : project));
		WizardRobot robot = WizardRobot.open(ui, window.getShell(), wizard);
		try {
			Text name = fileNameField(robot, kind.keyword() + ".isl");
			robot.typeInto(name, fileName);
			robot.finish();
		} finally {
			robot.cancel();
		}
		return project.getFolder("models").getFile(fileName);
	}

	/** The file name field: the one that shows the suggested name. */
	private static Text fileNameField(WizardRobot robot, String suggested) {
		return robot.texts().stream().filter(t -> t.getText().equals(suggested)).findFirst()
				.orElseThrow(() -> new AssertionError("no field shows the suggested file name " + suggested));
	}

	private static String capitalized(String word) {
		return Character.toUpperCase(word.charAt(0)) + word.substring(1);
	}
}
