package dev.isthmus.dsl.ide.editor;

import java.util.List;

/**
 * A problem in the edited text, where the editor underlines it.
 *
 * @param offset   0-based character offset
 * @param line     1-based line
 * @param code     the validator's issue code (quick fixes key on it), or {@code null}
 * @param data     the quick-fix data, e.g. the suggested name
 */
public record IslProblem(int offset, int length, int line, Severity severity, String message, String code,
		List<String> data) {

	/** How bad a problem is. */
	public enum Severity {
		ERROR, WARNING, INFO
	}
}
