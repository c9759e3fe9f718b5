package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code isthmus run --once} on files it cannot read (not UTF-8): they go to failed/ with a note, and the summary says
 * so, naming them. It used to print only counts of 0 and exit 0, the files' fate in a JSON log line on stderr alone.
 * A file that cannot be read is counted as a dead letter is: listed, with what to do, and the exit code stays 0.
 */
class RunnerFailedFilesSummaryTest {

	private static final String SYSTEM = """
			system F kind product {
			    record In csv {
			        id    : string
			        text  : string
			    }
			    record Out json {
			        id    : string
			        text  : string
			    }
			    endpoint src file "in" pattern "*.csv" receives In
			    endpoint out file "out" pattern "o-*.ndjson" sends Out
			}
			mapping M : F.In -> F.Out { id <- id text <- text }
			flow C { from F.src map M to F.out dead-letter }
			""";

	@Test
	void filesThatCouldNotBeReadAreNamedInTheSummaryWithWhereTheyWent(@TempDir Path project, @TempDir Path generated,
			@TempDir Path root) throws Exception {
		Files.writeString(project.resolve("sys.isl"), SYSTEM);
		RunnerTestProjects.generateFrom(project, generated);
		drop(root, "in/good.csv", "id,text\nc1,x\n");
		Files.write(root.resolve("in/bad.csv"), new byte[] { 'i', 'd', ',', 't', 'e', 'x', 't', '\n', 'c', '2', ',', (byte) 0xff, '\n' });
		Files.write(root.resolve("in/lat.csv"), new byte[] { 'i', 'd', ',', 't', 'e', 'x', 't', '\n', 'c', '3', ',', (byte) 0xe9, '\n' });
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString());

		assertEquals(IsthmusCommandLine.OK, code, text(out) + text(err));
		assertTrue(Files.isRegularFile(root.resolve("in/failed/bad.csv.reason.txt")), "the note beside the file");
		assertTrue(text(out).contains("""

				2 files could not be read and were moved to in/failed/ (each with a .reason.txt saying why):
				  in/bad.csv: the file is not UTF-8 text (line 2, byte 11 (0xff)), so no record of it was read; save it as UTF-8 and drop it in again, or, if its files are written in another encoding (a spreadsheet's export is often windows-1252), give the endpoint's file line that encoding (file "…" encoding "windows-1252") and generate again
				  in/lat.csv: the file is not UTF-8 text (line 2, byte 11 (0xe9)), so no record of it was read; save it as UTF-8 and drop it in again, or, if its files are written in another encoding (a spreadsheet's export is often windows-1252), give the endpoint's file line that encoding (file "…" encoding "windows-1252") and generate again
				"""), text(out));
		assertFalse(text(out).contains("dead letters"), text(out));
	}

	/** Review 20: a name's control characters went raw to the terminal (dlq list and show escape them). */
	@Test
	void aFileNameIsPrintedEscaped(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("sys.isl"), SYSTEM);
		RunnerTestProjects.generateFrom(project, generated);
		Files.createDirectories(root.resolve("in"));
		Files.write(root.resolve("in/bad\u001B[32m.csv"), new byte[] { 'i', 'd', (byte) 0xff, '\n' });
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), RunnerTestProjects.nowhere());

		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString()), text(out));
		assertTrue(text(out).contains("\n  in/bad\\u001B[32m.csv: the file is not UTF-8 text"), text(out));
		assertFalse(text(out).contains("\u001B"), text(out));
	}

	@Test
	void oneFileIsOneFileAndARunWithoutThemSaysNothingOfThem(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("sys.isl"), SYSTEM);
		RunnerTestProjects.generateFrom(project, generated);
		Files.createDirectories(root.resolve("in"));
		Files.write(root.resolve("in/bad.csv"), new byte[] { 'i', 'd', (byte) 0xff, '\n' });
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), RunnerTestProjects.nowhere());

		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString()), text(out));
		assertTrue(text(out).contains("\n1 file could not be read and was moved to in/failed/ (with a .reason.txt saying why):\n"
				+ "  in/bad.csv: the file is not UTF-8 text"), text(out));

		out.reset();
		drop(root, "in/good.csv", "id,text\nc1,x\n");
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString()), text(out));
		assertFalse(text(out).contains("could not be read"), text(out));
	}
}
