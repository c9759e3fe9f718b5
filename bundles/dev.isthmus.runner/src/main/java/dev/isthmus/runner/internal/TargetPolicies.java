package dev.isthmus.runner.internal;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A flow's {@code timeout} and {@code rate} for its deliveries to a target — the target's own ({@code to Api.t
 * [timeout 1s]}), else the flow's — handed to the target's sink, beside the endpoint's own. They were written into the
 * configuration and never read (review 21): a target answering after 4 s was waited for under a 1 s timeout, and a
 * rate of 1 per 2 s let 4 requests go at once. HTTP targets take them; a file or table target has neither, and the
 * runner says so at the start rather than ignore them silently.
 */
final class TargetPolicies {

	private TargetPolicies() {
	}

	/** Hands each flow's policies to the sinks of its targets ({@code sinks} by endpoint, {@code flows} their configurations). */
	static void handTo(Map<String, Sink> sinks, Map<String, JsonNode> flows, JsonLog log) {
		for (Map.Entry<String, JsonNode> flow : flows.entrySet()) {
			JsonNode config = flow.getValue();
			for (JsonNode target : Deliveries.targets(config)) {
				String endpoint = target.path("endpoint").asText();
				JsonNode timeout = Deliveries.policy(config, target, "timeout");
				JsonNode rate = Deliveries.policy(config, target, "rate");
				if (timeout == null && rate == null) {
					continue;
				}
				Sink sink = sinks.get(endpoint);
				if (sink instanceof HttpSink http) {
					http.forFlow(flow.getKey(), timeout == null ? null : Duration.parse(timeout.asText()), rate);
				} else if (sink != null) {
					log.warn("target.policies-unused", "flow", flow.getKey(), "endpoint", endpoint, "detail", "'timeout' and 'rate' apply to HTTP"
							+ " targets; this target does not use them");
				}
			}
		}
	}
}
