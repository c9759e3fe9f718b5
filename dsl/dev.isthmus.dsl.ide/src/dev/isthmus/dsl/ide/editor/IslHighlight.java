package dev.isthmus.dsl.ide.editor;

/** A range whose colour depends on what the name means, not only on how it is spelled. */
public record IslHighlight(int offset, int length, Style style) {

	/** What a highlighted name is; the editor maps each to a colour the user can change. */
	public enum Style {
		/** The name a model, record, field, endpoint, mapping or flow is declared with. */
		DECLARATION,
		/** A name that refers to a declaration (a model, endpoint, mapping, …). */
		REFERENCE,
		/** A built-in type or a reference to a model, record or enum used as a type. */
		TYPE,
		/** A call of a standard-library function or a lookup. */
		FUNCTION
	}
}
