package dev.isthmus.runner.internal;

import java.util.List;

/** Where a flow delivers: a directory, an HTTP API, a table. Deliveries come from the outbox, in batches. */
interface Sink extends AutoCloseable {

	/**
	 * One outbox row waiting for delivery. A row of a sink that {@link #packs} may hold a pack of {@code records}
	 * deliveries, {@code record} then being their {@link Pack} text; {@code records} is 0 for a row of one delivery.
	 */
	record Pending(long id, String flow, String record, String idempotencyKey, String correlation, String retry, int attempts,
			String history, Long batch, java.time.Instant createdAt, int records, String orderKey) {

		/** A row whose flow orders its deliveries by nothing (see {@link #orderKey}). */
		Pending(long id, String flow, String record, String idempotencyKey, String correlation, String retry, int attempts,
				String history, Long batch, java.time.Instant createdAt, int records) {
			this(id, flow, record, idempotencyKey, correlation, retry, attempts, history, batch, createdAt, records, null);
		}

		boolean packed() {
			return records > 0;
		}

		/** How many deliveries the row holds. */
		int count() {
			return packed() ? records : 1;
		}
	}

	enum Kind {
		/** Delivered. */
		OK,
		/** Worth another attempt: a 5xx, a timeout, a refused connection. */
		RETRY,
		/** Will never succeed as it is: a 4xx, a record the target refuses. */
		PERMANENT,
		/**
		 * Final like {@link #PERMANENT} (the record becomes a dead letter), but for the target's sake, not the
		 * record's: the target refuses the runner's credentials (an HTTP 401, 403, 407), and makes it degraded.
		 */
		DENIED,
		/**
		 * Final like {@link #PERMANENT}, but neither the record's fault nor the target's: the configuration has the
		 * endpoint no longer (see {@link StrandedWork}).
		 */
		GONE
	}

	/**
	 * What became of a row. {@code retryAfter}: for a {@link Kind#RETRY}, the least wait the target asked for (an HTTP
	 * {@code Retry-After}), or {@code null}.
	 */
	record Result(Kind kind, String detail, java.time.Duration retryAfter) {
		static final Result OK = new Result(Kind.OK, null);

		Result(Kind kind, String detail) {
			this(kind, detail, null);
		}
	}

	/**
	 * Delivers the rows and says what became of each, in order. A sink told to {@link #stopWhen stop} may answer for
	 * the first rows only, or (one sending side by side) answer {@code null} for some: the others were not sent, or
	 * given up unanswered, and stay as they are.
	 */
	List<Result> deliver(List<Pending> rows) throws Exception;

	/**
	 * Once {@code stop} says so (the runner is stopping), the sink sends nothing more: no new request, no more waiting
	 * for a rate, and a request still unanswered is given up (its row stays pending, to be sent again with its key).
	 */
	default void stopWhen(java.util.function.BooleanSupplier stop) {
	}

	/** How many rows one call takes; 1 for sinks that deliver one record per call. */
	default int batchSize() {
		return 200;
	}

	/**
	 * Whether the flow may write all deliveries of one transaction to this sink as one outbox row (a {@link Pack}):
	 * true for a sink that delivers a batch in one transaction of its own and marks it delivered there, so that a
	 * thousand rows cost the journal one insert and one update instead of a thousand of each.
	 */
	default boolean packs() {
		return false;
	}

	/**
	 * What a runner started later needs to keep to this sink's rate (see {@link RateLimit#state}), kept in the journal
	 * after each delivery; {@code null} for a sink without a rate, or when no request is in the rate's last window.
	 */
	default String pace() {
		return null;
	}

	/** Continues from what {@link #pace} said in a runner before this one. */
	default void resumePace(String pace) {
	}

	/**
	 * What a row's delivery changes at the target, for a sink whose requests to one thing must land in the order they
	 * were written (an HTTP PUT, PATCH or DELETE: its URL): a row waiting for its retry holds back the later rows of
	 * its key (see {@link EndpointOutbox}). {@code null}: the row's delivery is ordered with no other (a POST, a file).
	 */
	default String orderKey(Pending row) {
		return null;
	}

	/** Whether {@link #orderKey} names keys for this sink's rows. */
	default boolean ordersByKey() {
		return false;
	}

	/** Whether a batch must be delivered again as the same batch after a crash (one file per batch). */
	default boolean stableBatches() {
		return false;
	}

	@Override
	default void close() {
	}
}
