package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.navigator.CommonNavigator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.isthmus.importer.RecordImporter.Source;
import dev.isthmus.studio.internal.imports.ImportRecordShapeWizard;
import dev.isthmus.studio.internal.imports.RecordShapeImport;
import dev.isthmus.studio.internal.wizards.ProjectStart;
import dev.isthmus.studio.internal.workspace.OutputFolder;

/** Import of record shapes from the example's samples (shipped in the Studio bundle) into its .isl files. */
class RecordImportTest {

	private IWorkbenchWindow window;
	private UiDriver ui;
	private IProject project;

	@BeforeEach
	void createExampleProject() {
		window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		ui = new UiDriver(Display.getCurrent());
		project = IsthmusProjects.createWithWizard(ui, window.getShell(), "revenue-ops-import", ProjectStart.REVENUE_OPS_EXAMPLE);
	}

	@AfterEach
	void deleteProject() throws Exception {
		window.getActivePage().closeAllEditors(false);
		IsthmusProjects.delete(project);
	}

	@Test
	void theImportWizardOnASelectedSampleAddsARecordThatValidatesAndGenerates() throws Exception {
		IFile sample = project.getFile("samples/stripe-invoice-created.json");
		ImportRecordShapeWizard wizard = new ImportRecordShapeWizard();
		wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(sample));
		WizardRobot robot = WizardRobot.open(ui, window.getShell(), wizard);
		try {
			assertEquals(sample.getFullPath().toString(), ((Text) robot.byId("isthmus.import.sample")).getText());
			assertEquals("StripeInvoiceCreated", ((Text) robot.byId("isthmus.import.name")).getText());
			assertEquals("/revenue-ops-import/systems/imported.isl", ((Text) robot.byId("isthmus.import.target")).getText());
			robot.typeInto((Text) robot.byId("isthmus.import.name"), "CreatedInvoice");
			robot.typeInto((Text) robot.byId("isthmus.import.pointer"), "/data/object");
			robot.finish();
		} finally {
			robot.cancel();
		}

		IFile imported = project.getFile("systems/imported.isl");
		String text = IsthmusProjects.read(imported);
		assertTrue(text.startsWith("package acme.revenue\n\nrecord CreatedInvoice json {"), text);
		assertTrue(text.contains("amount_due"), "the pointer's object was not imported: " + text);
		IsthmusProjects.build(project);
		List<IMarker> errors = IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR);
		assertEquals(List.of(), errors, IsthmusProjects.describe(errors));
		assertTrue(project.getFile(OutputFolder.DEFAULT + "/schemas/acme.revenue.CreatedInvoice.schema.json").exists(),
				"no schema was generated for the imported record");
	}

	@Test
	void theProjectExplorersContextMenuOffersTheImportOnSamplesOnlyAndOpensTheWizardWithTheSample() throws Exception {
		IFile sample = project.getFile("samples/salesforce-account.json");
		CommonNavigator explorer = (CommonNavigator) window.getActivePage().showView(IPageLayout.ID_PROJECT_EXPLORER);

		assertEquals(List.of(), importItems(explorer, project.getFile("systems/stripe.isl"), false), "offered on an .isl file");

		// The wizard dialog runs its own event loop; look at it from inside that loop, then close it.
		String[] shownSample = { null };
		Display display = Display.getCurrent();
		Runnable inspectWizard = new Runnable() {
			int attempts;

			@Override
			public void run() {
				for (Shell shell : display.getShells()) {
					if ("Import Record Shape".equals(shell.getText()) && shell.isVisible()) {
						shownSample[0] = ui.findById(shell, "isthmus.import.sample").map(t -> ((Text) t).getText()).orElse("");
						shell.close();
						return;
					}
				}
				if (++attempts < 100) { // bounded: 10 s
					display.timerExec(100, this);
				}
			}
		};
		display.timerExec(100, inspectWizard);
		List<String> items = importItems(explorer, sample, true);

		assertEquals(List.of("Import Record Shape..."), items, "the context menu of a .json sample has no Import Record Shape...");
		assertEquals(sample.getFullPath().toString(), shownSample[0], "the wizard did not open with the selected sample");
	}

	/**
	 * The "Import Record Shape..." items of the Project Explorer's context menu with {@code file} selected; with
	 * {@code choose} the first is chosen, as a click would (items live only while the menu shows).
	 */
	private List<String> importItems(CommonNavigator explorer, IFile file, boolean choose) {
		explorer.selectReveal(new StructuredSelection(file));
		ui.settle(100);
		Menu menu = explorer.getCommonViewer().getTree().getMenu();
		menu.notifyListeners(SWT.Show, new Event()); // what a right-click does before the menu appears
		try {
			List<MenuItem> items = Arrays.stream(menu.getItems()).filter(i -> i.getText().startsWith("Import Record Shape")).toList();
			List<String> labels = items.stream().map(MenuItem::getText).toList();
			if (choose && !items.isEmpty()) {
				items.get(0).notifyListeners(SWT.Selection, new Event());
			}
			return labels;
		} finally {
			menu.notifyListeners(SWT.Hide, new Event());
			ui.settle(50);
		}
	}

	@Test
	void anNdjsonSampleIsAppendedToAnExistingFile() throws Exception {
		IFile target = project.getFile("systems/netsuite.isl");
		String before = IsthmusProjects.read(target);

		new RecordShapeImport(project.getFile("samples/usage-events.ndjson").getLocation().toPath(), Source.NDJSON,
				"UsageEventSample", null, target).run(new NullProgressMonitor());

		String after = IsthmusProjects.read(target);
		assertTrue(after.startsWith(before), "the file's text was changed, not appended to");
		assertTrue(after.substring(before.length()).contains("record UsageEventSample ndjson {"), after);
		IsthmusProjects.build(project);
		assertEquals(List.of(), IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR),
				IsthmusProjects.describe(IsthmusProjects.markers(project, IMarker.SEVERITY_ERROR)));
	}

	@Test
	void aRecordThatWouldNotValidateIsRefusedAndTheFileLeftAsItWas() throws Exception {
		IFile target = project.getFile("systems/netsuite.isl");
		String before = IsthmusProjects.read(target);

		CoreException refused = assertThrows(CoreException.class, () -> new RecordShapeImport(
				project.getFile("samples/salesforce-account.json").getLocation().toPath(), Source.JSON, "Customer", null,
				target).run(new NullProgressMonitor()));

		String message = refused.getMessage();
		assertTrue(message.contains("Customer") && message.contains("netsuite.isl") && message.contains("customers.isl"),
				"the message does not say what clashes where: " + message);
		assertEquals(before, IsthmusProjects.read(target));
	}
}
