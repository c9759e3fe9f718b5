package dev.isthmus.dsl.ide.editor;

import java.util.List;

/** A mechanical fix of a problem: a label for the menu and the edits that make it. */
public record IslQuickFix(String label, List<IslEdit> edits) {
}
