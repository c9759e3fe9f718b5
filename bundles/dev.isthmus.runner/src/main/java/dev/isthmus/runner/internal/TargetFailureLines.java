package dev.isthmus.runner.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When one target's failing records are said in the log ({@code delivery.retrying}, and {@code delivery.dead-lettered}
 * for a failure of the target's own): the first record failing for a reason at once, then one at growing intervals
 * ({@link Repeats}), counting those not said since. A target that stayed down logged every record at every attempt:
 * 180 records into a closed port made 716 lines in 14 minutes, and at 100 records a second about 400 lines a second.
 * What differs per record (its URL, the answer's excerpt) does not make a reason new: see {@link #sameReason}.
 * Used by one endpoint's deliverer thread.
 */
final class TargetFailureLines {

	/** An HTTP answer's reason up to its URL: "HTTP 503 from POST", what follows being the record's URL and the excerpt. */
	private static final Pattern HTTP_ANSWER = Pattern.compile("^HTTP (\\d{3}) from (\\S+) ");
	private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");

	/** What was said last for one event and reason, when to say it again, and how many records failed so since. */
	private static final class Said {
		final String event;
		final Repeats repeats;
		long unsaid;

		Said(String event, long now) {
			this.event = event;
			this.repeats = new Repeats(now);
		}
	}

	private final Map<String, Said> said = new HashMap<>();

	/**
	 * A record failed ({@code event}, for {@code reason} of {@code kind}): how many records failed so since the last
	 * line, if it is to be said now (0 for the first), or -1 when it is only counted ({@code records} more).
	 */
	long sayNow(String event, Sink.Kind kind, String reason, long records, long now) {
		String key = event + ' ' + kind + ' ' + sameReason(reason);
		Said before = said.get(key);
		if (before == null) {
			said.put(key, new Said(event, now));
			return 0;
		}
		if (before.repeats.due(now)) {
			long unsaid = before.unsaid;
			before.unsaid = 0;
			return unsaid;
		}
		before.unsaid += records;
		return -1;
	}

	/** Whether a failure has been said since the target last delivered (see {@link #recovered}). */
	boolean failing() {
		return !said.isEmpty();
	}

	/**
	 * The target delivered again: the records that failed for a reason said before, not said since, counted by event
	 * (absent when none); every reason is forgotten, so the next failure is said at once.
	 */
	Map<String, Long> recovered() {
		Map<String, Long> unsaid = new HashMap<>();
		said.values().forEach(s -> {
			if (s.unsaid > 0) {
				unsaid.merge(s.event, s.unsaid, Long::sum);
			}
		});
		said.clear();
		return unsaid;
	}

	/**
	 * What makes two failures of one target the same: the reason without what differs per record, the URL (filled
	 * from the record's fields) and the answer's excerpt (often naming the record) — "HTTP 503 from POST" for
	 * {@code HTTP 503 from POST http://h/busy/3: busy with 3}, and any other reason with each URL in it taken out.
	 */
	static String sameReason(String reason) {
		if (reason == null) {
			return "";
		}
		Matcher http = HTTP_ANSWER.matcher(reason);
		if (http.lookingAt()) {
			return "HTTP " + http.group(1) + " from " + http.group(2);
		}
		return URL.matcher(reason).replaceAll("<url>");
	}
}
