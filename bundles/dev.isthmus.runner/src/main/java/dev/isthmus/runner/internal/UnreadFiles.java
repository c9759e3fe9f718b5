package dev.isthmus.runner.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.isthmus.runner.RunSummary;

/**
 * The files this run's file sources moved to failed/ because they could not be read (not text in their endpoint's
 * encoding, not JSON, a header that is no CSV row): the summary of {@code isthmus run --once} names them, where before
 * only a log line on standard error did, beside counts that said nothing had happened.
 */
public final class UnreadFiles {

	private final List<RunSummary.UnreadFile> files = new ArrayList<>();

	synchronized void add(RunSummary.UnreadFile file) {
		files.add(file);
	}

	/** The files so far, by name. */
	public synchronized List<RunSummary.UnreadFile> list() {
		return files.stream().sorted(Comparator.comparing(RunSummary.UnreadFile::file)).toList();
	}
}
