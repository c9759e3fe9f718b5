package dev.isthmus.runner.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code /health} says: {@code up}, {@code degraded} (naming each flow or target whose last step failed, and
 * why) or {@code down} (starting, stopping, or the journal unreachable). Steps waiting long on a data database are
 * listed under {@code waiting}, as information: a long query is not a failure, and an orchestrator that restarts a
 * runner on 503 would restart a healthy one.
 */
public final class RunnerHealth {

	private final Journal journal;
	private final Environment environment;
	private volatile String status = "starting";
	/** What fails at every try now (a flow's source, a target's journal), by what it is. */
	private final Map<String, String> failing = new ConcurrentHashMap<>();

	RunnerHealth(Journal journal, Environment environment) {
		this.journal = journal;
		this.environment = environment;
	}

	public void status(String value) {
		status = value;
	}

	/** {@code what} ("flow x", "target y") failed its last step, for {@code reason}. */
	public void failing(String what, String reason) {
		failing.put(what, environment.redact(JsonLog.withoutStackFrames(reason)));
	}

	/** {@code what} did its last step: it is not failing (any longer). */
	public void working(String what) {
		if (!failing.isEmpty()) {
			failing.remove(what);
		}
	}

	/**
	 * The JSON {@code /health} answers; its {@code "status":"up"} is what makes the answer 200. {@code targets}: the
	 * endpoints the runner delivers to, said as {@code "targets"} and, as before, {@code "endpoints"} (which read as
	 * every endpoint of the configuration).
	 */
	String render(int flows, int targets) {
		// Never a database call here: /health waited on a frozen journal server, and so did whoever asked. What the
		// watch found (it asks on a thread of its own) is what is said.
		boolean journalUp = journal.watch().journalAnswering();
		Map<String, String> silent = journal.watch().silent();
		Map<String, String> waiting = journal.watch().waiting();
		// A runner stopping says why, whatever the watch last saw of the journal: one cut off from it and stopping because
		// another runner took it over said "journal unreachable" until the watch looked again (a test saw it, now and then).
		String state = journalUp || status.startsWith("stopping") ? status : "journal unreachable";
		// A flow that fails at every step (a source's database gone, a table dropped) makes the runner degraded, not
		// up: it was reported up while a flow logged flow.failed every second.
		Map<String, String> now = new TreeMap<>(failing);
		silent.forEach((database, why) -> now.put("database " + database, why));
		String health = !journalUp || !status.equals("running") ? "down" : now.isEmpty() ? "up" : "degraded";
		return "{\"status\":\"" + health + "\",\"state\":\"" + state + "\",\"flows\":" + flows + ",\"targets\":" + targets + ",\"endpoints\":" + targets
				+ (now.isEmpty() ? "" : ",\"failing\":" + object(now, ""))
				+ (waiting.isEmpty() ? "" : ",\"waiting\":" + object(waiting, "database ")) + "}";
	}

	/**
	 * What {@code /health/live} answers: {@code up} while the runner runs and its journal answers — it takes webhooks
	 * and keeps what it took —, whatever its flows and targets do; {@code down} otherwise. A liveness or readiness probe
	 * asks this: on {@code /health}, a target down took a healthy intake out of rotation (review 35).
	 */
	String renderLive() {
		boolean journalUp = journal.watch().journalAnswering();
		String state = journalUp || status.startsWith("stopping") ? status : "journal unreachable";
		return "{\"status\":\"" + (journalUp && status.equals("running") ? "up" : "down") + "\",\"state\":\"" + state + "\"}";
	}

	/** {@code entries} as a JSON object, each name with {@code prefix} before it. */
	private static String object(Map<String, String> entries, String prefix) {
		StringBuilder json = new StringBuilder();
		entries.forEach((name, text) -> json.append(json.isEmpty() ? "" : ",").append(JsonText.quote(prefix + name)).append(':')
				.append(JsonText.quote(text)));
		return "{" + json + "}";
	}
}
