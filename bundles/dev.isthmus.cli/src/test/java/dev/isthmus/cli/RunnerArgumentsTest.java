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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run}, {@code dlq} and {@code trace} say of arguments a user gets wrong: a usage error (exit 2) that
 * names the argument and what it takes, never a stack trace or a run that half starts. Each case was seen failing
 * before (a review found them: a Java exception's text, or a run that took --batch 0 and did nothing).
 */
class RunnerArgumentsTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	private void usage(String expected, String... args) {
		int code = cli.run(args);
		assertEquals(IsthmusCommandLine.USAGE, code, text(out) + text(err));
		assertTrue(text(err).contains(expected), text(err));
		assertFalse(text(err).contains("Exception"), text(err));
		err.reset();
	}

	@Test
	void runOptionsOutOfRangeAreUsageErrors(@TempDir Path generated, @TempDir Path root) throws Exception {
		String g = generated.toString();
		usage("--batch takes records per journal transaction, 1 to 1000000, not '0'", "run", g, "--once", "--batch", "0");
		usage("--batch takes records per journal transaction, 1 to 1000000, not '-5'", "run", g, "--once", "--batch", "-5");
		usage("--max-body takes a number of bytes, not '-1'", "run", g, "--max-body", "-1");
		usage("--port takes a port number, 0 for any free one, not '99999'", "run", g, "--port", "99999");
		usage("--port takes a port number, 0 for any free one, not 'abc'", "run", g, "--port", "abc");
		usage("--management-port takes a port number, 0 for any free one, or off, not 'of'", "run", g, "--management-port", "of");
		usage("--port and --management-port are both 18090; give them different ports", "run", g, "--port", "18090", "--management-port",
				"18090");
		Path file = Files.writeString(root.resolve("p.csv"), "a\n");
		usage("--root " + file + " is a file", "run", g, "--once", "--root", file.toString());
		usage("--env-file " + root.resolve("nofile.env") + ": no such file", "run", g, "--once", "--env-file", root.resolve("nofile.env").toString());
		usage("--env-file " + root + " is a folder", "run", g, "--once", "--env-file", root.toString());
	}

	@Test
	void dlqAndTraceArgumentsAreChecked(@TempDir Path root) {
		usage("'2026-13-45' is not a time", "dlq", "list", "--root", root.toString(), "--since", "2026-13-45");
		usage("'9999999999999999d' is too long an age: at most 3650000d", "dlq", "list", "--root", root.toString(), "--since", "9999999999999999d");
		usage("'99999999999999999999s' is too long an age: at most 3650000d", "dlq", "list", "--root", root.toString(), "--until", "99999999999999999999s");
		// --until of a date takes in that whole day
		usage("--since 2026-12-02 (2026-12-02T00:00:00Z) is not before --until 2026-12-01 (up to 2026-12-02T00:00:00Z)", "dlq", "list", "--root", root.toString(), "--since",
				"2026-12-02", "--until", "2026-12-01");
		usage("'abc' is not a dead letter id", "dlq", "show", "abc");
		usage("unknown option '--flw'", "dlq", "list", "--flw", "X");
		usage("one correlation id at a time; got 'a' and 'b'", "trace", "a", "b");
		usage("expected a correlation id", "trace", "");
		usage("--root needs a value", "trace", "a", "--root");
	}

	/** A flow whose source names an endpoint its file does not describe: said so (was "an  endpoint is not supported"). */
	@Test
	void aFlowReadingAnUndescribedEndpointIsRefusedInWords(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate(TablesProject.NAME, generated);
		edit(generated.resolve("flows/tables.FilesToTable.json"), flow -> flow.replace("\"endpoint\": \"tables.Erp.imports\"", "\"endpoint\": \"tables.Erp.nope\""));
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--env-file",
				Files.writeString(root.resolve("env"), "ERP_URL=jdbc:h2:mem:x\n").toString()), text(err));
		assertTrue(text(err).contains("flow tables.FilesToTable, source tables.Erp.nope: the flow's configuration does not describe this"
				+ " endpoint (flows/tables.FilesToTable.json has no \"endpoints\" entry with a transport for it); generate the project again"),
				text(err));
	}

	/**
	 * A start refused (here for a variable not set) leaves the folder as it was: it left a journal, a data database
	 * and the file endpoints' folders behind.
	 */
	@Test
	void aRefusedStartLeavesNothingBehind(@TempDir Path generated, @TempDir Path here) throws Exception {
		RunnerTestProjects.generate(TablesProject.NAME, generated);
		Path empty = Files.writeString(here.resolve("empty.env"), "# nothing set\n");
		Path fresh = here.resolve("fresh");
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", generated.toString(), "--once", "--root", fresh.toString(), "--env-file",
				empty.toString()), text(err));
		assertTrue(text(err).contains("ERP_URL"), text(err));
		assertFalse(Files.exists(fresh), "a refused start created " + fresh);
		Path existing = Files.createDirectories(here.resolve("existing"));
		Files.writeString(existing.resolve("notes.txt"), "mine");
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("run", generated.toString(), "--once", "--root", existing.toString(), "--env-file",
				empty.toString()), text(err));
		try (java.util.stream.Stream<Path> left = Files.list(existing)) {
			assertEquals(List.of(existing.resolve("notes.txt")), left.toList());
		}
	}

	/** Looking into a journal that is not there says so, and does not create one (an H2 file URL did). */
	@Test
	void aJournalThatIsNotThereIsNotCreated(@TempDir Path root) {
		String url = "jdbc:h2:file:" + root.resolve("nojournal");
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("dlq", "list", "--journal", url), text(err));
		assertTrue(text(err).contains("no journal here"), text(err));
		assertFalse(Files.exists(root.resolve("nojournal.mv.db")), "a journal was created by looking at it");
	}
}
