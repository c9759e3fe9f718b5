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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP target was sent one request at a time: one answering in 300 ms took three records a second, whatever it
 * could take. A delivery's requests now go up to four at a time (an endpoint's {@code concurrency} says how many),
 * and requests that must land in order (a PUT's URL, an {@code ordered by} value) are never under way together. The
 * target on loopback holds each request 300 ms and counts the requests under way, in all and per path. Seen failing
 * before (one at a time).
 */
class RunnerHttpAtOnceTest {

	@TempDir
	Path generated;
	@TempDir
	Path root;

	private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

	/** Every request, "PUT /customers/c1 v1", in the order they came. */
	private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
	private final AtomicInteger underWay = new AtomicInteger();
	private final AtomicInteger mostAtOnce = new AtomicInteger();
	private final Map<String, AtomicInteger> underWayByPath = new ConcurrentHashMap<>();
	/** Paths that had two requests under way together. */
	private final List<String> overlapped = Collections.synchronizedList(new ArrayList<>());

	private HttpServer target() throws Exception {
		HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		api.setExecutor(Executors.newCachedThreadPool());
		api.createContext("/", exchange -> {
			try (exchange) {
				Matcher version = VERSION.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				String path = exchange.getRequestURI().getPath();
				requests.add(exchange.getRequestMethod() + " " + path + " v" + (version.find() ? version.group(1) : "?"));
				mostAtOnce.accumulateAndGet(underWay.incrementAndGet(), Math::max);
				AtomicInteger onPath = underWayByPath.computeIfAbsent(path, p -> new AtomicInteger());
				if (onPath.incrementAndGet() > 1) {
					overlapped.add(path);
				}
				try {
					Thread.sleep(300);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				onPath.decrementAndGet();
				underWay.decrementAndGet();
				exchange.sendResponseHeaders(200, -1);
			}
		});
		api.start();
		return api;
	}

	private void once(HttpServer api) throws Exception {
		Path env = Files.writeString(root.resolve("env"), "BASE=http://127.0.0.1:" + api.getAddress().getPort() + "\n");
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err)).run("run",
				generated.toString(), "--once", "--root", root.toString(), "--env-file", env.toString()), text(err));
	}

	private static String customers(String... idAndVersion) {
		StringBuilder lines = new StringBuilder();
		for (String change : idAndVersion) {
			String[] parts = change.split(" ");
			lines.append("{\"id\":\"").append(parts[0]).append("\",\"version\":").append(parts[1]).append(",\"name\":\"n\"}\n");
		}
		return lines.toString();
	}

	@Test
	void postsGoFourAtATime() throws Exception {
		RunnerTestProjects.generate("runner-order", generated);
		List<String> changes = new ArrayList<>();
		for (int v = 1; v <= 12; v++) {
			changes.add("n" + v + " " + v);
		}
		drop(root, "in-notes/notes.ndjson", customers(changes.toArray(String[]::new)));
		HttpServer api = target();
		try {
			once(api);
		} finally {
			api.stop(0);
		}
		List<String> expected = new ArrayList<>();
		for (int v = 1; v <= 12; v++) {
			expected.add("POST /log v" + v);
		}
		assertEquals(expected, requests.stream().sorted((a, b) -> Integer.compare(version(a), version(b))).toList(), "each note once");
		assertEquals(4, mostAtOnce.get(), "requests under way at once, at most: " + requests);
	}

	/** {@code concurrency 1} on the endpoint: a target that takes one request at a time gets one at a time. */
	@Test
	void anEndpointsConcurrencyBoundsTheRequestsUnderWay(@TempDir Path sources) throws Exception {
		RunnerTestProjects.copy(RunnerTestProjects.sources("runner-order"), sources);
		RunnerTestProjects.edit(sources.resolve("order.isl"),
				isl -> isl.replace("endpoint log http post \"${env:BASE}/log\" sends Customer", "endpoint log http post \"${env:BASE}/log\" sends Customer concurrency 1"));
		RunnerTestProjects.generateFrom(sources, generated);
		drop(root, "in-notes/notes.ndjson", customers("n1 1", "n2 2", "n3 3", "n4 4", "n5 5", "n6 6"));
		HttpServer api = target();
		try {
			once(api);
		} finally {
			api.stop(0);
		}
		assertEquals(6, requests.size(), "each note once: " + requests);
		assertEquals(1, mostAtOnce.get(), "requests under way at once, at most: " + requests);
	}

	@Test
	void putsToOneUrlAreNeverUnderWayTogetherAndLandInOrder() throws Exception {
		RunnerTestProjects.generate("runner-order", generated);
		drop(root, "in/changes.ndjson", customers("c1 1", "c2 1", "c3 1", "c1 2", "c2 2", "c1 3", "c3 2", "c2 3", "c1 4", "c3 3"));
		HttpServer api = target();
		try {
			once(api);
		} finally {
			api.stop(0);
		}
		assertEquals(List.of(), overlapped, "requests to one URL under way together: " + requests);
		assertEquals(List.of("PUT /customers/c1 v1", "PUT /customers/c1 v2", "PUT /customers/c1 v3", "PUT /customers/c1 v4"), of("PUT /customers/c1 "));
		assertEquals(List.of("PUT /customers/c2 v1", "PUT /customers/c2 v2", "PUT /customers/c2 v3"), of("PUT /customers/c2 "));
		assertEquals(List.of("PUT /customers/c3 v1", "PUT /customers/c3 v2", "PUT /customers/c3 v3"), of("PUT /customers/c3 "));
		// side by side across the three customers
		assertEquals(3, mostAtOnce.get(), "requests under way at once, at most: " + requests);
	}

	private List<String> of(String prefix) {
		synchronized (requests) {
			return requests.stream().filter(r -> r.startsWith(prefix)).toList();
		}
	}

	private static int version(String request) {
		return Integer.parseInt(request.substring(request.lastIndexOf(" v") + 2));
	}
}
