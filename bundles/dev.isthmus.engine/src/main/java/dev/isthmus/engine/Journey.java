package dev.isthmus.engine;

import java.util.ArrayList;
import java.util.List;

import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Outcome.Delivery;
import dev.isthmus.engine.Outcome.Trace;

/**
 * One record's way through a flow's steps (see {@link FlowSteps}): its trace, the deliveries it makes, its
 * correlation id, and how it ended — a dead letter, a duplicate, or held at an {@code aggregate} step.
 */
final class Journey {
	final List<Trace> trace;
	/** Where records reaching an {@code aggregate} step are held; {@code null} when they pass through. */
	final List<Held> held;
	final List<Delivery> deliveries = new ArrayList<>();
	String correlation;
	/** The value of the last {@code ordered by} step, carried by the deliveries after it; {@code null} before one. */
	String orderKey;
	String deadLetter;
	boolean duplicate;
	/** The step the record is in (see {@link FlowSteps#markFailed}); {@code null} before the first. */
	com.fasterxml.jackson.databind.JsonNode at;

	Journey(List<Trace> trace, List<Held> held) {
		this.trace = trace;
		this.held = held;
	}
}
