package dev.isthmus.studio.internal.views;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.views.properties.PropertySheetPage;

import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.typing.ExpressionTypes;
import dev.isthmus.library.IslType;
import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * The Properties view's page for an {@code .isl} editor: the properties of the model element under the caret (a
 * text selection alone has none), read off the UI thread by {@link CaretReads} as the model views do.
 */
final class EditorPropertiesPage extends PropertySheetPage {

	private final CaretReads reads = new CaretReads("the Properties view");

	EditorPropertiesPage() {
		setPropertySourceProvider(object -> object instanceof ElementFacts facts ? new ModelPropertySource(facts) : null);
	}

	@Override
	public void selectionChanged(IWorkbenchPart part, ISelection selection) {
		if (!(part instanceof IslEditor editor) || !(selection instanceof ITextSelection text)) {
			super.selectionChanged(part, selection);
			return;
		}
		Control control = getControl();
		if (control == null || control.isDisposed()) {
			return;
		}
		reads.read(editor, text.getOffset(), control.getDisplay(), EditorPropertiesPage::facts, () -> !control.isDisposed(),
				facts -> super.selectionChanged(part, facts == null ? StructuredSelection.EMPTY : new StructuredSelection(facts)));
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
