package dev.isthmus.runner.internal;

import java.util.List;

import dev.isthmus.engine.Outcome;
import dev.isthmus.engine.Values;

/**
 * A record's trace as the journal keeps it: a JSON array of its steps, each with the record as it left the step
 * ({@code "unchanged": true} when that is the record the step before left), secrets redacted. Written with one streaming generator, not as a JSON tree: the trace is per-record work on the
 * runner's hot path.
 */
final class TraceText {

	private TraceText() {
	}

	static String of(Outcome outcome, Environment environment) {
		String text = of(outcome.trace(), environment, true);
		// A journal text column holds a million characters: a trace of huge records keeps its steps, not the records.
		return text.length() < BatchRow.LIMIT - 10_000 ? text : of(outcome.trace(), environment, false);
	}

	private static String of(List<Outcome.Trace> steps, Environment environment, boolean records) {
		String text = JsonText.write(out -> {
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
		});
		return environment.redact(text);
	}
}
