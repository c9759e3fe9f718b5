package dev.isthmus.studio.internal.imports;

import java.lang.reflect.InvocationTargetException;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.ide.IDE;

/**
 * File &gt; Import &gt; Isthmus &gt; Record Shape, and the Project Explorer's "Import Record Shape..." on a sample:
 * {@link RecordShapeImport} with the fields of one page.
 */
public final class ImportRecordShapeWizard extends Wizard implements IImportWizard {

	/** Where an imported record goes unless the user says otherwise. */
	static final String DEFAULT_TARGET = "systems/imported.isl";

	private IWorkbench workbench;
	private RecordShapePage page;
	private String initialSample = "";
	private String initialTarget = "";
	private IFile imported;

	@Override
	public void init(IWorkbench workbench, IStructuredSelection selection) {
		this.workbench = workbench;
		setWindowTitle("Import Record Shape");
		setNeedsProgressMonitor(true);
		Object first = selection == null ? null : selection.getFirstElement();
		IResource resource = first instanceof IResource r ? r
				: first instanceof org.eclipse.core.runtime.IAdaptable a ? a.getAdapter(IResource.class) : null;
		if (resource instanceof IFile file && !"isl".equals(file.getFileExtension())) {
			initialSample = file.getFullPath().toString();
		}
		if (resource instanceof IFile file && "isl".equals(file.getFileExtension())) {
			initialTarget = file.getFullPath().toString();
		} else if (resource != null && resource.getProject() != null) {
			IProject project = resource.getProject();
			initialTarget = project.getFile(DEFAULT_TARGET).getFullPath().toString();
		}
	}

	@Override
	public void addPages() {
		page = new RecordShapePage(initialSample, initialTarget);
		addPage(page);
	}

	@Override
	public boolean performFinish() {
		RecordShapeImport request = page.request();
		WorkspaceModifyOperation operation = new WorkspaceModifyOperation(request.target().getProject()) {
			@Override
			protected void execute(IProgressMonitor monitor) throws CoreException {
				request.run(monitor);
			}
		};
		try {
			getContainer().run(true, false, operation);
		} catch (InvocationTargetException e) {
			page.setErrorMessage((e.getCause() == null ? e : e.getCause()).getMessage());
			return false; // the page stays open with the reason, so the user can change a field and retry
		} catch (InterruptedException e) {
			return false;
		}
		imported = request.target();
		openInEditor(imported);
		return true;
	}

	private void openInEditor(IFile file) {
		IWorkbenchPage active = workbench == null || workbench.getActiveWorkbenchWindow() == null ? null
				: workbench.getActiveWorkbenchWindow().getActivePage();
		if (active != null) {
			try {
				IDE.openEditor(active, file, true);
			} catch (PartInitException e) {
				page.setErrorMessage("The record was imported into " + file.getFullPath() + " but the file cannot be"
						+ " opened: " + e.getMessage());
			}
		}
	}

	/** The file the last Finish imported into, or {@code null}. */
	public IFile imported() {
		return imported;
	}
}
