package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * A runner started on another project's root (or journal) refuses to start: it took the other project's waiting
 * deliveries for those of endpoints renamed away, made them dead letters and gave their keys back, and exited 0
 * (review 39). A project that keeps one of its flows is not refused: its renamed flows' work is dead-lettered as before.
 */
class RunnerAnotherProjectsJournalTest {

	private static final String FIRST = """
			package first
			system Shop kind product {
			    record Order json { id : string }
			    endpoint orders webhook "/orders" receives Order signature none
			    endpoint ledger http post "${env:BASE}/entries" sends Order
			}
			flow Post {
			    from Shop.orders
			    idempotent on id for 1d
			    to Shop.ledger [retry 5 times backoff fixed from 1h to 1h]
			    dead-letter
			}
			""";

	private static final String SECOND = """
			package second
			system Files kind files {
			    record Line json { id : string }
			    endpoint lines file "in" pattern "*.ndjson" receives Line
			    endpoint copies file "out" sends Line
			}
			flow Copy {
			    from Files.lines
			    to Files.copies
			}
			""";

	@Test
	void anotherProjectsWaitingWorkIsLeftAlone(@TempDir Path sources, @TempDir Path first, @TempDir Path second, @TempDir Path root)
			throws Exception {
		Files.createDirectories(sources.resolve("a"));
		Files.createDirectories(sources.resolve("b"));
		Files.writeString(sources.resolve("a/first.isl"), FIRST);
		Files.writeString(sources.resolve("b/second.isl"), SECOND);
		RunnerTestProjects.generateFrom(sources.resolve("a"), first);
		RunnerTestProjects.generateFrom(sources.resolve("b"), second);
		Path orders = Files.writeString(root.resolve("orders.ndjson"), "{\"id\":\"o1\"}\n");
		// the ledger cannot be reached: the delivery waits an hour for its retry
		RunSummary waiting = Runner.once(RunnerOptions.of(first).withRoot(root).withEnvironment(Map.of("BASE", "http://127.0.0.1:9")::get)
				.withFeeds(List.of(new RunnerOptions.Feed("Shop.orders", orders))).withLog(RunnerTestProjects.nowhere()));
		assertEquals(1, waiting.endpoints().get(0).waiting(), waiting.render());

		StartupException refused = assertThrows(StartupException.class, () -> Runner.once(RunnerOptions.of(second).withRoot(root)
				.withLog(RunnerTestProjects.nowhere())));
		assertTrue(refused.getMessage().contains("holds records waiting for flow first.Post, which this configuration has not, and nothing of"
				+ " its own flows: it is another project's journal. Start this one with a --root (or --journal) of its own"), refused.getMessage());
		assertEquals(List.of(), RunnerTestProjects.deadLetters(first, root), "the other project's delivery was not touched");

		RunSummary again = Runner.once(RunnerOptions.of(first).withRoot(root).withEnvironment(Map.of("BASE", "http://127.0.0.1:9")::get)
				.withLog(RunnerTestProjects.nowhere()));
		assertEquals(1, again.endpoints().get(0).waiting(), "still waiting for its retry: " + again.render());

		// The first project with its flow renamed, in its package: its own, though the flow kept has taken nothing yet
		// (review 40: refused).
		Path renamed = sources.resolve("a2");
		Files.createDirectories(renamed);
		Files.writeString(renamed.resolve("first.isl"), FIRST.replace("flow Post {", "flow PostRenamed {") + """
				flow Kept {
				    from Shop.orders
				    to Shop.ledger
				}
				""");
		Path renamedGenerated = Files.createDirectories(root.resolve("gen-renamed"));
		RunnerTestProjects.generateFrom(renamed, renamedGenerated);
		Runner.once(RunnerOptions.of(renamedGenerated).withRoot(root).withEnvironment(Map.of("BASE", "http://127.0.0.1:9")::get)
				.withLog(RunnerTestProjects.nowhere()));

		// The second project on a root of its own runs.
		Path own = Files.createDirectories(root.resolve("own"));
		Files.createDirectories(own.resolve("in"));
		Files.writeString(own.resolve("in/a.ndjson"), "{\"id\":\"l1\"}\n");
		Runner.once(RunnerOptions.of(second).withRoot(own).withLog(RunnerTestProjects.nowhere()));
		assertTrue(Files.exists(own.resolve("in/done/a.ndjson")), "the second project ran on its own root");
	}
}
