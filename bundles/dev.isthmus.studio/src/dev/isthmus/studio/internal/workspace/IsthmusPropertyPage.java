package dev.isthmus.studio.internal.workspace;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PropertyPage;
import org.osgi.service.prefs.BackingStoreException;

/** Project &gt; Properties &gt; Isthmus: the folder the builder writes the connector configurations to. */
public final class IsthmusPropertyPage extends PropertyPage {

	/** The {@code setData("id", …)} of the output folder field, for tests. */
	public static final String OUTPUT_FOLDER_ID = "isthmus.outputFolder";

	private Text outputFolder;

	@Override
	protected Control createContents(Composite parent) {
		Composite contents = new Composite(parent, SWT.NONE);
		contents.setLayout(new GridLayout(2, false));
		Label label = new Label(contents, SWT.NONE);
		label.setText("&Output folder:");
		outputFolder = new Text(contents, SWT.BORDER | SWT.SINGLE);
		outputFolder.setData("id", OUTPUT_FOLDER_ID);
		outputFolder.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		outputFolder.setText(OutputFolder.of(project()));
		outputFolder.addModifyListener(e -> check());
		Label hint = new Label(contents, SWT.WRAP);
		hint.setText("A folder of the project. Each build without errors replaces the connector configurations there"
				+ " with what 'isthmus generate' would write.");
		hint.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		return contents;
	}

	@Override
	protected void performDefaults() {
		outputFolder.setText(OutputFolder.DEFAULT);
		super.performDefaults();
	}

	@Override
	public boolean performOk() {
		if (outputFolder == null || outputFolder.getText().trim().equals(OutputFolder.of(project()))) {
			return true;
		}
		try {
			OutputFolder.set(project(), outputFolder.getText());
		} catch (BackingStoreException | IllegalArgumentException e) {
			setErrorMessage("Cannot store the output folder: " + e.getMessage());
			return false;
		}
		rebuild(project());
		return true;
	}

	private void check() {
		String problem = OutputFolder.problemWith(outputFolder.getText());
		setErrorMessage(problem);
		setValid(problem == null);
	}

	private IProject project() {
		return getElement().getAdapter(IProject.class);
	}

	/**
	 * Generates into the new folder at once, in the background. With auto-build on, the changed settings file
	 * starts that build already (the builder watches it), so only a workspace without auto-build needs this job.
	 */
	private static void rebuild(IProject project) {
		if (project.getWorkspace().isAutoBuilding()) {
			return;
		}
		WorkspaceJob job = new WorkspaceJob("Building " + project.getName()) {
			@Override
			public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				project.build(IncrementalProjectBuilder.FULL_BUILD, monitor);
				return Status.OK_STATUS;
			}

			@Override
			public boolean belongsTo(Object family) {
				return ResourcesPlugin.FAMILY_MANUAL_BUILD.equals(family);
			}
		};
		job.setRule(project.getWorkspace().getRuleFactory().buildRule());
		job.schedule();
	}
}
