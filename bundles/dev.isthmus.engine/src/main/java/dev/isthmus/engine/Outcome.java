package dev.isthmus.engine;

import java.util.List;
import java.util.Map;

/**
 * What became of one record in a flow: where it was delivered, or why it was filtered, skipped as a duplicate or
 * dead-lettered — and its trace, step by step, as the simulator, the Studio preview and the runner's audit show it.
 */
public record Outcome(String correlationId, List<Delivery> deliveries, String deadLetter, boolean filtered,
		boolean duplicate, List<Trace> trace) {

	/**
	 * A record for {@code endpoint}. {@code orderKey}: the value of the flow's {@code ordered by} for it ({@code =} and its
	 * text; {@code null} for none), or {@code null} when no such step came before: the runner delivers a key's records to a
	 * target in the order they were decided.
	 */
	public record Delivery(String endpoint, Map<String, Object> record, String orderKey) {

		public Delivery(String endpoint, Map<String, Object> record) {
			this(endpoint, record, null);
		}
	}

	/**
	 * The step that dead-lettered the record: the trace's entry before the dead letter's own ({@code "from Shop.orders"}
	 * for a record that does not fit its declaration); {@code "from"} for a trace too short to say.
	 */
	public String deadLetterStep() {
		return trace.size() >= 2 ? trace.get(trace.size() - 2).step() : "from";
	}

	/** One step of the journey: what the step was, what it decided, and the record after it. */
	public record Trace(String step, String detail, Object record) {
	}
}
