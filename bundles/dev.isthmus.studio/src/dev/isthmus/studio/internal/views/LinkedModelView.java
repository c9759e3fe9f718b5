package dev.isthmus.studio.internal.views;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * A view that shows a part of the model under the caret of the {@code .isl} editor: reads the parsed file off the
 * UI thread (a {@link Job}, holding the document's lock only while it copies the rows out) and shows the result
 * when no newer caret position has arrived meanwhile.
 *
 * @param <T> what the view shows, computed from the element at the caret; holds no model objects
 */
abstract class LinkedModelView<T> extends ViewPart implements EditorCaret.Listener {

	private final AtomicInteger generation = new AtomicInteger();
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
		IslDocument document = editor.getAdapter(IslDocument.class);
		if (document == null) {
			return;
		}
		int mine = generation.incrementAndGet();
		Display display = getSite().getShell().getDisplay();
		Job job = Job.create("Reading the model at the caret for " + getPartName(), (IProgressMonitor monitor) -> {
			if (mine != generation.get()) {
				return Status.CANCEL_STATUS; // a newer position is queued
			}
			T result;
			try {
				result = document.read(resource -> compute(document.elementAt(resource, offset)));
			} catch (RuntimeException e) {
				// A model half-way through an edit; the next parse brings a readable one. Logged, the view keeps
				// what it showed.
				return new Status(IStatus.WARNING, "dev.isthmus.studio", "cannot read the model at offset " + offset
						+ " of " + editor.getTitle() + ": " + e, e);
			}
			display.asyncExec(() -> {
				if (mine == generation.get() && !display.isDisposed() && caret != null) {
					show(result, editor);
				}
			});
			return Status.OK_STATUS;
		});
		job.setSystem(true); // a read of a few milliseconds: no progress entry for every caret move
		job.schedule();
	}

	@Override
	public void editorClosed() {
		generation.incrementAndGet();
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
