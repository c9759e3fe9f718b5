package dev.isthmus.runner.internal;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.isthmus.engine.Group;
import dev.isthmus.engine.Outcome;
import dev.isthmus.engine.Values;

/**
 * A record's trace as the journal keeps it: a JSON array of its steps, each with the record as it left the step
 * ({@code "unchanged": true} when that is the record the step before left), secrets redacted. What the journal knows
 * beyond the outcome is added only where {@code isthmus trace} needs it ({@link Marks}). Written with a
 * streaming generator, not as a JSON tree, and straight into the batch's trace row when there is no secret to
 * redact: the trace is per-record work on the runner's hot path.
 */
final class TraceText {

	/** A trace longer than this keeps its steps, not its records: a batch row holds a little under a megabyte. */
	static final int LIMIT = BatchRow.LIMIT - 10_000;

	private TraceText() {
	}

	/**
	 * Marks on a trace's steps: {@code keys}, the idempotency keys of its deliveries in the order of its delivery steps
	 * ({@code "key"} on each; {@code null} when its correlation id is the record's own, which tells its deliveries
	 * apart already); {@code groups}, the groups the record's aggregate steps held it for, in their order
	 * ({@code "group"} on each, as {@link OpenWindows#identity} names it; {@code null} when none held it).
	 */
	record Marks(List<String> keys, List<Group> groups, Members members) {
		static final Marks NONE = new Marks(null, null, null);

		Marks(List<String> keys, List<Group> groups) {
			this(keys, groups, null);
		}
	}

	/**
	 * The records a group's result combined, named on its trace's first step ({@code "records"}: their origins, the
	 * first {@link #NAMED} in the order they came; {@code "recordCount"}: how many there were), so that {@code isthmus
	 * trace} of a result leads to the records it sums; in a flow that correlates by a field, with the records' correlation
	 * ids, under which their traces are ({@code "recordCorrelations"}, in the same order). Records held before the
	 * journal kept their origins are counted, not named.
	 */
	record Members(List<String> origins, List<String> correlations, int count) {
		static final int NAMED = 100;
	}

	static String of(Outcome outcome, Environment environment) {
		return of(outcome, environment, Marks.NONE);
	}

	private static String of(Outcome outcome, Environment environment, Marks marks) {
		String text = environment.redact(JsonText.write(out -> write(outcome.trace(), environment, true, marks, out)));
		return text.length() < LIMIT ? text
				: environment.redact(JsonText.write(out -> write(outcome.trace(), environment, false, marks, out)));
	}

	/**
	 * Adds a trace row entry, {@code {"correlation", "origin", "scrubbed", "trace"}}, to {@code row}. Without secrets the trace is
	 * streamed into the row; with secrets it is written as text first, so that {@link Environment#redact} sees all of it.
	 */
	static void into(BatchRow row, String correlation, String origin, Outcome outcome, Environment environment) {
		into(row, correlation, origin, outcome, environment, Marks.NONE);
	}

	/** As {@link #into(BatchRow, String, String, Outcome, Environment)}, with the journal's marks on the steps. */
	static void into(BatchRow row, String correlation, String origin, Outcome outcome, Environment environment, Marks marks) {
		if (environment.hasSecrets()) {
			// As text, not raw through the generator, which refuses a lone surrogate (a truncated emoji escape) in
			// raw text and would fail the batch over and over.
			String raw = JsonText.write(out -> write(outcome.trace(), environment, true, marks, out));
			String text = environment.redact(raw);
			if (text.length() >= LIMIT) {
				text = environment.redact(JsonText.write(out -> write(outcome.trace(), environment, false, marks, out)));
			}
			row.add("{\"correlation\":" + JsonText.quote(correlation) + ",\"origin\":" + JsonText.quote(origin) + ",\"scrubbed\":"
					+ (!text.equals(raw) && readScrubbed(outcome, environment)) + ",\"trace\":" + text + "}");
		} else if (row.add(entry(correlation, origin, out -> write(outcome.trace(), environment, true, marks, out))) > LIMIT) {
			row.dropLast();
			row.add(entry(correlation, origin, out -> write(outcome.trace(), environment, false, marks, out)));
		}
	}

	/**
	 * Whether the record as read (the trace's first step's) had a secret's value scrubbed out of it: {@code dlq replay
	 * --rerun} takes the record from there, and must not send {@code ***} for the value. Said on each entry
	 * ({@code "scrubbed"}), so that a record holding {@code ***} of its own (a card number masked {@code ****4242}) is not
	 * taken for a scrubbed one; traces from before say nothing, and a rerun then goes by whether it holds {@code ***}.
	 */
	private static boolean readScrubbed(Outcome outcome, Environment environment) {
		List<Outcome.Trace> steps = outcome.trace();
		if (steps.isEmpty() || steps.get(0).record() == null) {
			return false;
		}
		String read = JsonText.write(out -> Values.write(steps.get(0).record(), out));
		return !environment.redact(read).equals(read);
	}

	private static JsonText.Body entry(String correlation, String origin, JsonText.Body trace) {
		return out -> {
			out.writeStartObject();
			out.writeStringField("correlation", correlation);
			out.writeStringField("origin", origin);
			out.writeBooleanField("scrubbed", false); // no secret to scrub (see #readScrubbed)
			out.writeFieldName("trace");
			trace.write(out);
			out.writeEndObject();
		};
	}

	private static void write(List<Outcome.Trace> steps, Environment environment, boolean records, Marks marks, JsonGenerator out)
			throws IOException {
		out.writeStartArray();
		Object previous = null;
		int delivery = 0;
		int held = 0;
		boolean first = true;
		for (Outcome.Trace step : steps) {
			out.writeStartObject();
			out.writeStringField("step", step.step());
			out.writeStringField("detail", environment.redact(step.detail()));
			if (first && marks.members() != null) {
				out.writeNumberField("recordCount", marks.members().count());
				out.writeArrayFieldStart("records");
				for (String origin : marks.members().origins()) {
					out.writeString(environment.redact(origin));
				}
				out.writeEndArray();
				if (marks.members().correlations() != null) {
					out.writeArrayFieldStart("recordCorrelations");
					for (String correlation : marks.members().correlations()) {
						out.writeString(environment.redact(correlation));
					}
					out.writeEndArray();
				}
			}
			first = false;
			// The engine names a delivery's step "<deliver|wiretap|route> -> <endpoint>", one per delivery, in order.
			if (marks.keys() != null && delivery < marks.keys().size() && step.step().contains(" -> ")) {
				out.writeStringField("key", marks.keys().get(delivery++));
			}
			// The engine traces a record it holds as "aggregate", "held for its window"; one passed through says otherwise.
			if (marks.groups() != null && held < marks.groups().size() && step.step().equals("aggregate")
					&& step.detail().equals("held for its window")) {
				out.writeStringField("group", environment.redact(OpenWindows.identity(marks.groups().get(held++))));
			}
			if (step.record() != null && step.record() == previous) {
				// Several steps pass a record on as it is (idempotency, a filter it passes): said, not repeated.
				out.writeBooleanField("unchanged", true);
			} else if (step.record() != null && records) {
				out.writeFieldName("record");
				Values.write(step.record(), out);
			} else if (step.record() != null) {
				out.writeStringField("record", "(left out: the trace with its records is too long for the journal)");
			}
			out.writeEndObject();
			previous = step.record();
		}
		out.writeEndArray();
	}
}
