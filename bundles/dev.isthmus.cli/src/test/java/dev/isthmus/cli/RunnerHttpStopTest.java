package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.HttpTargetProject.feed;
import static dev.isthmus.cli.HttpTargetProject.options;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * An HTTP target's deliveries when the runner stops: nothing more is sent, what the target answered is kept, the
 * rest waits in the journal for the next start; a stop ends the wait for the endpoint's rate.
 */
class RunnerHttpStopTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
	}

	/**
	 * A runner stopped while a batch is on its way sends no request after the stop, keeps what the target answered
	 * already, and leaves the rest, the unanswered requests too, waiting in the journal for the next start.
	 */
	@Test
	void aStoppedRunnerSendsNothingMoreAndKeepsWhatWasAnswered(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<String> firstKeys;
		try (HttpTargetApi api = new HttpTargetApi()) {
			RunnerOptions options = options(generated, root, api, log, Map.of()).withFeeds(List.of(feed(root, "patient",
					"hang/a", "hang/b", "hang/c", "hang/d", "hang/e", "hang/f", "hang/g", "hang/h")));
			Runner runner = Runner.start(options);
			try {
				// a delivery's first four requests, sent together: the target answers two and leaves two unanswered
				await("four requests, two of them left unanswered", () -> api.paths.size() == 4);
			} finally {
				api.stopping.set(true);
				runner.close();
			}
			assertEquals(List.of(), api.sentWhileStopping, "sent after the stop\n" + text(log));
			firstKeys = List.copyOf(api.keys.subList(0, 2));
		}
		try (HttpTargetApi api = new HttpTargetApi()) {
			api.answeredBeforeHanging.set(100);
			RunSummary summary = Runner.once(options(generated, root, api, log, Map.of()));
			assertEquals(6, api.paths.size(), "the six not answered are sent again, the two answered not\n" + summary.render() + text(log));
			assertTrue(api.keys.stream().noneMatch(firstKeys::contains), api.keys + " " + firstKeys);
		}
	}

	/** {@code --once} stopped by a SIGTERM while it waits for the endpoint's rate: it stops waiting and sends nothing more. */
	@Test
	void aStopEndsTheWaitForTheRate(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (HttpTargetApi api = new HttpTargetApi()) {
			AtomicBoolean stop = new AtomicBoolean();
			RunnerOptions options = options(generated, root, api, log, Map.of()).withFeeds(List.of(feed(root, "rated", "ok/a", "ok/b", "ok/c")));
			CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
				try {
					return Runner.once(options, stop::get);
				} catch (StartupException e) {
					throw new IllegalStateException(e);
				}
			});
			// stopped while the second record waits for its turn (or, on a slow machine, the first for its answer)
			await("the first request", () -> api.paths.size() == 1);
			api.stopping.set(true);
			stop.set(true);
			RunSummary summary = run.get(60, TimeUnit.SECONDS);
			assertEquals(List.of(), api.sentWhileStopping, "sent after the stop\n" + summary.render());
			RunSummary.EndpointCounts rated = summary.endpoints().stream().filter(e -> e.endpoint().endsWith("rated")).findFirst().orElseThrow();
			assertEquals(3, rated.delivered() + rated.waiting(), "each record delivered or waiting for the next run\n" + summary.render());
			assertEquals(0, rated.deadLettered() + rated.retried(), summary.render());
		}
	}
}
