package dev.isthmus.engine;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How an {@code enrich field with call Endpoint} step gets the endpoint's answer for a record. The engine types the
 * answer by the endpoint's record and puts it into the field; where the answer comes from is its caller's: the
 * runner asks the endpoint over HTTP, {@code isthmus test} answers from the test's {@code given}s.
 */
public interface EndpointCalls {

	/**
	 * What {@code endpoint} answers for {@code record} (the flow's record at the step, its fields filling the
	 * endpoint's URL).
	 *
	 * @param correlation the record's correlation id, or {@code null} before a {@code correlate} step
	 * @return the answer; its {@code json} is {@code null} when the endpoint has no such record (HTTP 404)
	 * @throws RecordError when this record's call failed for good (refused, or no answer after its attempts): the
	 *                     record becomes a dead letter of the step
	 */
	Answer call(String endpoint, Map<String, Object> record, String correlation);

	/**
	 * Told when {@code answer} did not fit the endpoint's record (the record became a dead letter): an answer kept for
	 * later calls is to be forgotten, so that a corrected one is asked for.
	 */
	default void unfit(String endpoint, Answer answer) {
	}

	/**
	 * An endpoint's answer: its JSON, or {@code null} for "no such record"; {@code how} says for the trace how it came
	 * ({@code GET http://crm/accounts/c1: 200}).
	 */
	record Answer(JsonNode json, String how) {
	}

	/** No calls: where nothing answers (a preview), a record that needs one is a dead letter saying so. */
	EndpointCalls NONE = (endpoint, record, correlation) -> {
		throw new RecordError("call " + endpoint, "nothing here answers calls to " + endpoint
				+ " (the runner calls it; a test answers with a 'given " + endpoint + " { … }')", null);
	};
}
