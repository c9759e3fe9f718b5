package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;

/**
 * {@code isthmus dlq show --json}, as a review found it: it took --json, printed the human format and exited 0, and
 * 'list --json' has no record, attempts or details, so a program had no way to read what a dead letter keeps. Now
 * show prints the whole letter as JSON, with list's field names; the record as JSON (decimals as written). Seen
 * failing without the fix (the output was no JSON). The runner-trace project's run has a delivery the API refused (422).
 */
class RunnerDlqShowJsonTest {

	@TempDir
	Path generated;
	@TempDir
	Path root;
	final ByteArrayOutputStream out = new ByteArrayOutputStream();
	final ByteArrayOutputStream err = new ByteArrayOutputStream();
	final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));
	private AutoCloseable api;

	@BeforeEach
	void run() throws Exception {
		api = RunnerTraceOutcomesTest.runOnce(generated, root);
	}

	@AfterEach
	void stop() throws Exception {
		api.close();
	}

	@Test
	void showJsonPrintsTheWholeDeadLetterWithListsFieldNames() throws Exception {
		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		DeadLetters.DeadLetter letter = letters.stream().filter(d -> d.flow().equals("tr.Correlated")).findFirst().orElseThrow();
		String id = String.valueOf(letter.id());
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", id, "--json", "--root", root.toString()), text(err));
		JsonNode shown = new ObjectMapper().readTree(text(out));
		assertEquals(letter.id(), shown.path("id").asLong(), text(out));
		assertEquals("tr.Correlated", shown.path("flow").asText());
		assertEquals(letter.reason(), shown.path("reason").asText());
		assertEquals(letter.step(), shown.path("step").asText());
		assertEquals(letter.correlation(), shown.path("correlation").asText());
		assertEquals(letter.createdAt().toString(), shown.path("createdAt").asText());
		assertEquals("DEAD", shown.path("state").asText());
		assertTrue(shown.path("record").isObject(), "the record as JSON: " + text(out));
		assertTrue(text(out).contains("11.00"), "its decimal as written: " + text(out));
		assertTrue(shown.has("attempts") && shown.has("details"), text(out));

		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "list", "--json", "--root", root.toString()), text(err));
		JsonNode listed = new ObjectMapper().readTree(text(out));
		JsonNode same = null;
		for (JsonNode l : listed) {
			if (l.path("id").asLong() == letter.id()) {
				same = l;
			}
		}
		assertTrue(same != null, text(out));
		for (java.util.Iterator<String> names = same.fieldNames(); names.hasNext();) {
			String name = names.next();
			assertEquals(same.get(name), shown.get(name), "list and show say " + name + " alike");
		}

		assertEquals(IsthmusCommandLine.USAGE, cli.run("dlq", "replay", id, "--json", "--root", root.toString()));
		assertTrue(text(err).contains("--json is for list and show"), text(err));
	}
}
