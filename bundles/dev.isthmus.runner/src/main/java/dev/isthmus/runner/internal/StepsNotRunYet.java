package dev.isthmus.runner.internal;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the language has and the runner does not run yet (validate warns of each): a flow calling an endpoint to enrich
 * its records is refused at the start, for it would deliver them without the field, silently (review 21: the call was
 * skipped, the field went out null).
 */
final class StepsNotRunYet {

	private StepsNotRunYet() {
	}

	/** Adds to {@code problems} the steps of {@code flow} that keep it from starting. */
	static void check(String flow, JsonNode config, List<String> problems) {
		for (JsonNode step : config.path("steps")) {
			if (step.path("step").asText().equals("enrich") && step.has("call")) {
				String field = step.path("field").asText();
				problems.add("flow " + flow + ": 'enrich " + field + " with call " + step.path("call").asText() + "' is not run by the runner yet,"
						+ " and its records would go on without " + field + "; compute " + field + " with an expression (enrich " + field
						+ " with …), or remove the step");
			}
		}
	}
}
