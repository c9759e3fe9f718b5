package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * {@code rate 2 per 3s} across two runs on one journal, as a target on loopback counts the requests: the second run
 * began its count afresh, and its first request went at once, three in one window of three seconds. Now the journal
 * keeps what the rate needs, and the second run waits for the window the first one filled.
 */
class RunnerRateRestartTest {

	@Test
	void aRunStartedAgainKeepsTheRateItsPredecessorStarted(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generateFrom(Path.of("src/test/resources/paced"), generated);
		List<Long> arrivals = new CopyOnWriteArrayList<>();
		HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		api.createContext("/readings", exchange -> {
			arrivals.add(System.nanoTime());
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(201, -1);
			exchange.close();
		});
		api.start();
		try {
			Map<String, String> env = Map.of("API_URL", "http://127.0.0.1:" + api.getAddress().getPort());
			RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(env::get).withLog(RunnerTestProjects.nowhere());
			RunnerTestProjects.drop(root, "in/a.ndjson", "{\"id\":\"r1\",\"value\":1}\n{\"id\":\"r2\",\"value\":2}\n");
			Runner.once(options);
			assertEquals(2, arrivals.size());
			RunnerTestProjects.drop(root, "in/b.ndjson", "{\"id\":\"r3\",\"value\":3}\n");
			Runner.once(options);
			assertEquals(3, arrivals.size());
			long window = arrivals.get(2) - arrivals.get(0);
			assertTrue(window >= 3_000_000_000L - 5_000_000L, "the third request came " + window / 1_000_000
					+ " ms after the first: three in a window of 3 s where the rate allows two");
		} finally {
			api.stop(0);
		}
	}
}
