package dev.isthmus.studio.internal.wizards;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/**
 * New model, system, mapping or flow: one wizard, parameterised by the kind named in {@code plugin.xml}
 * ({@code class="…NewIslFileWizard:flow"}). The new file opens in the editor.
 */
public final class NewIslFileWizard extends BasicNewResourceWizard implements IExecutableExtension {

	private IslFileKind kind = IslFileKind.MODEL;
	private NewIslFilePage page;

	/** A wizard for files of {@code kind}; the workbench uses the no-argument one and {@link #setInitializationData}. */
	public NewIslFileWizard(IslFileKind kind) {
		this.kind = kind;
	}

	/** For the workbench, which creates wizards reflectively. */
	public NewIslFileWizard() {
	}

	@Override
	public void setInitializationData(IConfigurationElement config, String propertyName, Object data) {
		IslFileKind named = data instanceof String word ? IslFileKind.named(word) : null;
		if (named != null) {
			kind = named;
		}
	}

	@Override
	public void addPages() {
		page = new NewIslFilePage(kind, getSelection());
		addPage(page);
	}

	@Override
	protected void initializeDefaultPageImageDescriptor() {
		setWindowTitle("New " + kind.title());
	}

	@Override
	public boolean performFinish() {
		IFile file = page.createNewFile();
		if (file == null) {
			return false; // the page showed why
		}
		selectAndReveal(file);
		IWorkbenchPage active = getWorkbench().getActiveWorkbenchWindow() == null ? null
				: getWorkbench().getActiveWorkbenchWindow().getActivePage();
		if (active != null) {
			try {
				IDE.openEditor(active, file, true);
			} catch (PartInitException e) {
				MessageDialog.openError(getShell(), "Cannot open " + file.getName(), file.getFullPath()
						+ " was created but cannot be opened: " + e.getMessage() + ". Open it from the Project Explorer.");
			}
		}
		return true;
	}

	/** The kind of file this wizard creates. */
	public IslFileKind kind() {
		return kind;
	}

	/** The page: folder and file name. */
	public org.eclipse.ui.dialogs.WizardNewFileCreationPage page() {
		return page;
	}
}
