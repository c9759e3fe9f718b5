package dev.isthmus.engine;

import java.util.List;
import java.util.Map;

/**
 * What became of one record in a flow: where it was delivered, or why it was filtered, skipped as a duplicate or
 * dead-lettered — and its trace, step by step, as the simulator, the Studio preview and the runner's audit show it.
 */
public record Outcome(String correlationId, List<Delivery> deliveries, String deadLetter, boolean filtered,
		boolean duplicate, List<Trace> trace) {

	/** One record handed to one target endpoint, in that endpoint's record shape. */
	public record Delivery(String endpoint, Map<String, Object> record) {
	}

	/** One step of the journey: what the step was, what it decided, and the record after it. */
	public record Trace(String step, String detail, Object record) {
	}
}
