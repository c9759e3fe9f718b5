package dev.isthmus.runner;

import java.util.List;

/**
 * What a run did, per flow and per target endpoint, and the files it could not read; {@code isthmus run --once}
 * prints it.
 */
public record RunSummary(List<FlowCounts> flows, List<EndpointCounts> endpoints, List<UnreadFile> unreadFiles) {

	/**
	 * A file a file source could not read, moved to a {@code failed/} folder with a {@code .reason.txt} beside it:
	 * {@code file} where it was and {@code folder} where it went, both under the run's root, and why.
	 */
	public record UnreadFile(String file, String folder, String reason) {
	}

	public record FlowCounts(String flow, long received, long filtered, long duplicates, long deadLettered, long queued, long held) {
	}

	/** {@code waiting}: deliveries still in the outbox (a retry not yet due, or a target not reached yet). */
	public record EndpointCounts(String endpoint, long delivered, long retried, long deadLettered, long waiting) {
	}

	public long deadLettered() {
		return flows.stream().mapToLong(FlowCounts::deadLettered).sum() + endpoints.stream().mapToLong(EndpointCounts::deadLettered).sum();
	}

	public String render() {
		StringBuilder s = new StringBuilder();
		s.append(String.format("%-40s %9s %9s %9s %9s %9s %9s%n", "flow", "received", "filtered", "duplicate", "dead", "queued", "held"));
		for (FlowCounts f : flows) {
			s.append(String.format("%-40s %9d %9d %9d %9d %9d %9d%n", f.flow(), f.received(), f.filtered(), f.duplicates(), f.deadLettered(),
					f.queued(), f.held()));
		}
		s.append(String.format("%n%-40s %9s %9s %9s %9s%n", "endpoint", "delivered", "retried", "dead", "waiting"));
		for (EndpointCounts e : endpoints) {
			s.append(String.format("%-40s %9d %9d %9d %9d%n", e.endpoint(), e.delivered(), e.retried(), e.deadLettered(), e.waiting()));
		}
		long held = flows.stream().mapToLong(FlowCounts::held).sum();
		if (held > 0) {
			// "held" alone said nothing of when they go on (review 23).
			s.append(String.format("%n%s held for aggregation windows still open, in the journal: a window closes once the records'"
					+ " time, or the clock, has passed its end by 5 minutes, at a later run.%n", held == 1 ? "1 record" : held + " records"));
		}
		return s.toString();
	}
}
