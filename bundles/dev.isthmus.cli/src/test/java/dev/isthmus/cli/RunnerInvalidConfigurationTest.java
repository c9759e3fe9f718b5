package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.edit;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A hand-edited generated configuration with three bad values (method FETCH, retry -3 times, backoff sideways). A
 * review was shown only the first, its JSON pointer printed twice, and "(and 2 more problems)": one fixed per start.
 * Now every problem of every file is listed, each with file, pointer (once), what is wrong and what to do, and the
 * refusal says the other start-up checks run once the configuration is valid. Seen failing before the fix.
 */
class RunnerInvalidConfigurationTest {

	private static final String PROJECT = """
			package p

			system S kind shop {
			    record Order json {
			        id : string
			    }
			    endpoint hook webhook "/o" receives Order
			    endpoint api http post "http://127.0.0.1:9/x" sends Order
			    endpoint copies file "out" pattern "o-*.ndjson" sends Order
			}
			flow A {
			    from S.hook
			    to S.api
			    retry 3 times backoff fixed from 1s to 1s
			    dead-letter
			}
			flow B {
			    from S.hook
			    to S.copies
			    dead-letter
			}
			""";

	@Test
	void everyProblemOfEveryFileIsListedOnce(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("p.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		Path a = edit(generated.resolve("flows/p.A.json"), t -> t.replace("\"method\": \"POST\"", "\"method\": \"FETCH\"")
				.replace("\"times\": 3", "\"times\": -3").replace("\"backoff\": \"fixed\"", "\"backoff\": \"sideways\""));
		Path b = edit(generated.resolve("flows/p.B.json"), t -> t.replace("\"direction\": \"sends\"", "\"direction\": \"sideways\""));
		assertTrue(Files.readString(a).contains("FETCH") && Files.readString(a).contains("sideways") && Files.readString(a).contains("-3")
				&& Files.readString(b).contains("sideways"), "the edits took: " + Files.readString(a) + Files.readString(b));
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString());

		String said = text(err);
		assertEquals(IsthmusCommandLine.PROBLEMS, code, said);
		String todo = "; correct it in the file, or generate the project again from its .isl files";
		for (String problem : new String[] { a + " at /endpoints/p.S.api/transport/method: does not have a value in the enumeration",
				a + " at /policies/retry/backoff: does not have a value in the enumeration", a + " at /policies/retry/times: must have a"
						+ " minimum value of 1" + todo, b + " at /endpoints/p.S.copies/direction: does not have a value in the enumeration" }) {
			assertTrue(said.contains("  - invalid configuration: " + problem), problem + "\n" + said);
		}
		assertEquals(4, said.split(todo, -1).length - 1, said);
		assertFalse(said.contains("more problems"), said);
		assertEquals(1, said.split("/policies/retry/times", -1).length - 1, "the pointer once: " + said);
		assertTrue(said.contains("  - the other start-up checks (environment variables, request headers, databases and tables, ports) run once the"
				+ " configuration is valid"), said);
	}

	/**
	 * Durations the schema's pattern lets through but the runner cannot use (a timeout of PT0S, a rate per a duration
	 * of more seconds than a long holds, one with 10 decimal places) stopped the start with "java.lang.IllegalArgumentException:
	 * Invalid duration: PT0S", naming no file or value. Now each is an invalid configuration with its pointer. Seen
	 * failing before the fix.
	 */
	@Test
	void durationsTheRunnerCannotUseAreNamedWithTheirPointers(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("p.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		Path a = editFlow(generated.resolve("flows/p.A.json"), f -> {
			((ObjectNode) f.get("policies")).put("timeout", "PT0S").putObject("rate").put("count", 5).put("per", "PT99999999999999999999S");
			((ObjectNode) f.get("endpoints").get("p.S.api")).put("timeout", "PT0S");
		});
		Path b = editFlow(generated.resolve("flows/p.B.json"), f -> ((ObjectNode) f.get("policies")).put("timeout", "PT1.0000000001S"));
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString());

		String said = text(err);
		assertEquals(IsthmusCommandLine.PROBLEMS, code, said);
		String todo = "; correct it in the file, or generate the project again from its .isl files";
		for (String pointer : new String[] { "/policies/timeout", "/endpoints/p.S.api/timeout" }) {
			assertTrue(said.contains("  - invalid configuration: " + a + " at " + pointer + ": a timeout of \"PT0S\" must be longer than 0"
					+ " (e.g. \"PT30S\")" + todo), said);
		}
		String unusable = " is not a duration the runner can read: an ISO 8601 duration such as \"PT30S\", of at most 9223372036854775807"
				+ " seconds and with at most 9 decimal places of a second" + todo;
		assertTrue(said.contains("  - invalid configuration: " + a + " at /policies/rate/per: \"PT99999999999999999999S\"" + unusable), said);
		assertTrue(said.contains("  - invalid configuration: " + b + " at /policies/timeout: \"PT1.0000000001S\"" + unusable), said);
		assertFalse(said.contains("Exception"), said);
	}

	/**
	 * A flow file or the manifest with junk after the JSON (a merge's conflict marker) was run as if whole, and a
	 * truncated one was refused quoting the parser's internals ("Source: REDACTED (StreamReadFeature…"). Now both are
	 * malformed files, with line and column, the parser's short message and what to do. Seen failing before the fix.
	 */
	@Test
	void junkAfterTheJsonOrATruncatedFileIsRefusedInWords(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("p.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		Path manifest = edit(generated.resolve("isthmus-manifest.json"), t -> t + "\nthis is not json <<<<<<< HEAD\n");
		Path a = edit(generated.resolve("flows/p.A.json"), t -> t + "{}\n");
		Path b = edit(generated.resolve("flows/p.B.json"), t -> t.substring(0, t.lastIndexOf('}')));
		String todo = "; generate the project again with 'isthmus generate <project> -o <this folder>'";

		String said = refusal(generated, root);
		assertTrue(said.contains("  - invalid configuration: " + manifest + ": not valid JSON at line "), said);
		assertTrue(said.contains("Unrecognized token 'this'"), said);
		assertTrue(said.contains(todo), said);
		assertFalse(said.contains("Source: "), said);

		Files.writeString(manifest, Files.readString(manifest).replace("this is not json <<<<<<< HEAD", ""));
		said = refusal(generated, root);
		assertTrue(said.contains("  - invalid configuration: " + a + ": not valid JSON at line "), said);
		assertTrue(said.contains(": more content after the JSON document ends" + todo), said);
		assertTrue(said.contains("  - invalid configuration: " + b + ": not valid JSON at line "), said);
		assertTrue(said.contains("Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1)"), said);
		assertFalse(said.contains("Source: "), said);
	}

	/** Edits a generated flow's configuration by hand, as JSON. */
	private static Path editFlow(Path flow, Consumer<ObjectNode> edit) throws Exception {
		ObjectMapper json = new ObjectMapper();
		ObjectNode config = (ObjectNode) json.readTree(flow.toFile());
		edit.accept(config);
		return Files.writeString(flow, json.writerWithDefaultPrettyPrinter().writeValueAsString(config));
	}

	/** What {@code isthmus run} says when it refuses to start (exit code 1). */
	private static String refusal(Path generated, Path root) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString());
		assertEquals(IsthmusCommandLine.PROBLEMS, code, text(err));
		return text(err);
	}
}
