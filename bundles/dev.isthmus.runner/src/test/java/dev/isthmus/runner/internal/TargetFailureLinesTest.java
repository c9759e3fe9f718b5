package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Which failures of a target make the same log line (the record's URL and the answer's excerpt do not make a reason
 * new, another status or kind of failure does), and when the line is said again: at once, then at growing intervals
 * counting the records not said, and at once after the target delivered.
 */
class TargetFailureLinesTest {

	private static final long SECOND = 1_000_000_000L;
	private static final String RETRYING = "delivery.retrying";

	@Test
	void aReasonIsTheSameWhateverTheRecordsUrlAndTheAnswersExcerpt() {
		String busy = TargetFailureLines.sameReason("HTTP 503 from POST http://h/busy/3?api_key=***: {\"error\":\"order 3 not now\"}");
		assertEquals("HTTP 503 from POST", busy);
		assertEquals(busy, TargetFailureLines.sameReason("HTTP 503 from POST http://h/busy/4?api_key=***: maintenance"));
		assertNotEquals(busy, TargetFailureLines.sameReason("HTTP 502 from POST http://h/busy/3: bad gateway"));
		assertEquals(TargetFailureLines.sameReason("cannot reach http://127.0.0.1:9/a/1: java.net.ConnectException"),
				TargetFailureLines.sameReason("cannot reach http://127.0.0.1:9/a/2: java.net.ConnectException"));
		assertEquals(TargetFailureLines.sameReason("no answer within 1000 ms from POST http://h/a/1"),
				TargetFailureLines.sameReason("no answer within 1000 ms from POST http://h/b/2"));
		assertNotEquals(TargetFailureLines.sameReason("no answer within 1000 ms from POST http://h/a/1"),
				TargetFailureLines.sameReason("cannot reach http://h/a/1: java.net.ConnectException"));
	}

	@Test
	void saidAtOnceThenCountedAndSaidAgainAtGrowingIntervals() {
		TargetFailureLines lines = new TargetFailureLines();
		long t = 0;
		assertEquals(0, lines.sayNow(RETRYING, Sink.Kind.RETRY, "HTTP 503 from POST http://h/1: busy", 1, t));
		for (int i = 2; i <= 57; i++) {
			assertEquals(-1, lines.sayNow(RETRYING, Sink.Kind.RETRY, "HTTP 503 from POST http://h/" + i + ": busy", 1, t + SECOND));
		}
		// another reason is new: said at once, whatever was said before
		assertEquals(0, lines.sayNow(RETRYING, Sink.Kind.RETRY, "cannot reach http://h/58: java.net.ConnectException", 1, t + SECOND));
		assertEquals(0, lines.sayNow("delivery.dead-lettered", Sink.Kind.RETRY, "HTTP 503 from POST http://h/1: busy", 1, t + SECOND));
		assertEquals(56, lines.sayNow(RETRYING, Sink.Kind.RETRY, "HTTP 503 from POST http://h/59: busy", 1, t + 10 * SECOND));
		assertEquals(-1, lines.sayNow(RETRYING, Sink.Kind.RETRY, "HTTP 503 from POST http://h/60: busy", 5, t + 20 * SECOND));
		assertEquals(5, lines.sayNow(RETRYING, Sink.Kind.RETRY, "HTTP 503 from POST http://h/61: busy", 1, t + 30 * SECOND));
		assertEquals(-1, lines.sayNow(RETRYING, Sink.Kind.RETRY, "HTTP 503 from POST http://h/62: busy", 1, t + 40 * SECOND));

		assertEquals(Map.of(RETRYING, 1L), lines.recovered());
		assertEquals(0, lines.sayNow(RETRYING, Sink.Kind.RETRY, "HTTP 503 from POST http://h/63: busy", 1, t + 41 * SECOND),
				"the first failure after the target delivered is said at once");
	}
}
