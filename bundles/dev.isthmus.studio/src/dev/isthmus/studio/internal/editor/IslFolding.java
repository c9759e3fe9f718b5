package dev.isthmus.studio.internal.editor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;

import dev.isthmus.dsl.ide.editor.IslSymbol;

/**
 * Folding of every declaration that spans several lines. A region keeps its annotation (and so whether the user
 * collapsed it) across parses while its kind and name stay the same.
 */
final class IslFolding {

	private final ProjectionViewer viewer;
	private Map<String, ProjectionAnnotation> current = new HashMap<>();

	IslFolding(ProjectionViewer viewer) {
		this.viewer = viewer;
	}

	void update(List<IslSymbol> symbols) {
		ProjectionAnnotationModel model = viewer.getProjectionAnnotationModel();
		IDocument document = viewer.getDocument();
		if (model == null || document == null) {
			return;
		}
		Map<String, Position> wanted = new HashMap<>();
		collect(symbols, document, wanted, "");
		Map<String, ProjectionAnnotation> next = new HashMap<>();
		Map<Annotation, Position> added = new HashMap<>();
		for (Map.Entry<String, Position> region : wanted.entrySet()) {
			ProjectionAnnotation annotation = current.remove(region.getKey());
			if (annotation == null) {
				annotation = new ProjectionAnnotation();
				added.put(annotation, region.getValue());
			} else {
				model.modifyAnnotationPosition(annotation, region.getValue());
			}
			next.put(region.getKey(), annotation);
		}
		model.modifyAnnotations(current.values().toArray(Annotation[]::new), added, null);
		current = next;
	}

	private static void collect(List<IslSymbol> symbols, IDocument document, Map<String, Position> into, String path) {
		for (IslSymbol symbol : symbols) {
			String key = path + "/" + symbol.kind() + ":" + symbol.name();
			try {
				int first = document.getLineOfOffset(symbol.offset());
				int last = document.getLineOfOffset(Math.min(document.getLength(), symbol.offset() + symbol.length()));
				if (last > first) {
					int start = document.getLineOffset(first);
					int end = last + 1 < document.getNumberOfLines() ? document.getLineOffset(last + 1) : document.getLength();
					into.putIfAbsent(key, new Position(start, end - start));
				}
			} catch (BadLocationException e) {
				continue; // the symbol is past the end of a shorter text: skip it until the next parse
			}
			collect(symbol.children(), document, into, key);
		}
	}
}
