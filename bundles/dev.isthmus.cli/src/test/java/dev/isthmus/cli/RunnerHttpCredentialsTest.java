package dev.isthmus.cli;

import static dev.isthmus.cli.HttpTargetProject.QKEY;
import static dev.isthmus.cli.HttpTargetProject.feed;
import static dev.isthmus.cli.HttpTargetProject.options;
import static dev.isthmus.cli.HttpTargetProject.reasons;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * An HTTP target's credentials: a key in the URL's query is never shown (dead letters, their traces, the log), and
 * basic authentication without a password is refused at the start, without showing what it holds.
 */
class RunnerHttpCredentialsTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
	}

	@Test
	void aKeyInTheUrlsQueryIsNeverShownNotEvenWhenTheTargetTimesOut(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (HttpTargetApi api = new HttpTargetApi()) {
			Runner.once(options(generated, root, api, log, Map.of()).withFeeds(List.of(feed(root, "plain", "slow/x", "e503/x", "cut200/x"))));
			List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
			assertTrue(reasons(letters).contains("no answer within 1000 ms from POST " + api.url() + "/slow/item/x?api_key=***"), reasons(letters));
			assertFalse(reasons(letters).contains(QKEY), reasons(letters));
			assertFalse(text(log).contains(QKEY), text(log));
			for (DeadLetters.DeadLetter letter : letters) {
				try (dev.isthmus.runner.Trails journal = new dev.isthmus.runner.Trails(RunnerOptions.of(generated).withRoot(root).journal())) {
					assertFalse(journal.deliveries(letter.correlation()).toString().contains(QKEY), "trace of " + letter.correlation());
				}
			}
		}
	}

	@Test
	void basicAuthenticationWithoutAPasswordIsRefusedAtTheStart(@TempDir Path root) throws Exception {
		try (HttpTargetApi api = new HttpTargetApi()) {
			StartupException refused = assertThrows(StartupException.class,
					() -> Runner.once(options(generated, root, api, new ByteArrayOutputStream(), Map.of("BASIC_CREDS", "justuser"))));
			assertTrue(refused.getMessage().contains("endpoint web.Api.items: auth basic needs BASIC_CREDS to hold user:password"),
					refused.getMessage());
			assertFalse(refused.getMessage().contains("justuser"), refused.getMessage());
			assertEquals(List.of(), api.paths);
		}
	}
}
