package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.HttpTargetProject.feed;
import static dev.isthmus.cli.HttpTargetProject.options;
import static dev.isthmus.cli.HttpTargetProject.reasons;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * What becomes a dead letter at an HTTP target, and what it keeps: a field value that would change the URL's path, a
 * 5xx answer read only as far as it is kept (a 2xx is delivered whatever happens to its body), a redirect, and a fed
 * record as it was written.
 */
class RunnerHttpDeadLetterTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
	}

	/**
	 * A fed JSON file that holds an array keeps each record's decimals as written: {@code 10.00} stays {@code 10.00}
	 * (the feed read the array through doubles and journaled {@code 10.0}).
	 */
	@Test
	void aFedJsonArrayKeepsItsDecimalsAsWritten(@TempDir Path root) throws Exception {
		try (HttpTargetApi api = new HttpTargetApi()) {
			Path file = root.resolve("items.json");
			// a name that is no string: a dead letter at the from step, which keeps the record as it was journaled
			Files.writeString(file, "[{\"id\":\"f1\",\"path\":\"ok\",\"name\":5,\"amount\":10.00,\"big\":12345678901234567.89}]");
			Runner.once(options(generated, root, api, new ByteArrayOutputStream(), Map.of()).withFeeds(List.of(new RunnerOptions.Feed("Src.plain", file))));
			List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
			assertEquals(1, letters.size(), reasons(letters));
			assertTrue(letters.get(0).record().contains("\"amount\":10.00,\"big\":12345678901234567.89"), letters.get(0).record());
		}
	}

	@Test
	void aFieldValueThatWouldChangeTheUrlsPathIsADeadLetterNotARequest(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (HttpTargetApi api = new HttpTargetApi()) {
			RunSummary summary = Runner.once(options(generated, root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "ok/..", "ok/.", "ok/", "ok/fine"))));
			assertEquals(List.of("/ok/item/fine"), api.paths, "only the record naming one item is sent\n" + summary.render());
			String reasons = reasons(deadLetters(generated, root));
			for (String value : List.of("\"..\"", "\".\"", "\"\"")) {
				assertTrue(reasons.contains("the record's name is " + value + ", which would change the URL's path"), value + ":\n" + reasons);
			}
		}
	}

	@Test
	void anAnswerIsReadOnlyAsFarAsItIsKeptAndA2xxIsDeliveredWhateverHappensToItsBody(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (HttpTargetApi api = new HttpTargetApi()) {
			RunSummary summary = Runner.once(options(generated, root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "big/x", "bigerr/x", "cut200/x"))));
			List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
			assertEquals(1, letters.size(), reasons(letters) + summary.render());
			String reason = letters.get(0).reason();
			assertTrue(reason.startsWith("gave up after 1 attempt: HTTP 500 from POST ") && reason.contains("yyyy") && reason.length() < 2300, reason);
			// the runner closed both connections long before their 50 MB were sent
			await("the API to see its answers cut off: " + api.cutOff, () -> api.cutOff.size() == 2);
			assertEquals(2, summary.endpoints().stream().mapToLong(RunSummary.EndpointCounts::delivered).sum(), summary.render());
		}
	}

	@Test
	void aRedirectIsADeadLetterThatSaysWhereTo(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (HttpTargetApi api = new HttpTargetApi()) {
			Runner.once(options(generated, root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "redir/x"))));
			String reasons = reasons(deadLetters(generated, root));
			assertTrue(reasons.contains("refused: HTTP 307 from POST " + api.url() + "/redir/item/x?api_key=***: redirects to /ok/moved-here;"
					+ " the runner follows no redirect"), reasons);
			assertEquals(0, api.count("/ok/"), "not followed");
		}
	}
}
