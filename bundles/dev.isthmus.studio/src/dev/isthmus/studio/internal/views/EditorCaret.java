package dev.isthmus.studio.internal.views;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;

import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * Follows the caret of the {@code .isl} editor the user works in, for the model views: tells its view when the
 * caret moves (post-selection, so not on every key), when the editor has parsed new text, and when the editor is
 * closed. Everything happens on the UI thread.
 */
final class EditorCaret {

	/** What a linked view is told. */
	interface Listener {
		/** The caret is at {@code offset} of {@code editor}'s text, or the text was parsed anew. */
		void caretAt(IslEditor editor, int offset);

		/** The editor the view followed was closed. */
		void editorClosed();
	}

	private final IWorkbenchPage page;
	private final Listener listener;
	private final Runnable parsed = this::parsed;
	private IslEditor editor;
	private int offset;

	private final ISelectionListener selections = (part, selection) -> selected(part, selection);

	private final IPartListener2 parts = new IPartListener2() {
		@Override
		public void partClosed(IWorkbenchPartReference reference) {
			if (editor != null && reference.getPart(false) == editor) {
				follow(null);
				listener.editorClosed();
			}
		}

		@Override
		public void partActivated(IWorkbenchPartReference reference) {
			if (reference.getPart(false) instanceof IslEditor activated && activated != editor) {
				selected(activated, activated.getSelectionProvider().getSelection());
			}
		}
	};

	EditorCaret(IWorkbenchPage page, Listener listener) {
		this.page = page;
		this.listener = listener;
		page.addPostSelectionListener(selections);
		page.addPartListener(parts);
	}

	/** Starts with the active editor, if it is an {@code .isl} editor. */
	void start() {
		IEditorPart active = page.getActiveEditor();
		if (active instanceof IslEditor isl) {
			selected(isl, isl.getSelectionProvider().getSelection());
		}
	}

	/** The editor followed now, or {@code null}. */
	IslEditor editor() {
		return editor;
	}

	/** The caret's last known offset in {@link #editor()}. */
	int offset() {
		return offset;
	}

	/** The workspace file of the followed editor, or {@code null}. */
	IFile file() {
		return editor == null ? null : editor.getEditorInput().getAdapter(IFile.class);
	}

	void dispose() {
		page.removePostSelectionListener(selections);
		page.removePartListener(parts);
		follow(null);
	}

	private void selected(IWorkbenchPart part, ISelection selection) {
		if (!(part instanceof IslEditor isl) || !(selection instanceof ITextSelection text)) {
			return; // selections in other parts (this view included) do not move the caret
		}
		follow(isl);
		offset = text.getOffset();
		listener.caretAt(isl, offset);
	}

	private void parsed() {
		if (editor != null) {
			listener.caretAt(editor, offset);
		}
	}

	private void follow(IslEditor next) {
		if (next == editor) {
			return;
		}
		if (editor != null) {
			editor.removeParseListener(parsed);
		}
		editor = next;
		if (editor != null) {
			editor.addParseListener(parsed);
		}
	}
}
