package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.onceWithinAMinute;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunnerOptions;

/**
 * Where 'dlq show' says a record its source could not read is now, as a review found it: with the journal in a server
 * (--journal, no --root, as the run summary advises) it looked in the current directory and said the file was "no
 * longer there", while it was in the root's done/; and of two files of one name, the second moved to done/ as
 * a.csv.1, it named done/a.csv, the first. Now it says the place is under the runner's root and to give --root, and
 * names the file that has the record's text at that line, or each that has. Seen failing without the fix.
 */
class RunnerDlqWhereNowTest {

	private static final String HEADER = "invoiceNo,customer,amount\n";

	final ByteArrayOutputStream out = new ByteArrayOutputStream();
	final ByteArrayOutputStream err = new ByteArrayOutputStream();
	final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void withTheJournalInAServerAndNoRootItIsNotClaimedGoneAndRootFindsIt(@TempDir Path generated, @TempDir Path root,
			@TempDir Path server) throws Exception {
		String data = TablesProject.generate(generated, root);
		Server journalServer = Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		try {
			String journal = "jdbc:h2:tcp://127.0.0.1:" + journalServer.getPort() + "/journal";
			RunnerOptions options = TablesProject.options(generated, root, data).withJournal(journal);
			drop(root, "import/a.csv", HEADER + "101,cus_a,1\nx,cus_b,2\n");
			onceWithinAMinute(options);
			assertTrue(Files.exists(root.resolve("import/done/a.csv")), "the file moved to done/");
			String id = String.valueOf(only(journal, "file:import/a.csv:3").id());

			// Run from elsewhere than the root, as a person with the server's URL would.
			assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", id, "--journal", journal), text(err));
			String shown = text(out);
			assertFalse(shown.contains("no longer there"), shown);
			assertTrue(shown.contains("now at:      import/a.csv line 3 as it was read, under the runner's root")
					&& shown.contains("give --root <dir> as well"), shown);

			out.reset();
			assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", id, "--json", "--journal", journal, "--root", root.toString()),
					text(err));
			assertEquals("import/done/a.csv line 3", new ObjectMapper().readTree(text(out)).path("nowAt").asText(), text(out));
		} finally {
			journalServer.stop();
		}
	}

	@Test
	void ofFilesOfOneNameTheOneThatHasTheRecordIsNamed(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root);
		RunnerOptions options = TablesProject.options(generated, root, data);
		// Line 4 is there in each file; only the second's is the broken row. The third's line 4 is the same as the second's.
		drop(root, "import/a.csv", HEADER + "201,cus_a,1\n202,cus_b,2\n203,cus_c,3\n");
		onceWithinAMinute(options);
		drop(root, "import/a.csv", HEADER + "301,cus_a,1\n302,cus_b,2\nx,cus_z,9\n");
		onceWithinAMinute(options);
		assertTrue(Files.exists(root.resolve("import/done/a.csv.1")), "the second moved in numbered");
		DeadLetters.DeadLetter second = only(RunnerOptions.of(generated).withRoot(root).journal(), "file:import/a.csv:4");

		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", String.valueOf(second.id()), "--json", "--root", root.toString()),
				text(err));
		assertEquals("import/done/a.csv.1 line 4", new ObjectMapper().readTree(text(out)).path("nowAt").asText(), text(out));

		drop(root, "import/a.csv", HEADER + "4001,cus_a,1\n4002,cus_b,2\nx,cus_z,9\n");
		onceWithinAMinute(options);
		assertTrue(Files.exists(root.resolve("import/done/a.csv.2")), "the third moved in numbered");
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", String.valueOf(second.id()), "--root", root.toString()), text(err));
		assertTrue(text(out).contains("now at:      one of import/done/a.csv.1 line 4, import/done/a.csv.2 line 4 (files of that name"),
				text(out));
	}

	/** The one dead letter of the record read at {@code origin}. */
	private static DeadLetters.DeadLetter only(String journal, String origin) throws Exception {
		try (DeadLetters letters = new DeadLetters(journal)) {
			List<DeadLetters.DeadLetter> all = letters.list(DeadLetters.Filter.ALL);
			List<DeadLetters.DeadLetter> at = all.stream().filter(d -> origin.equals(d.origin())).toList();
			assertEquals(1, at.size(), all.toString());
			return at.get(0);
		}
	}
}
