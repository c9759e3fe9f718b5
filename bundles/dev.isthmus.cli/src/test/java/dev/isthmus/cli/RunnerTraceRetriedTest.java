package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * {@code isthmus trace} of a record delivered after failed attempts: it said only "delivered", as a delivered row
 * leaves the outbox with its history, so the audit trail lost the 503s and time-outs an operator looks for. A target
 * on loopback answers 503 twice for each "flaky" record, then 200; {@code run --once} runs again until the retries (1s apart)
 * are due. Seen failing before the journal kept those attempts.
 */
class RunnerTraceRetriedTest {

	@TempDir
	Path generated;
	@TempDir
	Path root;

	@Test
	void aDeliveryMadeAfterFailedAttemptsShowsThemInItsTrace() throws Exception {
		Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
		HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		api.createContext("/", exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				int call = calls.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
				exchange.sendResponseHeaders(call <= 2 && exchange.getRequestURI().getPath().startsWith("/flaky/") ? 503 : 200, -1);
			}
		});
		api.start();
		try {
			RunnerTestProjects.generate("runner-trace", generated);
			drop(root, "in-later/a.ndjson", """
					{"id":"1","customer":"c1","kind":"flaky","amount":1,"time":"2020-01-01T10:00:00Z"}
					{"id":"2","customer":"c1","kind":"ok","amount":2,"time":"2020-01-01T10:00:00Z"}
					""");
			Path env = Files.writeString(root.resolve("env"), "BASE=http://127.0.0.1:" + api.getAddress().getPort() + "\n");
			// Bounded: 5 retries 1s apart are due within 60 runs of about a second each.
			for (int run = 0; run < 60 && calls.getOrDefault("/flaky/1", new AtomicInteger()).get() < 3; run++) {
				ByteArrayOutputStream err = new ByteArrayOutputStream();
				assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err)).run("run",
						generated.toString(), "--once", "--root", root.toString(), "--env-file", env.toString()), text(err));
				Thread.sleep(500);
			}
			assertEquals(3, calls.get("/flaky/1").get(), "the flaky record was not delivered on its third attempt: " + calls);

			String flaky = trace("tr.Later@file:in-later/a.ndjson:1");
			assertTrue(flaky.matches("(?s).*deliver -> tr.A.api: .*\n      => delivered at \\S+Z after 2 failed attempts:\n"
					+ "           attempt 1 at \\S+Z: HTTP 503[^\n]*\n           attempt 2 at \\S+Z: HTTP 503[^\n]*\n?"), flaky);
			// Delivered at the first attempt: as before, nothing to tell.
			String ok = trace("tr.Later@file:in-later/a.ndjson:2");
			assertTrue(ok.contains("=> delivered\n") || ok.endsWith("=> delivered"), ok);
			assertTrue(!ok.contains("failed"), ok);
		} finally {
			api.stop(0);
		}
	}

	private String trace(String correlation) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run("trace", correlation, "--root", root.toString()),
				text(err));
		return text(out);
	}
}
