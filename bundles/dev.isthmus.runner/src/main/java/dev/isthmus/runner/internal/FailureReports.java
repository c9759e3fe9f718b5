package dev.isthmus.runner.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says in the log that a flow's or a target's step failed — once, and again only at growing intervals while it keeps
 * failing the same way. A step is tried again every second: a journal server that was down filled the log with the same
 * driver error once a second per flow and per target, burying the one line that said what to do.
 */
public final class FailureReports {

	private final JsonLog log;
	private final DatabaseWatch watch;
	private final Map<String, Failing> failing = new ConcurrentHashMap<>();

	/** What keeps failing, how, when it is to be said next and how many tries failed since it was said. */
	private static final class Failing {
		final String reason;
		final Repeats repeats;
		final String event, field, name;
		long unsaid;

		Failing(String reason, long now, String event, String field, String name) {
			this.reason = reason;
			this.repeats = new Repeats(now);
			this.event = event;
			this.field = field;
			this.name = name;
		}
	}

	/**
	 * A failure in words for the log and {@code /health}: an exception of the runner's own says what is wrong in its
	 * message, its class name ({@code dev.isthmus.runner.internal.Connections$Unusable}) said nothing to a reader (review 23);
	 * a driver's or the JDK's keeps its class, which tells what kind of failure it is.
	 */
	public static String words(Exception e) {
		String text = e.getMessage() != null && e.getClass().getName().startsWith("dev.isthmus.") ? e.getMessage() : String.valueOf(e);
		return JsonLog.withoutStackFrames(text);
	}

	public FailureReports(JsonLog log, DatabaseWatch watch) {
		this.log = log;
		this.watch = watch;
	}

	/**
	 * {@code what} ("flow x") did its step: a failure after this is said at once. One that failed before says it works
	 * again ({@code flow.resumed} after {@code flow.failed}): a reader of the log saw the failure and nothing after it.
	 */
	public void working(String what) {
		if (!failing.isEmpty()) {
			Failing was = failing.remove(what);
			if (was != null) {
				log.info(was.event.replace(".failed", ".resumed"), was.field, was.name, "message", "works again, after: " + was.reason);
			}
		}
	}

	/** {@code what}'s step failed with {@code e}: logged as {@code event} with {@code field} = {@code name}, if due. */
	public void failed(String what, String event, String field, String name, Exception e) {
		if (Connections.unreachable(e) && !watch.journalAnswering()) {
			// The journal's database is down or silent: its watch says so, in one line for all, with what to do.
			return;
		}
		String reason = words(e);
		long now = System.nanoTime();
		Failing before = failing.get(what);
		if (before == null || !before.reason.equals(reason)) {
			failing.put(what, new Failing(reason, now, event, field, name));
			if (Connections.noAnswer(e)) {
				// A network timeout: a frozen server, or a statement slower than the timeout allows. The raw driver
				// error ("Connection is broken") said neither, nor how to allow a slow one longer.
				log.error(event, field, name, "reason", reason, "message", "a database did not answer within its network timeout"
						+ " (the journal's is " + Connections.networkTimeoutMillis() + " ms unless its URL sets ;NETWORK_TIMEOUT=):"
						+ " check the database server and the network to it; " + Connections.raise(false));
			} else {
				log.error(event, field, name, "reason", reason);
			}
			return;
		}
		before.unsaid++;
		if (before.repeats.due(now)) {
			log.error(event, field, name, "reason", reason, "failedAgain", before.unsaid, "message",
					"still failing the same way; said again at growing intervals, up to every five minutes, while it does");
			before.unsaid = 0;
		}
	}
}
