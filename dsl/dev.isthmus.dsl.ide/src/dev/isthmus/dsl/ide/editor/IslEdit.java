package dev.isthmus.dsl.ide.editor;

/** Replace {@code length} characters at {@code offset} of the edited text with {@code text}. */
public record IslEdit(int offset, int length, String text) {
}
