package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq} and {@code trace} show a journal URL as {@code run} does, its credentials as {@code ***}. A review saw
 * {@code no journal at jdbc:h2:tcp://…;PASSWORD=pw12345678}, and H2's error for {@code tcp://sa:pw12345678@host}
 * echo the password.
 */
class DlqJournalCredentialsTest {

	private static final String PASSWORD = "pw12345678";

	@Test
	void anEmptyServerDatabaseIsNamedWithoutItsPassword(@TempDir Path server) throws Exception {
		org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		try {
			String journal = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/never;USER=sa;PASSWORD=" + PASSWORD;
			for (String[] command : new String[][] { { "dlq", "list", "--journal", journal }, { "trace", "some-id", "--journal", journal } }) {
				String said = problem(command);
				assertTrue(said.contains("no journal at jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/never;USER=sa;PASSWORD=***"), said);
				assertFalse(said.contains(PASSWORD), said);
			}
		} finally {
			h2.stop();
		}
	}

	@Test
	void aPasswordBeforeTheHostIsNotEchoedFromTheDatabasesError() {
		String journal = "jdbc:h2:tcp://sa:" + PASSWORD + "@127.0.0.1:1/never";
		for (String[] command : new String[][] { { "dlq", "list", "--journal", journal }, { "trace", "some-id", "--journal", journal } }) {
			String said = problem(command);
			assertFalse(said.contains(PASSWORD), said);
			assertTrue(said.contains("***"), said);
		}
	}

	/**
	 * A password the journal's server refuses is said with what to check (review 19, Low: only H2's "Wrong user name or
	 * password [28000-252]", where 'isthmus run' says which journal and what to check). Seen failing before the fix.
	 */
	@Test
	void aRefusedPasswordSaysWhatToCheck(@TempDir Path server) throws Exception {
		org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-baseDir", server.toString(), "-ifNotExists").start();
		try {
			String at = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/journal;USER=sa;PASSWORD=";
			try (java.sql.Connection c = java.sql.DriverManager.getConnection(at + "right-one")) {
				c.createStatement().execute("CREATE TABLE T (ID INT)");
			}
			for (String[] command : new String[][] { { "dlq", "list", "--journal", at + PASSWORD }, { "trace", "some-id", "--journal", at + PASSWORD } }) {
				String said = problem(command);
				assertTrue(said.contains("the journal's database refused the user or password") && said.contains("check the credentials in the"
						+ " --journal URL"), said);
				assertFalse(said.contains(PASSWORD), said);
			}
		} finally {
			h2.stop();
		}
	}

	/** What a command that finds no journal says on standard error. */
	private static String problem(String... command) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.PROBLEMS, new IsthmusCommandLine(print(out), print(err)).run(command), text(out) + text(err));
		return text(out) + text(err);
	}
}
