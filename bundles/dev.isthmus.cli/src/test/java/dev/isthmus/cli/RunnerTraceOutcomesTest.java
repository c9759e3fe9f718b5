package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * {@code isthmus trace} as a new user's review found it: no outcome under a route's deliveries, one customer's
 * records each credited with the others' outcomes, decimals shown as doubles. One run of the runner-trace project
 * against an API on loopback that takes (ok), refuses (bad: 422) or is busy (busy: 503, retried in an hour). Each test
 * was seen failing without its fix.
 */
class RunnerTraceOutcomesTest {

	@TempDir
	static Path generated;
	@TempDir
	static Path root;
	static AutoCloseable api;

	@BeforeAll
	static void runOnce() throws Exception {
		api = runOnce(generated, root);
	}

	@AfterAll
	static void stop() throws Exception {
		api.close();
	}

	/**
	 * Generates the project and runs it once against an API on loopback: the API's answer depends on the URL's first
	 * segment (ok 200, bad 422, busy 503). Returns the API, to be closed.
	 */
	static AutoCloseable runOnce(Path generated, Path root) throws Exception {
		HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		api.createContext("/", exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				int status = switch (exchange.getRequestURI().getPath().split("/")[1]) {
					case "bad" -> 422;
					case "busy" -> 503;
					default -> 200;
				};
				exchange.sendResponseHeaders(status, -1);
			}
		});
		api.start();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err));
		RunnerTestProjects.generate("runner-trace", generated);
		drop(root, "in/a.ndjson", """
				{"id":"1","customer":"c1","kind":"ok","amount":10.50,"time":"2020-01-01T10:00:00Z"}
				{"id":"2","customer":"c1","kind":"bad","amount":11.00,"time":"2020-01-01T10:01:00Z"}
				{"id":"3","customer":"c1","kind":"busy","amount":12,"time":"2020-01-01T10:02:00Z"}
				""");
		drop(root, "in-routed/a.ndjson", """
				{"id":"r1","customer":"c2","kind":"ok","amount":500.25,"time":"2020-01-01T10:00:00Z"}
				{"id":"r2","customer":"c2","kind":"bad","amount":5.10,"time":"2020-01-01T10:00:00Z"}
				""");
		Path env = Files.writeString(root.resolve("env"), "BASE=http://127.0.0.1:" + api.getAddress().getPort() + "\n");
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--env-file",
				env.toString()), text(err));
		return () -> api.stop(0);
	}

	private static String trace(String correlation) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run("trace", correlation, "--root", root.toString()),
				text(err));
		return text(out);
	}

	/** The part of a trace's output about the record from {@code origin}. */
	private static String part(String output, String origin) {
		int start = output.indexOf("  from " + origin + "\n");
		assertTrue(start >= 0, output);
		int end = output.indexOf("\ntr.", start);
		return output.substring(start, end < 0 ? output.length() : end);
	}

	@Test
	void aRoutedDeliverySaysHowItEnded() {
		String delivered = trace("tr.Routed@file:in-routed/a.ndjson:1");
		assertTrue(delivered.matches("(?s).*route -> tr.A.big: as is\n      \\(record unchanged\\)\n      => delivered.*"), delivered);
		String refused = trace("tr.Routed@file:in-routed/a.ndjson:2");
		assertTrue(refused.matches("(?s).*route -> tr.A.api: as is\n.*=> dead letter \\d+: refused: HTTP 422.*"), refused);
	}

	@Test
	void recordsSharingACorrelationIdEachShowTheirOwnDelivery() {
		String all = trace("c1");
		String ok = part(all, "file:in/a.ndjson:1"), bad = part(all, "file:in/a.ndjson:2"), busy = part(all, "file:in/a.ndjson:3");
		assertTrue(ok.contains("=> delivered") && !ok.contains("dead letter") && !ok.contains("waiting"), ok);
		assertTrue(bad.matches("(?s).*=> dead letter \\d+: refused: HTTP 422 from POST http://127.0.0.1:\\d+/bad/2.*"), bad);
		assertFalse(bad.contains("waiting") || bad.contains("delivered"), bad);
		// Why it waits, not only that it does: the last attempt's error (trace said only "1 attempt so far").
		assertTrue(busy.matches("(?s).*=> waiting in the outbox: 1 attempt so far, the last failed: [^\n]*HTTP 503[^\n]*; next at .*"), busy);
		assertFalse(busy.contains("dead letter") || busy.contains("delivered"), busy);
	}

	@Test
	void aTraceShowsDecimalsExactly() {
		String all = trace("c1");
		assertTrue(all.contains("\"amount\":10.50,") && all.contains("\"amount\":11.00,"), all);
		assertTrue(trace("tr.Routed@file:in-routed/a.ndjson:2").contains("\"amount\":5.10,"));
	}
}
