package dev.isthmus.runner.internal;

/**
 * JSON texts gathered into one journal row as a JSON array. A batch's held records, traces and idempotency keys
 * are each kept this way rather than a row apiece: per-record rows made H2 rewrite index pages all over the file
 * at every commit. A row is closed before it outgrows the journal's text columns (a million characters).
 */
final class BatchRow {

	static final int LIMIT = 900_000;

	private final StringBuilder text = new StringBuilder();

	/** Whether {@code entry} still fits; an empty row takes any entry. */
	boolean fits(String entry) {
		return text.isEmpty() || text.length() + entry.length() + 2 <= LIMIT;
	}

	boolean isEmpty() {
		return text.isEmpty();
	}

	void add(String entry) {
		text.append(text.isEmpty() ? '[' : ',').append(entry);
	}

	/** The row's JSON array; the row starts empty again. */
	String take() {
		String row = text.append(']').toString();
		text.setLength(0);
		return row;
	}
}
