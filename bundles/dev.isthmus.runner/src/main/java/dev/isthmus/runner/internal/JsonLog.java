package dev.isthmus.runner.internal;

import java.io.PrintStream;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Structured logs: one JSON object per line with time, level, event and the fields given (flow, endpoint,
 * correlation id, …). Every value passes through the environment's redaction, so no secret reaches a log.
 */
public final class JsonLog {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final java.util.regex.Pattern H2_SHUTDOWN_ADVICE = java.util.regex.Pattern
			.compile(" ?\\(to disable automatic closing at VM shutdown, add \"?;DB_CLOSE_ON_EXIT=FALSE\"? to the db URL\\)");

	private final PrintStream out;
	private final Environment environment;

	public JsonLog(PrintStream out, Environment environment) {
		this.out = out;
		this.environment = environment;
	}

	public void info(String event, Object... fields) {
		write("info", event, fields);
	}

	public void warn(String event, Object... fields) {
		write("warn", event, fields);
	}

	public void error(String event, Object... fields) {
		write("error", event, fields);
	}

	/**
	 * A message without the stack frames some carry inside it (H2's server errors end with the server's own
	 * "\n\tat org.h2…" lines): a log line says what went wrong, and a dozen frames of another process do not help.
	 */
	static String withoutStackFrames(String text) {
		// H2's client says this of a session that is gone (a server stopped, a connection that broke): its advice is
		// about embedded databases at JVM shutdown, and sends a reader of a runner's log the wrong way.
		text = H2_SHUTDOWN_ADVICE.matcher(text).replaceAll("");
		int frame = text.indexOf("\n\tat ");
		if (frame < 0) {
			frame = text.indexOf("\n    at ");
		}
		return frame < 0 ? text : text.substring(0, frame);
	}

	private void write(String level, String event, Object... fields) {
		ObjectNode line = JSON.createObjectNode();
		line.put("ts", Instant.now().toString());
		line.put("level", level);
		line.put("event", event);
		for (int i = 0; i + 1 < fields.length; i += 2) {
			Object value = fields[i + 1];
			if (value instanceof Number n && !(value instanceof Double)) {
				line.put((String) fields[i], n.longValue());
			} else if (value != null) {
				line.put((String) fields[i], environment.redact(withoutStackFrames(String.valueOf(value))));
			}
		}
		synchronized (out) {
			out.println(line);
		}
	}
}
