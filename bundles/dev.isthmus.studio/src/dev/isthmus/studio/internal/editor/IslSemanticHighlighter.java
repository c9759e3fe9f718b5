package dev.isthmus.studio.internal.editor;

import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.BadPositionCategoryException;
import org.eclipse.jface.text.DefaultPositionUpdater;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IPositionUpdater;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextPresentationListener;
import org.eclipse.jface.text.ITextViewerExtension4;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.custom.StyleRange;

import dev.isthmus.dsl.ide.editor.IslHighlight;

/**
 * Draws the parse's meaning-based colours over the spelling-based ones. The ranges are kept as document positions,
 * so they move with the text while the user types, until the next parse replaces them.
 */
final class IslSemanticHighlighter implements ITextPresentationListener {

	private static final String CATEGORY = "dev.isthmus.isl.semantic";

	private final ISourceViewer viewer;
	private final IPositionUpdater updater = new DefaultPositionUpdater(CATEGORY);
	private IDocument document;

	IslSemanticHighlighter(ISourceViewer viewer) {
		this.viewer = viewer;
		((ITextViewerExtension4) viewer).addTextPresentationListener(this);
	}

	/** Replaces the highlighted ranges; call on the UI thread with ranges computed for the document's current text. */
	void update(List<IslHighlight> highlights) {
		IDocument current = viewer.getDocument();
		if (current == null) {
			return;
		}
		if (current != document) {
			document = current;
			document.addPositionCategory(CATEGORY);
			document.addPositionUpdater(updater);
		}
		try {
			document.removePositionCategory(CATEGORY);
			document.addPositionCategory(CATEGORY);
			for (IslHighlight highlight : highlights) {
				if (highlight.offset() + highlight.length() <= document.getLength()) {
					document.addPosition(CATEGORY, new Styled(highlight.offset(), highlight.length(), highlight.style()));
				}
			}
		} catch (BadLocationException | BadPositionCategoryException e) {
			return; // the text changed under us: the next parse brings fresh ranges
		}
		viewer.invalidateTextPresentation();
	}

	@Override
	public void applyTextPresentation(TextPresentation presentation) {
		if (document == null || !document.containsPositionCategory(CATEGORY)) {
			return;
		}
		IRegion extent = presentation.getExtent();
		int from = extent.getOffset();
		int to = from + extent.getLength();
		try {
			for (Position position : document.getPositions(CATEGORY)) {
				if (position.isDeleted() || position.getOffset() + position.getLength() <= from) {
					continue;
				}
				if (position.getOffset() >= to) {
					break; // positions are sorted by offset
				}
				TextAttribute attribute = IslColors.attribute(IslColors.Kind.of(((Styled) position).style));
				StyleRange range = new StyleRange(position.getOffset(), position.getLength(), attribute.getForeground(),
						null, attribute.getStyle());
				presentation.mergeStyleRange(range);
			}
		} catch (BadPositionCategoryException e) {
			// removed concurrently by update(): nothing to draw this time
		}
	}

	void dispose() {
		((ITextViewerExtension4) viewer).removeTextPresentationListener(this);
		if (document != null) {
			document.removePositionUpdater(updater);
			try {
				document.removePositionCategory(CATEGORY);
			} catch (BadPositionCategoryException e) {
				// never added
			}
		}
	}

	private static final class Styled extends Position {
		final IslHighlight.Style style;

		Styled(int offset, int length, IslHighlight.Style style) {
			super(offset, length);
			this.style = style;
		}
	}
}
