package dev.isthmus.runner;

import java.util.List;

/** Why the runner refuses to start: every problem found, each saying what is wrong, where, and what to do. */
public final class StartupException extends Exception {

	private static final long serialVersionUID = 1L;

	private final List<String> problems;

	public StartupException(List<String> problems) {
		super(String.join(System.lineSeparator(), problems));
		this.problems = List.copyOf(problems);
	}

	public StartupException(String problem) {
		this(List.of(problem));
	}

	public List<String> problems() {
		return problems;
	}
}
