package dev.isthmus.runner.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.engine.Outcome;

/**
 * What a flow's decided records and closed groups send: an outbox row per delivery (or a place in a {@link Pack}),
 * with an idempotency key that is the same for the same record reaching the same target after a restart, the
 * target's retry policy, and a correlation id the journal's columns hold. One flow worker's thread uses it.
 */
final class Deliveries {

	private static final HexFormat HEX = HexFormat.of();

	private final String flow;
	private final java.util.function.Supplier<Instant> clock;
	/** Each target endpoint's retry policy (its own, or the flow's), as JSON text, or {@code null}. */
	private final Map<String, String> retries = new HashMap<>();
	/** Endpoints whose sink takes a transaction's deliveries as one outbox row (see {@link Pack}). */
	private final Set<String> packed = new HashSet<>();
	/** One digest per worker, which one thread drives: looking the algorithm up per delivery cost more than hashing. */
	private final MessageDigest sha256;

	Deliveries(String flow, JsonNode config, java.util.function.Supplier<Instant> clock) {
		this.flow = flow;
		this.clock = clock;
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
		for (JsonNode target : targets(config)) {
			JsonNode retry = policy(config, target, "retry");
			retries.putIfAbsent(target.get("endpoint").asText(), retry == null ? null : retry.toString());
		}
	}

	/** The flow's targets, in the order of its steps, a route's branches' too. */
	static List<JsonNode> targets(JsonNode config) {
		List<JsonNode> targets = new ArrayList<>();
		for (JsonNode step : config.path("steps")) {
			step.path("targets").forEach(targets::add);
			step.path("branches").forEach(b -> b.path("targets").forEach(targets::add));
		}
		return targets;
	}

	/** A target's policy {@code name} ({@code retry}, {@code timeout}, {@code rate}): its own, else the flow's, or {@code null}. */
	static JsonNode policy(JsonNode config, JsonNode target, String name) {
		return target.path("policies").has(name) ? target.path("policies").get(name) : config.path("policies").get(name);
	}

	void packTo(String endpoint) {
		packed.add(endpoint);
	}

	/**
	 * Queues the outcome's deliveries in {@code writes}; returns their idempotency keys, in order. {@code identity}
	 * tells the record or group apart ({@code key:…}, {@code origin:…}, {@code group:…}); with the endpoint and the
	 * delivery's place it makes the key.
	 */
	List<String> queue(Outcome outcome, String identity, String correlation, JournalWrites writes) {
		return queue(outcome, identity, correlation, null, writes);
	}

	/**
	 * As {@link #queue(Outcome, String, String, JournalWrites)}, for a record the flow claimed {@code flowKey} for
	 * (its idempotency key), which a dead-lettered delivery gives back.
	 */
	List<String> queue(Outcome outcome, String identity, String correlation, String flowKey, JournalWrites writes) {
		List<String> keys = new ArrayList<>(outcome.deliveries().size());
		for (Outcome.Delivery delivery : outcome.deliveries()) {
			Instant now = clock.get();
			String key = idempotencyKey(flow + "|" + delivery.endpoint() + "|" + identity + "|" + keys.size());
			keys.add(key);
			String record = JsonText.of(delivery.record());
			if (packed.contains(delivery.endpoint())) {
				writes.pack(flow, delivery.endpoint(), record, key, correlation, retries.get(delivery.endpoint()), flowKey, now);
			} else {
				// A table's or file's rows go strictly in order already (see EndpointOutbox): only others carry the key.
				String orderKey = delivery.orderKey() == null ? null : bounded(flow + "|" + delivery.orderKey());
				writes.outbox(flow, delivery.endpoint(), record, key, correlation, retries.get(delivery.endpoint()), flowKey, orderKey, now);
			}
		}
		return keys;
	}

	private String idempotencyKey(String identity) {
		return HEX.formatHex(sha256.digest(identity.getBytes(StandardCharsets.UTF_8)), 0, 20);
	}

	/**
	 * A correlation id the journal's columns hold (500 characters): a longer one (a long path, a long field a flow
	 * correlates by) keeps its start and gets a digest of the whole, so that two long ids stay apart.
	 */
	String bounded(String correlation) {
		if (correlation.length() <= 500) {
			return correlation;
		}
		return TextCuts.start(correlation, 460) + "…#" + HEX.formatHex(sha256.digest(correlation.getBytes(StandardCharsets.UTF_8)), 0, 16);
	}
}
