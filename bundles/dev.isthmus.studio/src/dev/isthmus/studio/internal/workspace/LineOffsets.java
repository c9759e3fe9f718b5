package dev.isthmus.studio.internal.workspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Character offsets of a file's lines, to turn a diagnostic's line and column into the character range an editor
 * underlines. Diagnostics carry no length, so the range is the word (or the single character) they point at.
 */
final class LineOffsets {

	private final String text;
	private final List<Integer> starts;

	private LineOffsets(String text, List<Integer> starts) {
		this.text = text;
		this.starts = starts;
	}

	static LineOffsets of(String text) {
		List<Integer> starts = new ArrayList<>();
		starts.add(0);
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				starts.add(i + 1);
			}
		}
		return new LineOffsets(text, starts);
	}

	/** The offset of 1-based {@code line} and {@code column}, or -1 if the file has no such place. */
	int offset(int line, int column) {
		if (line < 1 || line > starts.size()) {
			return -1;
		}
		int offset = starts.get(line - 1) + Math.max(column, 1) - 1;
		return offset <= text.length() ? offset : -1;
	}

	/** The end of the identifier starting at {@code start}, or {@code start + 1} for anything else. */
	int tokenEnd(int start) {
		int end = start;
		while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
			end++;
		}
		return end > start ? end : start + 1;
	}
}
