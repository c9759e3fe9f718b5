package dev.isthmus.studio.internal.imports;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Import Record Shape..." on a {@code .json}, {@code .ndjson} or {@code .csv} file: the import wizard, prefilled. */
public final class ImportRecordShapeHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		ISelection selection = HandlerUtil.getCurrentSelection(event);
		ImportRecordShapeWizard wizard = new ImportRecordShapeWizard();
		wizard.init(PlatformUI.getWorkbench(),
				selection instanceof IStructuredSelection structured ? structured : StructuredSelection.EMPTY);
		new WizardDialog(HandlerUtil.getActiveShell(event), wizard).open();
		return null;
	}
}
