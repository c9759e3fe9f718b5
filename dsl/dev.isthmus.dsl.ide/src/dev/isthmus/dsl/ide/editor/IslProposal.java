package dev.isthmus.dsl.ide.editor;

/**
 * One content-assist proposal: replacing {@code replaceLength} characters at {@code replaceOffset} with {@code text}
 * completes it.
 *
 * @param label         what the list shows
 * @param detail        a type or signature shown beside the label, or the empty text
 * @param documentation the element's or function's doc, or the empty text
 * @param cursor        where the caret goes, relative to the start of {@code text}
 */
public record IslProposal(String label, String detail, String documentation, Kind kind, int replaceOffset,
		int replaceLength, String text, int cursor) {

	/** What a proposal inserts. */
	public enum Kind {
		KEYWORD, FIELD, FUNCTION, REFERENCE, TEMPLATE, VALUE
	}
}
