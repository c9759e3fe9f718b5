package dev.isthmus.studio.tests;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.texteditor.ITextEditor;

/** What the editor tests look at: the error squiggles of an editor, and the rows of an open popup list. */
final class EditorProbes {

	private EditorProbes() {
	}

	/** The messages of the error squiggles in {@code editor} now. */
	static List<String> errors(ITextEditor editor) {
		IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		List<String> messages = new ArrayList<>();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation annotation = it.next();
			if (annotation.getType().equals("org.eclipse.ui.workbench.texteditor.error")) {
				messages.add(annotation.getText());
			}
		}
		return messages;
	}

	/** The error annotations the editor paints: those not marked deleted. */
	static List<String> shownErrors(ITextEditor editor) {
		IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
		List<String> messages = new ArrayList<>();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation annotation = it.next();
			if (annotation.getType().equals("org.eclipse.ui.workbench.texteditor.error") && !annotation.isMarkedDeleted()) {
				messages.add(annotation.getText());
			}
		}
		return messages;
	}

	/** The list of a visible popup (content assist, quick fix) that has a row {@code label}, or {@code null}. */
	static Table popupListing(String label) {
		for (Shell shell : Display.getCurrent().getShells()) {
			Table table = shell.isVisible() ? firstTable(shell) : null;
			if (table != null && row(table, label) != null) {
				return table;
			}
		}
		return null;
	}

	/** The row {@code label} of {@code table}, or {@code null}. */
	static TableItem row(Table table, String label) {
		for (TableItem item : table.getItems()) {
			if (item.getText().equals(label)) {
				return item;
			}
		}
		return null;
	}

	private static Table firstTable(Composite root) {
		for (Control child : root.getChildren()) {
			if (child instanceof Table table) {
				return table;
			}
			if (child instanceof Composite composite) {
				Table found = firstTable(composite);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}
}
