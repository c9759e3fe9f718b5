package dev.isthmus.runner.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Group;
import dev.isthmus.engine.Outcome;

/**
 * A flow's records decided one at a time, as its worker goes through a batch: the engine decides each record's fate,
 * and the decision goes into the batch's journal writes — a dead letter, a filtered or duplicate record's trace, the
 * deliveries it queues, the records it holds for aggregation. The worker's thread uses it, with the worker's
 * idempotency keys of the moment (they are read anew when the journal restarts or a commit fails).
 */
final class RecordDecisions {

	private final String flow;
	private final FlowEngine engine;
	private final Deliveries deliveries;
	private final FlowWindows windows;
	private final Environment environment;
	private final boolean traces;
	private final Supplier<Instant> clock;
	private final JsonLog log;

	RecordDecisions(String flow, FlowEngine engine, Deliveries deliveries, FlowWindows windows, Environment environment, boolean traces,
			Supplier<Instant> clock, JsonLog log) {
		this.flow = flow;
		this.engine = engine;
		this.deliveries = deliveries;
		this.windows = windows;
		this.environment = environment;
		this.traces = traces;
		this.clock = clock;
		this.log = log;
	}

	/**
	 * Decides one record of a batch: what it writes goes to {@code writes}, the records it holds to {@code heldNow}
	 * (with {@code firstOfGroup}, the correlation id of each group's first record), and what it counts to {@code delta}.
	 */
	void decide(Input input, JournalKeys keys, JournalWrites writes, Map<Group, List<OpenWindows.HeldRow>> heldNow,
			Map<Group, String> firstOfGroup, FlowWorker.Tally delta)
			throws SQLException {
		delta.received++;
		keys.startRecord();
		if (input.text() != null && input.text().length() > Journal.MAX_TEXT) {
			// The journal could not hold it (a record, its dead letter): refused whole, with where to find it.
			input = Input.tooLong(input.text(), input.text().length(), input.origin(), input.endpoint());
		}
		if (input.json() == null) {
			keys.dropRecord();
			delta.deadLettered++;
			String correlation = deliveries.bounded(flow + "@" + input.origin());
			// Scrubbed as traces are: a secret's value in a record's data shows in no dead letter (review 25).
			writes.dead(flow, "record", "read " + input.endpoint(), environment.redact(input.problem()), null, environment.redact(input.text()),
					input.endpoint(), input.origin(), null, null, correlation, null, clock.get());
			log.warn("record.dead-lettered", "flow", flow, "correlation", correlation, "origin", input.origin(), "reason", input.problem());
			return;
		}
		List<Held> held = new ArrayList<>();
		Outcome outcome;
		try {
			outcome = engine.process(input.json(), held);
		} catch (JournalKeys.JournalFailure | FlowPaused e) {
			throw e;
		} catch (RuntimeException e) {
			// An engine defect must cost one record, not the runner: the record waits as a dead letter for a fix.
			held.clear();
			outcome = new Outcome(null, List.of(), "the engine failed on this record (" + e + "); please report it",
					false, false, List.of(new Outcome.Trace("engine", String.valueOf(e), null)));
		}
		String correlation = deliveries.bounded(outcome.correlationId() != null ? outcome.correlationId() : flow + "@" + input.origin());
		List<Group> groups = new ArrayList<>();
		String deadLetter = outcome.deadLetter();
		String step = outcome.deadLetterStep();
		if (deadLetter == null) {
			try {
				held.forEach(h -> groups.add(engine.groupOf(h)));
			} catch (dev.isthmus.engine.RecordError e) {
				deadLetter = e.getMessage();
				step = "aggregate";
			}
		}
		if (deadLetter != null && step.startsWith("from ")) {
			// A record that does not fit its declaration is the sender's to correct: say the file's line, as the reasons
			// of rows that could not be read do (a CSV row's bad timestamp said only the field).
			String place = FileEncoding.place(input.origin());
			deadLetter = place == null ? deadLetter : place + ": " + deadLetter;
		}
		if (deadLetter != null) {
			keys.dropRecord();
			delta.deadLettered++;
			// Scrubbed as its trace is (review 25); a record that held a secret's value then is not the record, and is not replayed.
			String kept = environment.redact(input.replayable());
			writes.dead(flow, "record", step, environment.redact(deadLetter), TraceText.of(outcome, environment), kept, input.endpoint(),
					input.origin(), null, null, correlation, null, clock.get(), !kept.equals(input.replayable()));
			log.warn("record.dead-lettered", "flow", flow, "correlation", correlation, "origin", input.origin(), "reason", deadLetter);
			trace(writes, correlation, input, outcome, List.of(), List.of());
			return;
		}
		keys.keepRecord();
		if (outcome.filtered() || outcome.duplicate()) {
			if (outcome.filtered()) {
				delta.filtered++;
			} else {
				delta.duplicates++;
			}
			trace(writes, correlation, input, outcome, List.of(), List.of());
			return;
		}
		// Without an idempotency key, a record is told apart by where it came from and what it says: a file of the
		// same name dropped again with other records (orders.ndjson every day) brings new records under old origins,
		// and they must not take the old ones' Idempotency-Keys; the same record read again (after a crash) keeps its.
		String identity = keys.lastKey() != null ? "key:" + keys.lastKey() : "origin:" + input.origin() + "|" + input.text();
		List<String> sent = deliveries.queue(outcome, identity, correlation, keys.lastKey(), writes);
		delta.queued += sent.size();
		trace(writes, correlation, input, outcome, sent, groups);
		for (int i = 0; i < held.size(); i++) {
			// Kept with where it came from: the group's result names its records (see FlowWindows#close).
			Held h = held.get(i).from(input.origin());
			long seq = writes.held(flow, h, windows::nextSeq);
			List<OpenWindows.HeldRow> rows = heldNow.get(groups.get(i));
			if (rows == null) {
				rows = new ArrayList<>();
				heldNow.put(groups.get(i), rows);
				firstOfGroup.put(groups.get(i), correlation);
			}
			rows.add(new OpenWindows.HeldRow(seq, h));
			delta.held++;
		}
	}

	/**
	 * The record's trace, with the keys its deliveries were queued with and the groups it was held for (see
	 * {@link JournalWrites#trace}).
	 */
	private void trace(JournalWrites writes, String correlation, Input input, Outcome outcome, List<String> sent, List<Group> heldFor) {
		if (traces) {
			writes.trace(correlation, flow, input.origin(), outcome, environment, clock.get(), sent, heldFor);
		}
	}
}
