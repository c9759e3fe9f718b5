package dev.isthmus.studio.internal.views;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.views.properties.PropertySheetPage;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.typing.ExpressionTypes;
import dev.isthmus.library.IslType;
import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * The Properties view's page for an {@code .isl} editor: the properties of the model element under the caret (a
 * text selection alone has none). The element is read off the UI thread, like the model views do, and shown only
 * if the caret has not moved on meanwhile.
 */
final class EditorPropertiesPage extends PropertySheetPage {

	private final AtomicInteger generation = new AtomicInteger();

	EditorPropertiesPage() {
		setPropertySourceProvider(object -> object instanceof ElementFacts facts ? new ModelPropertySource(facts) : null);
	}

	@Override
	public void selectionChanged(IWorkbenchPart part, ISelection selection) {
		if (!(part instanceof IslEditor editor) || !(selection instanceof ITextSelection text)) {
			super.selectionChanged(part, selection);
			return;
		}
		IslDocument document = editor.getAdapter(IslDocument.class);
		if (document == null) {
			return;
		}
		int mine = generation.incrementAndGet();
		int offset = text.getOffset();
		Job job = Job.create("Reading the model element at the caret", (IProgressMonitor monitor) -> {
			if (mine != generation.get()) {
				return Status.CANCEL_STATUS;
			}
			ElementFacts facts;
			try {
				facts = document.read(parsed -> facts(document.elementAt(parsed, offset)));
			} catch (RuntimeException e) {
				return new Status(IStatus.WARNING, "dev.isthmus.studio", "cannot read the model at offset " + offset
						+ " of " + editor.getTitle() + ": " + e, e);
			}
			Control control = getControl();
			if (control != null && !control.isDisposed()) {
				control.getDisplay().asyncExec(() -> {
					if (mine == generation.get() && !control.isDisposed()) {
						super.selectionChanged(part, facts == null ? StructuredSelection.EMPTY : new StructuredSelection(facts));
					}
				});
			}
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.schedule();
	}

	private static ElementFacts facts(EObject element) {
		if (element == null) {
			return null;
		}
		String type = null;
		if (element instanceof Expression expression) {
			IslType inferred = ExpressionTypes.typeOf(expression);
			type = inferred == IslType.ANY ? null : inferred.display();
		}
		return ElementFacts.of(element, type);
	}
}
