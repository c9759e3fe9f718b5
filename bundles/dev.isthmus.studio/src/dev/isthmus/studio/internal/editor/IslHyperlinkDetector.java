package dev.isthmus.studio.internal.editor;

import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslLocation;

/** Ctrl+click on a name opens its declaration, in this file or another file of the project. */
final class IslHyperlinkDetector implements IHyperlinkDetector {

	private final IslEditor editor;

	IslHyperlinkDetector(IslEditor editor) {
		this.editor = editor;
	}

	@Override
	public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
		IslDocument document = editor.islDocument();
		if (document == null || !document.text().equals(viewer.getDocument().get())) {
			return null; // parsed text is stale: no link rather than a wrong one (the reconciler catches up)
		}
		IslLocation target = document.definition(region.getOffset());
		if (target == null) {
			return null;
		}
		IRegion word = IslWords.at(viewer.getDocument(), region.getOffset());
		return new IHyperlink[] { new IHyperlink() {
			@Override
			public IRegion getHyperlinkRegion() {
				return word;
			}

			@Override
			public String getTypeLabel() {
				return null;
			}

			@Override
			public String getHyperlinkText() {
				return "Open Declaration";
			}

			@Override
			public void open() {
				IslNavigator.open(editor.getSite().getPage(), target);
			}
		} };
	}
}
