package dev.isthmus.runner.internal;

import java.util.List;

import dev.isthmus.engine.Outcome;
import dev.isthmus.engine.Values;

/**
 * A record's trace as the journal keeps it: a JSON array of its steps, each with the record as it left the step,
 * secrets redacted. Written as text, not as a JSON tree, and a record that several steps pass on unchanged is
 * written out once: the trace is per-record work on the runner's hot path.
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
		StringBuilder text = new StringBuilder("[");
		Object previous = null;
		String previousJson = null;
		for (Outcome.Trace step : steps) {
			if (text.length() > 1) {
				text.append(',');
			}
			text.append("{\"step\":").append(JournalWrites.quote(step.step()))
					.append(",\"detail\":").append(JournalWrites.quote(environment.redact(step.detail())));
			if (step.record() != null && records) {
				if (step.record() != previous) {
					previous = step.record();
					previousJson = Values.toJson(previous).toString();
				}
				text.append(",\"record\":").append(previousJson);
			} else if (step.record() != null) {
				text.append(",\"record\":\"(left out: the trace with its records is too long for the journal)\"");
			}
			text.append('}');
		}
		return environment.redact(text.append(']').toString());
	}
}
