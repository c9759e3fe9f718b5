package dev.isthmus.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated configuration that cannot be used: every problem found, each with its file and the JSON pointer of the
 * offending value, so that a person fixes them all at once rather than one per start.
 */
public final class ConfigurationException extends Exception {

	private static final long serialVersionUID = 1L;

	/** One problem: its file, the JSON pointer of the value (empty for the whole document), what is wrong and what to do. */
	public record Problem(Path file, String pointer, String message) {

		/** {@code flows/a.json at /steps/2/ttl: what is wrong; what to do}: the pointer once. */
		@Override
		public String toString() {
			return file + (pointer == null || pointer.isEmpty() ? "" : " at " + pointer) + ": " + message;
		}
	}

	private final transient List<Problem> problems;

	public ConfigurationException(Path file, String pointer, String message, Throwable cause) {
		this(List.of(new Problem(file, pointer, message)), cause);
	}

	public ConfigurationException(List<Problem> problems) {
		this(problems, null);
	}

	private ConfigurationException(List<Problem> problems, Throwable cause) {
		super(String.join(System.lineSeparator(), problems.stream().map(Problem::toString).toList()), cause);
		this.problems = List.copyOf(problems);
	}

	/** Every problem, the first file's first. */
	public List<Problem> problems() {
		return problems;
	}

	/** The first problem's file. */
	public Path file() {
		return problems.get(0).file();
	}

	/** The first problem's JSON pointer, e.g. {@code /steps/2/ttl}; empty for the whole document. */
	public String pointer() {
		return problems.get(0).pointer();
	}
}
