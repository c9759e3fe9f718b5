package dev.isthmus.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The durations of a flow's configuration, checked beyond the schema's pattern: a value such as {@code PT0S} as a
 * timeout, one of more seconds than a long holds, or one with more than 9 decimal places of a second matches it, and
 * the runner then stopped with a bare "IllegalArgumentException: Invalid duration" naming no file or value. (A long
 * but countable duration is the runner's to bound: it takes a timeout of 999999999 days as a day.)
 */
final class FlowDurations {

	private FlowDurations() {
	}

	/** Adds a problem, with its pointer, for each duration of {@code flow} the runner cannot use. */
	static void check(java.nio.file.Path file, JsonNode flow, List<ConfigurationException.Problem> problems) {
		policies(file, "/policies", flow.path("policies"), problems);
		flow.path("endpoints").properties().forEach(e -> {
			String at = "/endpoints/" + ConfigurationLoader.pointerToken(e.getKey());
			positive(file, at + "/timeout", e.getValue().path("timeout"), "a timeout", problems);
			positive(file, at + "/rate/per", e.getValue().path("rate").path("per"), "a rate's window", problems);
			readable(file, at + "/signature/tolerance", e.getValue().path("signature").path("tolerance"), problems);
		});
		JsonNode steps = flow.path("steps");
		for (int i = 0; i < steps.size(); i++) {
			positive(file, "/steps/" + i + "/ttl", steps.get(i).path("ttl"), "an idempotency window", problems);
			positive(file, "/steps/" + i + "/window", steps.get(i).path("window"), "an aggregation window", problems);
			JsonNode targets = steps.get(i).path("targets");
			for (int t = 0; t < targets.size(); t++) {
				policies(file, "/steps/" + i + "/targets/" + t + "/policies", targets.get(t).path("policies"), problems);
			}
		}
		readable(file, "/calendar/closesAfter", flow.path("calendar").path("closesAfter"), problems);
	}

	/** A flow's policies, or a target's own. */
	private static void policies(java.nio.file.Path file, String at, JsonNode policies, List<ConfigurationException.Problem> problems) {
		positive(file, at + "/timeout", policies.path("timeout"), "a timeout", problems);
		positive(file, at + "/rate/per", policies.path("rate").path("per"), "a rate's window", problems);
		positive(file, at + "/retry/initial", policies.path("retry").path("initial"), "the first backoff", problems);
		positive(file, at + "/retry/maximum", policies.path("retry").path("maximum"), "the longest backoff", problems);
	}

	private static void positive(java.nio.file.Path file, String pointer, JsonNode value, String what,
			List<ConfigurationException.Problem> problems) {
		Duration d = readable(file, pointer, value, problems);
		if (d != null && (d.isZero() || d.isNegative())) {
			// The HTTP client refuses a timeout of 0, and a window of 0 would divide by it.
			problems.add(new ConfigurationException.Problem(file, pointer, what + " of " + value + " must be longer than 0 (e.g. \"PT30S\")"
					+ ConfigurationLoader.correctIt()));
		}
	}

	/** The duration, or {@code null} if absent, not text (the schema has said so) or not usable (said here). */
	private static Duration readable(java.nio.file.Path file, String pointer, JsonNode value, List<ConfigurationException.Problem> problems) {
		if (!value.isTextual() || problems.stream().anyMatch(p -> p.file().equals(file) && p.pointer().equals(pointer))) {
			return null;
		}
		try {
			return Duration.parse(value.asText());
		} catch (DateTimeParseException e) {
			problems.add(new ConfigurationException.Problem(file, pointer, value + " is not a duration the runner can read: an ISO 8601"
					+ " duration such as \"PT30S\", of at most 9223372036854775807 seconds and with at most 9 decimal places of a second"
					+ ConfigurationLoader.correctIt()));
			return null;
		}
	}
}
