package dev.isthmus.runner.internal;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.isthmus.engine.Outcome;
import dev.isthmus.engine.Values;

/**
 * A record's trace as the journal keeps it: a JSON array of its steps, each with the record as it left the step
 * ({@code "unchanged": true} when that is the record the step before left), secrets redacted. Written with a
 * streaming generator, not as a JSON tree, and straight into the batch's trace row when there is no secret to
 * redact: the trace is per-record work on the runner's hot path.
 */
final class TraceText {

	/** A trace longer than this keeps its steps, not its records: a batch row holds a little under a megabyte. */
	static final int LIMIT = BatchRow.LIMIT - 10_000;

	private TraceText() {
	}

	static String of(Outcome outcome, Environment environment) {
		String text = environment.redact(JsonText.write(out -> write(outcome.trace(), environment, true, out)));
		return text.length() < LIMIT ? text : environment.redact(JsonText.write(out -> write(outcome.trace(), environment, false, out)));
	}

	/**
	 * Adds a trace row entry, {@code {"correlation", "origin", "trace"}}, to {@code row}. Without secrets the trace is
	 * streamed into the row; with secrets it is written as text first, so that {@link Environment#redact} sees all of it.
	 */
	static void into(BatchRow row, String correlation, String origin, Outcome outcome, Environment environment) {
		if (environment.hasSecrets()) {
			// As text, not raw through the generator, which refuses a lone surrogate (a truncated emoji escape) in
			// raw text and would fail the batch over and over.
			row.add("{\"correlation\":" + JsonText.quote(correlation) + ",\"origin\":" + JsonText.quote(origin) + ",\"trace\":"
					+ of(outcome, environment) + "}");
		} else if (row.add(entry(correlation, origin, out -> write(outcome.trace(), environment, true, out))) > LIMIT) {
			row.dropLast();
			row.add(entry(correlation, origin, out -> write(outcome.trace(), environment, false, out)));
		}
	}

	/** The step a dead letter is filed under: the one before its trace's last ("dead-letter"), or "from". */
	static String deadLetterStep(Outcome outcome) {
		List<Outcome.Trace> trace = outcome.trace();
		return trace.size() >= 2 ? trace.get(trace.size() - 2).step() : "from";
	}

	private static JsonText.Body entry(String correlation, String origin, JsonText.Body trace) {
		return out -> {
			out.writeStartObject();
			out.writeStringField("correlation", correlation);
			out.writeStringField("origin", origin);
			out.writeFieldName("trace");
			trace.write(out);
			out.writeEndObject();
		};
	}

	private static void write(List<Outcome.Trace> steps, Environment environment, boolean records, JsonGenerator out) throws IOException {
		out.writeStartArray();
		Object previous = null;
		for (Outcome.Trace step : steps) {
			out.writeStartObject();
			out.writeStringField("step", step.step());
			out.writeStringField("detail", environment.redact(step.detail()));
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
