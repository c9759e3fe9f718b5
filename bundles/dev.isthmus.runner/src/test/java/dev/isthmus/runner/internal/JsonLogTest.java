package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A log line says what went wrong: a review found an H2 server's stack frames inside flow.failed reasons. */
class JsonLogTest {

	@Test
	void stackFramesInsideAMessageAreLeftOut() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		JsonLog log = new JsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Environment(Map.<String, String>of()::get));
		log.error("flow.failed", "flow", "f", "reason", "org.h2.jdbc.JdbcSQLNonTransientConnectionException: Connection is broken: "
				+ "\"session closed\" [90067-252]\n\tat org.h2.message.DbException.getJdbcSQLException(DbException.java:690)\n\tat org.h2.engine.SessionRemote.done");
		assertEquals("org.h2.jdbc.JdbcSQLNonTransientConnectionException: Connection is broken: \"session closed\" [90067-252]",
				new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8)).path("reason").asText());
	}
}
