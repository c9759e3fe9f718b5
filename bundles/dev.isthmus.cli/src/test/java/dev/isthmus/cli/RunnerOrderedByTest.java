package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.Runner;

/**
 * {@code ordered by customer} in front of an HTTP POST target: a customer's later change waits while the earlier one
 * waits for its retry, and other customers' changes go on. (The runner delivered a POST's records with no regard to
 * each other: the later change reached the product first, and the retried earlier one then undid it.) Real HTTP on
 * loopback; the product answers the first attempt of change 1 with a 503.
 */
class RunnerOrderedByTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate("runner-ordered-by", generated);
	}

	@Test
	void aCustomersLaterChangeWaitsForItsEarlierOneWhileOthersGoOn(@TempDir Path root) throws Exception {
		drop(root, "inbox/a.ndjson", """
				{"id":"1","customer":"c1","plan":"basic"}
				{"id":"2","customer":"c2","plan":"pro"}
				{"id":"3","customer":"c1","plan":"pro"}
				{"id":"4","customer":"c2","plan":"team"}
				{"id":"5","plan":"basic"}
				{"id":"6","customer":"null","plan":"pro"}
				""");
		ObjectMapper json = new ObjectMapper();
		List<String> seen = new CopyOnWriteArrayList<>();
		AtomicBoolean failed = new AtomicBoolean();
		AtomicBoolean failedToo = new AtomicBoolean();
		try (LoopbackServer product = new LoopbackServer(exchange -> {
			try (exchange) {
				String id = json.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).path("id").asText();
				int status = id.equals("1") && failed.compareAndSet(false, true) || id.equals("5") && failedToo.compareAndSet(false, true) ? 503 : 201;
				seen.add(id + " " + status);
				exchange.sendResponseHeaders(status, -1);
			}
		})) {
			Map<String, String> environment = Map.of("PRODUCT_URL", product.url());
			Runner.once(RunnerTestProjects.options(generated, root, environment));
			// change 1 waits for its retry (1s), holding back 3; c2's two went, one after the other
			// a record without a customer (5) waits too, apart from the customer whose name is the text "null" (6)
			assertEquals(Set.of("1 503", "2 201", "4 201", "5 503", "6 201"), Set.copyOf(seen), seen.toString());
			assertTrue(seen.indexOf("2 201") < seen.indexOf("4 201"), seen.toString());
			assertFalse(seen.contains("3 201"), "c1's later change must wait for its earlier one: " + seen);
			// Bounded: the retry is due within a second; each run delivers what is due and ends.
			for (int run = 0; run < 60 && !seen.contains("3 201"); run++) {
				Thread.sleep(500);
				Runner.once(RunnerTestProjects.options(generated, root, environment));
			}
		}
		assertEquals(List.of("1 201", "3 201"), seen.stream().filter(s -> s.startsWith("1 2") || s.startsWith("3 ")).toList(), seen.toString());
	}
}
