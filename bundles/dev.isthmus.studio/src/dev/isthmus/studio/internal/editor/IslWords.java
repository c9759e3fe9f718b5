package dev.isthmus.studio.internal.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.Region;

/** The name around an offset: what a hover explains and Ctrl+click follows. */
final class IslWords {

	private IslWords() {
	}

	static IRegion at(IDocument document, int offset) {
		try {
			int start = offset;
			while (start > 0 && isPart(document.getChar(start - 1))) {
				start--;
			}
			int end = offset;
			while (end < document.getLength() && isPart(document.getChar(end))) {
				end++;
			}
			return new Region(start, end - start);
		} catch (BadLocationException e) {
			return new Region(offset, 0);
		}
	}

	private static boolean isPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}
}
