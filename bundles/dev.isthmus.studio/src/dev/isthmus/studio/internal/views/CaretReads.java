package dev.isthmus.studio.internal.views;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.swt.widgets.Display;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.studio.internal.editor.IslEditor;

/**
 * Reads what a view shows of the model element at an editor's caret off the UI thread (a {@link Job}, holding the
 * document's lock only while it copies the facts out) and hands the result to the UI thread — unless the caret has
 * moved on meanwhile: only the newest read is shown.
 */
final class CaretReads {

	private final String purpose;
	private final AtomicInteger generation = new AtomicInteger();

	/** @param purpose what the reads are for, in the job's name */
	CaretReads(String purpose) {
		this.purpose = purpose;
	}

	/**
	 * Computes {@code compute} on the element at {@code offset} and passes the result to {@code show} on the UI
	 * thread, if this is still the newest read and {@code stillWanted} says so there.
	 */
	<T> void read(IslEditor editor, int offset, Display display, Function<EObject, T> compute, BooleanSupplier stillWanted,
			Consumer<T> show) {
		IslDocument document = editor.getAdapter(IslDocument.class);
		if (document == null) {
			return;
		}
		int mine = generation.incrementAndGet();
		Job job = Job.create("Reading the model at the caret for " + purpose, (IProgressMonitor monitor) -> {
			if (mine != generation.get()) {
				return Status.CANCEL_STATUS; // a newer position is queued
			}
			T result;
			try {
				result = document.read(resource -> compute.apply(document.elementAt(resource, offset)));
			} catch (RuntimeException e) {
				// A model half-way through an edit; the next parse brings a readable one. Logged, the view keeps
				// what it showed.
				return new Status(IStatus.WARNING, "dev.isthmus.studio", "cannot read the model at offset " + offset
						+ " of " + editor.getTitle() + ": " + e, e);
			}
			if (!display.isDisposed()) {
				display.asyncExec(() -> {
					if (mine == generation.get() && stillWanted.getAsBoolean()) {
						show.accept(result);
					}
				});
			}
			return Status.OK_STATUS;
		});
		job.setSystem(true); // a read of a few milliseconds: no progress entry for every caret move
		job.schedule();
	}

	/** Drops the reads under way: their results are no longer wanted. */
	void cancel() {
		generation.incrementAndGet();
	}
}
