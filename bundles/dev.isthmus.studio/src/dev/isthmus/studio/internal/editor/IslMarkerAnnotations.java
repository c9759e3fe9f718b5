package dev.isthmus.studio.internal.editor;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.AnnotationModelEvent;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelListener;
import org.eclipse.jface.text.source.IAnnotationModelListenerExtension;
import org.eclipse.ui.texteditor.MarkerAnnotation;

import dev.isthmus.studio.StudioIds;

/**
 * Keeps the builder's markers out of an open editor's text: the editor validates as the user types, so its own
 * squiggles are the current ones, while a marker describes the file as last built — shown beside them, every
 * problem was underlined twice, and a fixed one stayed until the next save. The markers stay in the Problems view.
 */
final class IslMarkerAnnotations implements IAnnotationModelListener, IAnnotationModelListenerExtension {

	private IAnnotationModel model;

	/** Hides the builder's annotations in {@code current} now and whenever the builder adds some. */
	void follow(IAnnotationModel current) {
		if (current == model) {
			return;
		}
		if (model != null) {
			model.removeAnnotationModelListener(this);
		}
		model = current;
		if (model != null) {
			model.addAnnotationModelListener(this);
			model.getAnnotationIterator().forEachRemaining(IslMarkerAnnotations::hide);
		}
	}

	@Override
	public void modelChanged(AnnotationModelEvent event) {
		for (Annotation added : event.getAddedAnnotations()) {
			hide(added);
		}
		for (Annotation changed : event.getChangedAnnotations()) {
			hide(changed);
		}
	}

	@Override
	public void modelChanged(IAnnotationModel changed) {
		// the extension's event form above says which annotations came
	}

	private static void hide(Annotation annotation) {
		if (annotation instanceof MarkerAnnotation marker && !marker.isMarkedDeleted() && builders(marker)) {
			marker.markDeleted(true);
		}
	}

	private static boolean builders(MarkerAnnotation annotation) {
		try {
			return annotation.getMarker().exists() && StudioIds.PROBLEM_MARKER.equals(annotation.getMarker().getType());
		} catch (CoreException e) {
			return false;
		}
	}
}
