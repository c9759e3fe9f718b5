package dev.isthmus.studio.internal.wizards;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/** File &gt; New &gt; Isthmus Project: an empty project or a copy of the revenue-ops example. */
public final class NewIsthmusProjectWizard extends BasicNewResourceWizard {

	private NewIsthmusProjectPage page;
	private IProject created;

	@Override
	public void addPages() {
		page = new NewIsthmusProjectPage();
		addPage(page);
		setWindowTitle("New Isthmus Project");
		setNeedsProgressMonitor(true);
	}

	@Override
	public boolean performFinish() {
		String name = page.getProjectName();
		URI location = page.useDefaults() ? null : page.getLocationURI();
		ProjectStart start = page.start();
		WorkspaceModifyOperation creation = new WorkspaceModifyOperation() {
			@Override
			protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
				created = IsthmusProjectCreation.create(name, location, start, monitor);
			}
		};
		try {
			getContainer().run(true, true, creation);
		} catch (InvocationTargetException e) {
			Throwable cause = e.getCause();
			MessageDialog.openError(getShell(), "Cannot create " + name,
					"The project was not created: " + (cause == null ? e : cause).getMessage());
			return false;
		} catch (InterruptedException e) {
			return false; // cancelled: the wizard stays open
		}
		selectAndReveal(created);
		return true;
	}

	/** The project the last Finish created, or {@code null}. */
	public IProject created() {
		return created;
	}

}
