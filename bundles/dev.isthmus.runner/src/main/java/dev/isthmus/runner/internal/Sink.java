package dev.isthmus.runner.internal;

import java.util.List;

/** Where a flow delivers: a directory, an HTTP API, a table. Deliveries come from the outbox, in batches. */
interface Sink extends AutoCloseable {

	/** One outbox row waiting for delivery. */
	record Pending(long id, String flow, String record, String idempotencyKey, String correlation, String retry, int attempts,
			String history, Long batch, java.time.Instant createdAt) {
	}

	enum Kind {
		/** Delivered. */
		OK,
		/** Worth another attempt: a 5xx, a timeout, a refused connection. */
		RETRY,
		/** Will never succeed as it is: a 4xx, a record the target refuses. */
		PERMANENT
	}

	record Result(Kind kind, String detail) {
		static final Result OK = new Result(Kind.OK, null);
	}

	/** Delivers the rows and says what became of each, in order. */
	List<Result> deliver(List<Pending> rows) throws Exception;

	/** How many rows one call takes; 1 for sinks that deliver one record per call. */
	default int batchSize() {
		return 200;
	}

	/** Whether a batch must be delivered again as the same batch after a crash (one file per batch). */
	default boolean stableBatches() {
		return false;
	}

	@Override
	default void close() {
	}
}
