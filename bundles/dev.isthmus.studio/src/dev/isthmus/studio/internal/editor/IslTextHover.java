package dev.isthmus.studio.internal.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;

import dev.isthmus.dsl.ide.editor.IslDocument;

/**
 * Hover: the problems under the pointer first, then what the name means — an expression's type, the signature and
 * doc of a function, the declaration and doc of a referenced element.
 */
final class IslTextHover implements ITextHover {

	private final IslEditor editor;

	IslTextHover(IslEditor editor) {
		this.editor = editor;
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		List<String> parts = new ArrayList<>(problemsAt(region.getOffset()));
		IslDocument document = editor.islDocument();
		if (document != null) {
			document.update(viewer.getDocument().get());
			String meaning = document.hover(region.getOffset());
			if (meaning != null) {
				parts.add(meaning);
			}
		}
		return parts.isEmpty() ? null : String.join("\n\n", parts);
	}

	private List<String> problemsAt(int offset) {
		List<String> messages = new ArrayList<>();
		IAnnotationModel model = editor.annotationModel();
		if (model == null) {
			return messages;
		}
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation annotation = it.next();
			Position position = model.getPosition(annotation);
			if (annotation instanceof IslProblemAnnotation && position != null && position.includes(offset)
					&& !messages.contains(annotation.getText())) {
				messages.add(annotation.getText());
			}
		}
		return messages;
	}

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		return IslWords.at(viewer.getDocument(), offset);
	}
}
