package dev.isthmus.studio.internal.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslHighlight;
import dev.isthmus.dsl.ide.editor.IslProblem;
import dev.isthmus.dsl.ide.editor.IslSymbol;

/**
 * Validation while typing: the reconciler calls this on its own thread once typing pauses. It parses the text with
 * the project, turns problems into squiggles and hands highlighting and outline to the UI thread — only if the text
 * is still what was parsed, so nothing lands in the wrong place.
 */
final class IslReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {

	private final IslEditor editor;
	private IDocument document;
	private IProgressMonitor monitor = new NullProgressMonitor();
	private final List<Annotation> shown = new ArrayList<>();
	private final IslMarkerAnnotations markers = new IslMarkerAnnotations();

	IslReconcilingStrategy(IslEditor editor) {
		this.editor = editor;
	}

	@Override
	public void setDocument(IDocument document) {
		this.document = document;
	}

	@Override
	public void setProgressMonitor(IProgressMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void initialReconcile() {
		reconcile();
	}

	@Override
	public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
		reconcile();
	}

	@Override
	public void reconcile(IRegion partition) {
		reconcile();
	}

	private void reconcile() {
		if (document == null) {
			return;
		}
		String text = document.get();
		IslDocument parsed = editor.islDocument();
		if (parsed == null) {
			return;
		}
		parsed.update(text);
		List<IslProblem> problems = parsed.problems(monitor::isCanceled);
		if (monitor.isCanceled()) {
			return;
		}
		List<IslHighlight> highlights = parsed.highlights();
		List<IslSymbol> symbols = parsed.symbols();
		showProblems(problems);
		editor.afterParse(text, highlights, symbols);
	}

	private void showProblems(List<IslProblem> problems) {
		IAnnotationModel model = editor.annotationModel();
		if (model == null) {
			return;
		}
		markers.follow(model);
		Map<Annotation, Position> added = new HashMap<>();
		for (IslProblem problem : problems) {
			added.put(new IslProblemAnnotation(problem), new Position(problem.offset(), problem.length()));
		}
		if (model instanceof IAnnotationModelExtension extension) {
			extension.replaceAnnotations(shown.toArray(Annotation[]::new), added);
		} else {
			shown.forEach(model::removeAnnotation);
			added.forEach(model::addAnnotation);
		}
		shown.clear();
		shown.addAll(added.keySet());
	}

	/** The problems shown now, for quick fixes. */
	List<IslProblemAnnotation> annotations() {
		List<IslProblemAnnotation> result = new ArrayList<>();
		for (Iterator<Annotation> it = List.copyOf(shown).iterator(); it.hasNext();) {
			result.add((IslProblemAnnotation) it.next());
		}
		return result;
	}
}
