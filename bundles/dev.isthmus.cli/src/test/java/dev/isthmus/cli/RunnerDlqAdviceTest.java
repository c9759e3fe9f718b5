package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command {@code isthmus run --once} prints for its dead letters is pasted into a shell. A review found it
 * unquoted: a journal URL's settings ({@code ;USER=sa;PASSWORD=***}) ended the command at the first {@code ;}, and a
 * root with a space in its path was two arguments. Each test pastes the printed command into {@code /bin/sh} and
 * checks the words it gets, then runs {@code isthmus dlq list} with them.
 */
class RunnerDlqAdviceTest {

	@Test
	void aRootWithASpaceAndAQuoteIsQuotedForTheShell(@TempDir Path generated, @TempDir Path temporary) throws Exception {
		Path root = temporary.resolve("run root's");
		String data = TablesProject.generate(generated, root, "VARCHAR(100)", "VARCHAR(8)");
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n1,cus_a,1.00\n2,cus_with_a_long_name,2.00\n");
		Path env = Files.writeString(temporary.resolve("env"), "ERP_URL=" + data + "\n");
		String printed = once(generated, "--root", root.toString(), "--env-file", env.toString());

		assertEquals(List.of("--root", root.toString()), words(printed), printed);
		assertFalse(printed.contains("put the password back"), printed);
		listsOneDeadLetter(words(printed));
	}

	@Test
	void aJournalUrlIsQuotedAndItsHiddenPasswordSaidSo(@TempDir Path generated, @TempDir Path root, @TempDir Path server)
			throws Exception {
		org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		try {
			String data = TablesProject.generate(generated, root, "VARCHAR(100)", "VARCHAR(8)");
			drop(root, "import/a.csv", "invoiceNo,customer,amount\n1,cus_a,1.00\n2,cus_with_a_long_name,2.00\n");
			Path env = Files.writeString(root.resolve("env"), "ERP_URL=" + data + "\n");
			String journal = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/j11;USER=sa;PASSWORD=pw_advice_7";
			String printed = once(generated, "--root", root.toString(), "--env-file", env.toString(), "--journal", journal);

			assertFalse(printed.contains("pw_advice_7"), printed);
			assertTrue(printed.contains("1 dead letter. To see it (put the password back in place of ***):"), printed);
			List<String> words = words(printed);
			// The root too: dlq show and replay look up the files of records that could not be read under it.
			assertEquals(List.of("--journal", journal.replace("pw_advice_7", "***"), "--root", root.toString()), words, printed);
			listsOneDeadLetter(List.of(words.get(0), words.get(1).replace("***", "pw_advice_7")));
		} finally {
			h2.stop();
		}
	}

	/**
	 * The summary offered 'dlq replay' for every dead letter, and replay then passed over a record its source could
	 * not read (a CSV row whose amount is no number), saying why of it alone (review 23): the summary says which.
	 */
	@Test
	void lettersReplayCannotSendAreSaidToBeSo(@TempDir Path generated, @TempDir Path root) throws Exception {
		String data = TablesProject.generate(generated, root, "VARCHAR(100)", "VARCHAR(8)");
		Path env = Files.writeString(root.resolve("env"), "ERP_URL=" + data + "\n");
		drop(root, "import/a.csv", "invoiceNo,customer,amount\n1,cus_a,1.00\n2,cus_with_a_long_name,2.00\n3,cus_b,abc\n");
		String printed = once(generated, "--root", root.toString(), "--env-file", env.toString());
		assertTrue(printed.contains("2 dead letters. To see them:"), printed);
		assertTrue(printed.contains("and 'isthmus dlq replay' with the same --root sends them again.\n"
				+ "Of them, 1 is a record its source could not read, which replay cannot send again ('isthmus dlq show <id>' shows it).\n"), printed);

		drop(root, "import/b.csv", "invoiceNo,customer,amount\n4,cus_c,x\n");
		printed = once(generated, "--root", root.toString(), "--env-file", env.toString());
		assertTrue(printed.contains("1 dead letter. To see it:"), printed);
		assertFalse(printed.contains("dlq replay"), printed);
		assertTrue(printed.contains("It is a record its source could not read, which replay cannot send again ('isthmus dlq show <id>' shows it)."),
				printed);
	}

	/** What {@code isthmus run <generated> --once <args>} prints. */
	private static String once(Path generated, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		List<String> command = new java.util.ArrayList<>(List.of("run", generated.toString(), "--once"));
		command.addAll(List.of(args));
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run(command.toArray(String[]::new)), text(err));
		return text(out);
	}

	/** The words a shell makes of what follows "isthmus dlq list" on the printed line. */
	private static List<String> words(String printed) throws Exception {
		String line = printed.lines().filter(l -> l.startsWith("  isthmus dlq list")).findFirst().orElseThrow(() -> new AssertionError(printed));
		Process shell = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\n' " + line.substring("  isthmus dlq list".length()))
				.redirectErrorStream(true).start();
		String said = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, shell.waitFor(), said);
		return said.lines().toList();
	}

	private static void listsOneDeadLetter(List<String> where) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		List<String> command = new java.util.ArrayList<>(List.of("dlq", "list"));
		command.addAll(where);
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run(command.toArray(String[]::new)), text(err));
		assertTrue(text(out).contains("tables.FilesToTable"), text(out));
	}
}
