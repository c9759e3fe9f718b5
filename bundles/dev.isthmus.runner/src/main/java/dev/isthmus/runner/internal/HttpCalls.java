package dev.isthmus.runner.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.EndpointCalls;
import dev.isthmus.engine.RecordError;

/**
 * What answers one flow's {@code enrich … with call} steps in the runner: the endpoints' {@link HttpCall}s, under the
 * flow's {@code retry} and {@code timeout} policies.
 */
final class HttpCalls implements EndpointCalls {

	private final String flow;
	private final Map<String, HttpCall> endpoints;
	private final String retry;
	private final Duration timeout;
	/** The first attempts of the batch being decided, made ahead by endpoint (see {@link #askAhead}); empty between batches. */
	private final Map<String, HttpCall.Ahead> ahead = new java.util.HashMap<>();

	private HttpCalls(String flow, Map<String, HttpCall> endpoints, String retry, Duration timeout) {
		this.flow = flow;
		this.endpoints = endpoints;
		this.retry = retry;
		this.timeout = timeout;
	}

	/**
	 * The calls of {@code flow}, or {@code null} when it makes none. Each endpoint's {@link HttpCall} is made once
	 * for all flows ({@code known}); one that cannot be made adds why to {@code problems}.
	 */
	static HttpCalls of(JsonNode config, Map<String, HttpCall> known, Endpoints endpoints, Metrics metrics, List<String> problems) {
		Map<String, HttpCall> calls = new java.util.HashMap<>();
		for (JsonNode step : config.path("steps")) {
			if (!step.path("step").asText().equals("enrich") || !step.has("call")) {
				continue;
			}
			String name = step.get("call").asText();
			JsonNode endpoint = config.path("endpoints").path(name);
			if (!known.containsKey(name)) {
				if (!"http".equals(endpoint.path("transport").path("kind").asText())
						|| !"GET".equals(endpoint.path("transport").path("method").asText())) {
					problems.add("flow " + config.path("flow").asText() + ": 'enrich " + step.path("field").asText() + " with call " + name
							+ "': a call is an HTTP GET, and " + name + " is no http get endpoint; generate the project again from a model"
							+ " that validates");
					known.put(name, null);
				} else {
					known.put(name, endpoints.call(name, endpoint, metrics, problems));
				}
			}
			if (known.get(name) != null) {
				calls.put(name, known.get(name));
			}
		}
		if (calls.isEmpty()) {
			return null;
		}
		JsonNode policies = config.path("policies");
		return new HttpCalls(config.path("flow").asText(), calls, policies.has("retry") ? policies.get("retry").toString() : null,
				policies.has("timeout") ? Duration.parse(policies.get("timeout").asText()) : null);
	}

	@Override
	public void unfit(String endpoint, Answer answer) {
		HttpCall call = endpoints.get(endpoint);
		if (call != null) {
			call.forget(answer);
		}
	}

	@Override
	public Answer call(String endpoint, Map<String, Object> record, String correlation) {
		HttpCall call = endpoints.get(endpoint);
		if (call == null) {
			throw new RecordError("call " + endpoint, "the runner has no calls to " + endpoint + " (the flow's configuration does not"
					+ " describe it); generate the project again", null);
		}
		return call.ask(flow, record, correlation, retry, timeout, ahead.get(endpoint));
	}

	/** A record at its first call, as {@link CallsAhead} finds it before the batch is decided. */
	record Asked(String endpoint, Map<String, Object> record, String correlation) {
	}

	/** Makes the first attempts of a batch's calls side by side, endpoint by endpoint (see {@link HttpCall#askAhead}). */
	void askAhead(List<Asked> asked) {
		Map<String, List<Asked>> byEndpoint = new java.util.LinkedHashMap<>();
		asked.forEach(a -> byEndpoint.computeIfAbsent(a.endpoint(), e -> new java.util.ArrayList<>()).add(a));
		byEndpoint.forEach((endpoint, calls) -> {
			HttpCall call = endpoints.get(endpoint);
			if (call != null) {
				ahead.put(endpoint, call.askAhead(calls.stream().map(Asked::record).toList(),
						calls.stream().map(Asked::correlation).toList(), timeout));
			}
		});
	}

	/** The batch is decided: what was asked ahead and not taken is not taken later. */
	void forgetAhead() {
		ahead.clear();
	}
}
