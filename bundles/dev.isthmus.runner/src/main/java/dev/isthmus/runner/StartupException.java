package dev.isthmus.runner;

import java.util.List;

/**
 * Why the runner refuses to start: every problem found, each saying what is wrong, where, and what to do. Or, for
 * a drain ({@link Runner#once}) that started and could not go on, why ({@link #started()}), with what it had done.
 */
public final class StartupException extends Exception {

	private static final long serialVersionUID = 1L;

	private final List<String> problems;
	private final boolean started;
	private final transient RunSummary stoppedAfter;

	public StartupException(List<String> problems) {
		this(problems, false, null);
	}

	public StartupException(String problem) {
		this(List.of(problem));
	}

	private StartupException(List<String> problems, boolean started, RunSummary stoppedAfter) {
		super(String.join(System.lineSeparator(), problems));
		this.problems = List.copyOf(problems);
		this.started = started;
		this.stoppedAfter = stoppedAfter;
	}

	/** A drain that started and stopped on {@code problem}, having done {@code soFar} ({@code null} when that cannot be told). */
	static StartupException stopped(String problem, RunSummary soFar) {
		return new StartupException(List.of(problem), true, soFar);
	}

	public List<String> problems() {
		return problems;
	}

	/** Whether the run had started and stopped (a drain that could not go on), rather than refused to start. */
	public boolean started() {
		return started;
	}

	/** What a drain that stopped had done, all of it in the journal; {@code null} when it refused to start or cannot tell. */
	public RunSummary stoppedAfter() {
		return stoppedAfter;
	}
}
