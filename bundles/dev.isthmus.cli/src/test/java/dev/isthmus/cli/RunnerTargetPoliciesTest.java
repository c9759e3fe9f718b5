package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters.DeadLetter;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A flow's {@code timeout} and {@code rate}, written on a target ({@code to Api.slow [timeout 1s]}) or on the flow,
 * were generated into its configuration and never read (review 21): a target answering after 3 s was waited for, and
 * 4 requests went at once under a rate of 1 per second. The waits below are lower bounds the runner must keep (the
 * rate's spacing) or upper bounds telling a timeout from none (3 s), not timings of the runner.
 */
class RunnerTargetPoliciesTest {

	private static final String PROJECT = """
			package q
			system In kind src {
			    record Item json { id : string }
			    endpoint slowItems webhook "/slow" receives Item
			    endpoint ratedItems webhook "/rated" receives Item
			}
			system Api kind api {
			    endpoint slow http post "${env:BASE}/slow/{id}" sends In.Item
			        timeout 30s
			    endpoint rated http post "${env:BASE}/rated/{id}" sends In.Item
			}
			flow TargetTimeout {
			    from In.slowItems
			    to Api.slow [timeout 1s]
			    dead-letter
			}
			flow FlowRate {
			    from In.ratedItems
			    to Api.rated
			    rate 1 per 1s
			    dead-letter
			}
			""";

	@Test
	void aTargetsTimeoutAndAFlowsRateAreKept(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("q.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		List<Long> rated = Collections.synchronizedList(new ArrayList<>());
		try (LoopbackServer api = new LoopbackServer(exchange -> {
			exchange.getRequestBody().readAllBytes();
			if (exchange.getRequestURI().getPath().startsWith("/slow/")) {
				try {
					Thread.sleep(3000);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			} else {
				rated.add(System.nanoTime());
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		})) {
			Path slow = Files.writeString(root.resolve("slow.ndjson"), "{\"id\":\"s1\"}\n");
			Path items = Files.writeString(root.resolve("rated.ndjson"), "{\"id\":\"r1\"}\n{\"id\":\"r2\"}\n{\"id\":\"r3\"}\n{\"id\":\"r4\"}\n");
			Runner.once(RunnerTestProjects.options(generated, root, Map.of("BASE", api.url())).withPorts("127.0.0.1", 0, -1)
					.withFeeds(List.of(new RunnerOptions.Feed("In.slowItems", slow), new RunnerOptions.Feed("In.ratedItems", items))));

			List<DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
			assertEquals(1, letters.size(), letters.toString());
			assertTrue(letters.get(0).reason().contains("no answer within 1000 ms from POST " + api.url() + "/slow/s1"), letters.get(0).reason());
			assertEquals(4, rated.size(), rated.toString());
			for (int i = 1; i < rated.size(); i++) {
				long gap = (rated.get(i) - rated.get(i - 1)) / 1_000_000;
				assertTrue(gap >= 900, "request " + (i + 1) + " came " + gap + " ms after the one before, under a rate of 1 per 1s");
			}
		}
	}
}
