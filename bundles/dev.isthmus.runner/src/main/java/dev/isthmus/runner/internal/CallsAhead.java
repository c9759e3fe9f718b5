package dev.isthmus.runner.internal;

import java.util.ArrayList;
import java.util.List;

import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.IdempotencyKeys;

/**
 * Finds, before a flow decides a batch, the call each record will make at its first {@code enrich … with call} step,
 * so that the calls are made side by side ({@link HttpCalls#askAhead}) rather than one after the other as the records
 * are decided. A scout engine of the same configuration runs each record up to its first call and stops there; it
 * keeps no keys but the batch's own (a record that is a duplicate of an earlier batch is asked for, and its answer
 * not taken: a GET the flow did not need). What the records then become is decided by the flow's own engine.
 */
final class CallsAhead {

	/** Stops the scout at a record's first call, with the call. */
	private static final class Found extends RuntimeException {
		private static final long serialVersionUID = 1L;
		private final transient HttpCalls.Asked asked;

		Found(HttpCalls.Asked asked) {
			super(null, null, false, false);
			this.asked = asked;
		}
	}

	private final FlowEngine scout;
	private final HttpCalls calls;

	CallsAhead(FlowEngine scout, HttpCalls calls) {
		this.scout = scout;
		this.calls = calls;
		scout.endpointCalls((endpoint, record, correlation) -> {
			throw new Found(new HttpCalls.Asked(endpoint, record, correlation));
		});
	}

	/** Asks ahead for the records of a batch (more than one: a record alone is asked for as it is decided). */
	void ask(List<Input> inputs) {
		if (inputs.size() < 2) {
			return;
		}
		scout.idempotencyKeys(IdempotencyKeys.inMemory());
		List<HttpCalls.Asked> asked = new ArrayList<>();
		for (Input input : inputs) {
			if (input.json() == null || input.text() != null && input.text().length() > Journal.MAX_TEXT) {
				continue;
			}
			try {
				scout.process(input.json(), new ArrayList<>());
			} catch (Found found) {
				asked.add(found.asked);
			} catch (RuntimeException e) {
				// what is wrong with the record is said when the flow's engine decides it
			}
		}
		calls.askAhead(asked);
	}

	/** The batch is decided (or given up): its answers made ahead and not taken go. */
	void forget() {
		calls.forgetAhead();
	}
}
