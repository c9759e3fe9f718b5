package dev.isthmus.runner.internal;

/**
 * What a flow's worker counts, once it is in the journal: the run's tally (see {@link FlowWorker#tally}) and the
 * flow's record metrics. The worker's thread adds to it, as memory follows each commit.
 */
final class FlowCounts {

	private final Metrics metrics;
	/** The flow's and its source endpoint's: the records it counts came in there (see {@link Metrics#declareFlow}). */
	private final String labels;
	private final FlowWorker.Tally tally = new FlowWorker.Tally();

	FlowCounts(String flow, String source, Metrics metrics) {
		this.metrics = metrics;
		this.labels = Metrics.labels("flow", flow, "endpoint", source);
		metrics.declareFlow(flow, source);
		// Held records take the runner's memory until their window closes (about a kilobyte each): an operator saw the
		// heap fill with an hour's window and nothing to tell it by (review 28). Read as the worker's thread last wrote it.
		metrics.gauge("isthmus_held_records", Metrics.labels("flow", flow), () -> tally.held);
	}

	FlowWorker.Tally tally() {
		return tally;
	}

	/** The records read back for open windows after a restart (see {@link FlowWorker#restore}). */
	void restored(int held) {
		// Counted as held, so that closing them does not leave the run's tally of held records below zero.
		tally.held += held;
	}

	/** What a batch's records came to, once the batch has committed (see {@link FlowWorker#process}). */
	void batchCommitted(FlowWorker.Tally delta) {
		tally.received += delta.received;
		tally.filtered += delta.filtered;
		tally.duplicates += delta.duplicates;
		tally.deadLettered += delta.deadLettered;
		tally.queued += delta.queued;
		tally.held += delta.held;
		metrics.count("isthmus_records_in_total", labels, delta.received);
		metrics.count("isthmus_records_filtered_total", labels, delta.filtered);
		metrics.count("isthmus_records_duplicate_total", labels, delta.duplicates);
		metrics.count("isthmus_records_dead_lettered_total", labels, delta.deadLettered);
	}

	/**
	 * Records a {@code --feed} made dead letters itself, too long for the journal (see {@link Feeds}), once committed:
	 * received and dead-lettered, as a file source's too-long record is (see {@link RecordDecisions#decide}).
	 */
	void deadLetteredByFeed(long records) {
		FlowWorker.Tally delta = new FlowWorker.Tally();
		delta.received = records;
		delta.deadLettered = records;
		batchCommitted(delta);
	}

	/** What closing windows came to, once the close has committed (see {@link FlowWorker#closeWindows}). */
	void windowsClosed(FlowWorker.Tally delta) {
		tally.queued += delta.queued;
		tally.deadLettered += delta.deadLettered;
		tally.held += delta.held;
		metrics.count("isthmus_records_dead_lettered_total", labels, delta.deadLettered);
	}
}
