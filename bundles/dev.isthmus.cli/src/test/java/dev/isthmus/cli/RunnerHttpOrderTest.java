package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * A customer's second change overtook its first at an HTTP target: the first waited for its retry (a 503), the
 * second went at once, and the retry then wrote the older version over the newer one. Now a PUT (PATCH, DELETE)
 * waiting for its retry holds back the later requests to its URL, across runs of the runner too; requests to other
 * URLs, and POSTs, go on. A target on loopback answers 503 to the first request it gets for a chosen version, and
 * logs every request; {@code run --once} runs again until the retries (1s apart) are due. Seen failing before.
 */
class RunnerHttpOrderTest {

	@TempDir
	Path generated;
	@TempDir
	Path root;

	private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

	/** Every request, "PUT /customers/c1 v1 503", in the order the target answered them. */
	private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

	private HttpServer target(String failOnce) throws Exception {
		HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		api.createContext("/", exchange -> {
			try (exchange) {
				Matcher version = VERSION.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " v"
						+ (version.find() ? version.group(1) : "?");
				int status;
				synchronized (requests) {
					status = request.equals(failOnce) && requests.stream().noneMatch(r -> r.startsWith(request + " ")) ? 503 : 200;
					requests.add(request + " " + status);
				}
				exchange.sendResponseHeaders(status, -1);
			}
		});
		api.start();
		return api;
	}

	private void runUntil(BooleanSupplier done, HttpServer api) throws Exception {
		Path env = Files.writeString(root.resolve("env"), "BASE=http://127.0.0.1:" + api.getAddress().getPort() + "\n");
		// Bounded: retries 1s apart are due within 40 runs of about half a second each.
		for (int run = 0; run < 40 && !done.getAsBoolean(); run++) {
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err)).run("run",
					generated.toString(), "--once", "--root", root.toString(), "--env-file", env.toString()), text(err));
			Thread.sleep(300);
		}
	}

	private List<String> of(String prefix) {
		synchronized (requests) {
			return requests.stream().filter(r -> r.startsWith(prefix)).toList();
		}
	}

	@Test
	void aPutWaitingForItsRetryHoldsBackLaterPutsToItsUrl() throws Exception {
		HttpServer api = target("PUT /customers/c1 v1");
		try {
			RunnerTestProjects.generate("runner-order", generated);
			drop(root, "in/a.ndjson", """
					{"id":"c1","version":1,"name":"Ada"}
					{"id":"c2","version":1,"name":"Bob"}
					{"id":"c1","version":2,"name":"Ada Lovelace"}
					{"id":"c1","version":3,"name":"Ada King"}
					""");
			runUntil(() -> of("PUT /customers/c1 v3 200").size() == 1, api);
			assertEquals(List.of("PUT /customers/c1 v1 503", "PUT /customers/c1 v1 200", "PUT /customers/c1 v2 200", "PUT /customers/c1 v3 200"),
					of("PUT /customers/c1 "), "requests: " + requests);
			// Another customer's change does not wait for c1's retry.
			assertEquals(List.of("PUT /customers/c2 v1 200"), of("PUT /customers/c2 "));
			assertEquals(1, requests.indexOf("PUT /customers/c2 v1 200") < requests.indexOf("PUT /customers/c1 v1 200") ? 1 : 0,
					"c2 waited for c1's retry: " + requests);
		} finally {
			api.stop(0);
		}
	}

	@Test
	void aPostWaitsForNoOther() throws Exception {
		HttpServer api = target("POST /log v1");
		try {
			RunnerTestProjects.generate("runner-order", generated);
			drop(root, "in-notes/a.ndjson", """
					{"id":"n1","version":1,"name":"first"}
					{"id":"n2","version":2,"name":"second"}
					""");
			runUntil(() -> of("POST /log v1 200").size() == 1, api);
			// Each POST adds a note of its own: the second went without waiting for the first one's retry.
			List<String> log = of("POST /log ");
			assertEquals(3, log.size(), "requests: " + requests);
			assertEquals(true, log.contains("POST /log v1 503") && log.indexOf("POST /log v2 200") < log.indexOf("POST /log v1 200"),
					"requests: " + requests);
		} finally {
			api.stop(0);
		}
	}
}
