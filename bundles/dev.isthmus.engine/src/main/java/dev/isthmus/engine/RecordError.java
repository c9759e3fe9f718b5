package dev.isthmus.engine;

/**
 * Why one record could not be processed: a failed expression, a missing value, a value a function refused. The
 * engine reports it for that record and goes on with the next; it never stops a batch.
 *
 * @param where the place in the configuration, e.g. {@code mapping acme.revenue.StripeInvoiceToInvoice, rule total}
 * @param value the offending value as text, or {@code null}
 */
public final class RecordError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String where;
	private final String value;

	public RecordError(String where, String message, String value) {
		super(where + ": " + message + (value == null ? "" : " (value: " + value + ")"));
		this.where = where;
		this.value = value;
	}

	public String where() {
		return where;
	}

	public String value() {
		return value;
	}

	/** The same error, located inside {@code outer}. */
	public RecordError within(String outer) {
		return new RecordError(outer + ", " + where, getMessage().substring(where.length() + 2)
				.replaceFirst(" \\(value: .*\\)$", ""), value);
	}
}
