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
		long unsaid;

		Failing(String reason, long now) {
			this.reason = reason;
			this.repeats = new Repeats(now);
		}
	}

	public FailureReports(JsonLog log, DatabaseWatch watch) {
		this.log = log;
		this.watch = watch;
	}

	/** {@code what} ("flow x") did its step: a failure after this is said at once. */
	public void working(String what) {
		if (!failing.isEmpty()) {
			failing.remove(what);
		}
	}

	/** {@code what}'s step failed with {@code e}: logged as {@code event} with {@code field} = {@code name}, if due. */
	public void failed(String what, String event, String field, String name, Exception e) {
		if (Connections.unreachable(e) && !watch.journalAnswering()) {
			// The journal's database is down or silent: its watch says so, in one line for all, with what to do.
			return;
		}
		String reason = JsonLog.withoutStackFrames(String.valueOf(e));
		long now = System.nanoTime();
		Failing before = failing.get(what);
		if (before == null || !before.reason.equals(reason)) {
			failing.put(what, new Failing(reason, now));
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
