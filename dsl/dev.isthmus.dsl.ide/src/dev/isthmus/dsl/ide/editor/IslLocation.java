package dev.isthmus.dsl.ide.editor;

import java.nio.file.Path;

/**
 * A place in a file of the project: where a declaration or a reference stands.
 *
 * @param line 1-based
 */
public record IslLocation(Path file, int offset, int length, int line, String preview) {
}
