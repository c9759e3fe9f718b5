package dev.isthmus.dsl.ide.editor;

import java.util.List;

/**
 * An entry of the outline: a declaration with its children.
 *
 * @param kind            e.g. {@code model}, {@code field}, {@code flow}, {@code step}
 * @param offset          where the whole declaration starts
 * @param nameOffset      where its name (or first word) stands: what selecting the entry selects
 * @param line            1-based line of the name
 */
public record IslSymbol(String name, String kind, int offset, int length, int nameOffset, int nameLength, int line,
		List<IslSymbol> children) {
}
