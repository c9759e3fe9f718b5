package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Where a flow's records come from: the inbox (webhooks, feeds, replays), a directory, a table. */
interface Source extends AutoCloseable {

	/**
	 * The next records, at most {@code max}; an empty batch when none are waiting. Nothing is consumed until the
	 * batch's {@link Batch#inTransaction} has run inside the transaction that records the batch's outcome.
	 */
	Batch next(Connection connection, int max) throws Exception;

	/**
	 * A batch also ends once its records' text reaches this: a batch is held in memory, and a record can be large
	 * (a webhook body up to --max-body, a long line). 64 MB, or a 64th of the heap if less: a batch's records take many
	 * times their text (trees, the engine's values, traces), and a JSON export of 1 KB records in batches of 5,000 ended a
	 * runner with -Xmx128m out of memory (review 36).
	 */
	long BATCH_TEXT = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 64);

	/**
	 * The transaction that was to record the last batch failed and was rolled back: the next call must read that batch
	 * again, as a restart would. Sources that read from where the journal says need nothing.
	 */
	default void rollback() {
	}

	/**
	 * Whether {@link #next} may be called while the batch before is still committing: the source knows in memory
	 * what it has handed out (and forgets it at {@link #rollback}). A source that reads from where the journal says
	 * waits for the commit instead.
	 */
	default boolean readsAhead() {
		return false;
	}

	@Override
	default void close() {
	}

	/** What a source read, and how it marks it consumed. */
	record Batch(List<Input> inputs, Step inTransaction, Runnable afterCommit) {

		static final Batch EMPTY = new Batch(List.of(), c -> {
		}, () -> {
		});
	}

	interface Step {
		void run(Connection connection) throws SQLException;
	}
}
