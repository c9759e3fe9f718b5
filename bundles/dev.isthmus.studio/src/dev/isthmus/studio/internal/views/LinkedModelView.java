package dev.isthmus.studio.internal.views;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.ui.part.ViewPart;

import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * A view that shows a part of the model under the caret of the {@code .isl} editor, read off the UI thread by
 * {@link CaretReads}.
 *
 * @param <T> what the view shows, computed from the element at the caret; holds no model objects
 */
abstract class LinkedModelView<T> extends ViewPart implements EditorCaret.Listener {

	private final CaretReads reads = new CaretReads(getClass().getSimpleName());
	private EditorCaret caret;

	/** Starts following the editor; call at the end of {@code createPartControl}. */
	protected void followEditor() {
		caret = new EditorCaret(getSite().getPage(), this);
		caret.start();
	}

	/** What the view shows for the innermost {@code element} at the caret ({@code null} outside any element). */
	protected abstract T compute(EObject element);

	/** Shows {@code result} (on the UI thread); {@code null} when the caret is outside what the view shows. */
	protected abstract void show(T result, IslEditor editor);

	/** The caret's follower, for subclasses that need the editor's file. */
	protected EditorCaret caret() {
		return caret;
	}

	@Override
	public void caretAt(IslEditor editor, int offset) {
		reads.read(editor, offset, getSite().getShell().getDisplay(), this::compute, () -> caret != null,
				result -> show(result, editor));
	}

	@Override
	public void editorClosed() {
		reads.cancel();
		show(null, null);
	}

	/** Moves the editor's selection to {@code offset}/{@code length} and brings the editor to front. */
	protected void reveal(IslEditor editor, int offset, int length) {
		if (editor == null) {
			return;
		}
		getSite().getPage().activate(editor);
		editor.selectAndReveal(offset, length);
	}

	@Override
	public void dispose() {
		if (caret != null) {
			caret.dispose();
			caret = null;
		}
		super.dispose();
	}
}
