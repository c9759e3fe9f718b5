package dev.isthmus.dsl.project;

import java.nio.file.Path;

import org.eclipse.xtext.validation.Issue;

/**
 * One problem in one file of a project, located by line and column (both 1-based).
 *
 * @param code the validator's issue code, or {@code null} for syntax errors; quick fixes key on it
 */
public record ProjectDiagnostic(Path file, int line, int column, Severity severity, String message, String code) {

	/** How bad a diagnostic is; only errors fail a validation. */
	public enum Severity {
		ERROR, WARNING, INFO;

		/** The lower-case word used in {@code file:line:col: severity: message}. */
		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	static ProjectDiagnostic of(Path file, Issue issue) {
		Severity severity = switch (issue.getSeverity()) {
			case ERROR -> Severity.ERROR;
			case WARNING -> Severity.WARNING;
			default -> Severity.INFO;
		};
		return new ProjectDiagnostic(file, orOne(issue.getLineNumber()), orOne(issue.getColumn()), severity,
				issue.getMessage(), issue.getCode());
	}

	private static int orOne(Integer position) {
		return position == null || position < 1 ? 1 : position;
	}

	/** The compiler-style line every build server and editor understands: {@code file:line:col: severity: message}. */
	public String format() {
		return file + ":" + line + ":" + column + ": " + severity.label() + ": " + message;
	}
}
