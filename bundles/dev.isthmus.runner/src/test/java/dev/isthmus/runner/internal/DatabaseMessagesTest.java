package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/**
 * What the runner says of a database it cannot reach, and the network timeout it connects to a journal's H2 server
 * with. Seen failing before the fix: H2's advice about embedded databases at JVM shutdown was in every line of a journal
 * outage; a journal timeout did not say how to allow a slow server longer.
 */
class DatabaseMessagesTest {

	@Test
	void h2sAdviceAboutShutdownIsNotRepeated() {
		String h2 = "org.h2.jdbc.JdbcSQLNonTransientConnectionException: Database is already closed (to disable automatic closing at VM"
				+ " shutdown, add \";DB_CLOSE_ON_EXIT=FALSE\" to the db URL) [90121-252]";
		assertEquals("org.h2.jdbc.JdbcSQLNonTransientConnectionException: Database is already closed [90121-252]",
				JsonLog.withoutStackFrames(h2));
	}

	@Test
	void theJournalsH2ServerUrlGetsANetworkTimeoutUnlessItSetsOne() {
		assertEquals("jdbc:h2:tcp://db/j;USER=sa;NETWORK_TIMEOUT=" + Connections.networkTimeoutMillis(),
				Connections.withTimeout("jdbc:h2:tcp://db/j;USER=sa"));
		assertEquals("jdbc:h2:tcp://db/j;network_timeout=5", Connections.withTimeout("jdbc:h2:tcp://db/j;network_timeout=5"));
		assertEquals("jdbc:h2:file:/tmp/j", Connections.withTimeout("jdbc:h2:file:/tmp/j"));
		assertEquals("jdbc:postgresql://db/j", Connections.withTimeout("jdbc:postgresql://db/j"));
	}

	@Test
	void aDatabaseThatDoesNotAnswerIsToldApartAndNamedWithoutItsPassword() {
		SQLException timedOut = new SQLException("Connection is broken", "90067", new java.net.SocketTimeoutException("Read timed out"));
		assertTrue(Connections.noAnswer(timedOut));
		assertTrue(Connections.unreachable(timedOut));
		assertFalse(Connections.unreachable(new SQLException("Table X not found", "42S02")));
		String said = Connections.silent("the journal database", "jdbc:h2:tcp://db/j;PASSWORD=pw_77;NETWORK_TIMEOUT=4000");
		assertEquals("the journal database at jdbc:h2:tcp://db/j;PASSWORD=***;NETWORK_TIMEOUT=4000 did not answer within 4 s (a frozen"
				+ " server, or a network that drops packets): check the database server and the network to it; if it is only slow, allow it"
				+ " longer with a larger ;NETWORK_TIMEOUT=<milliseconds> in its URL", said);
		String runners = Connections.silent("the journal database", "jdbc:h2:tcp://db/j");
		assertTrue(runners.endsWith("if it is only slow, allow it longer with JAVA_OPTS=-Disthmus.networkTimeoutMillis=<milliseconds> (now "
				+ Connections.networkTimeoutMillis() + "), or ;NETWORK_TIMEOUT=<milliseconds> in its URL"), runners);
	}

	/**
	 * An embedded H2 file opened by a user who is not its admin could not be used at all: the runner's WRITE_DELAY=0 needs
	 * admin rights ("Admin rights are required for this operation"; found checking review 27's fixes). Refused while the
	 * file would keep commits in memory, saying how its admin sets it; opened once it writes each commit at once.
	 */
	@Test
	void anH2FilesUserWhoIsNotItsAdminIsToldHowToMakeItDurable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
		String file = "jdbc:h2:file:" + folder.resolve("ledger");
		try (java.sql.Connection admin = java.sql.DriverManager.getConnection(file, "OWNER", "owner-pw-1")) {
			admin.createStatement().execute("CREATE USER WRITER PASSWORD 'writer-pw-1'");
		}
		String url = EmbeddedH2.durable(file + ";USER=WRITER;PASSWORD=writer-pw-1");
		SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(Connections.Unusable.class, () -> Connections.open(url));
		assertTrue(refused.getMessage().contains("keeps its last commits in memory for 500 ms (WRITE_DELAY), which a killed runner would lose"
				+ " after counting them delivered, and its user is no admin of the file, who alone may set it: have its admin run SET WRITE_DELAY 0"
				+ " once (the file keeps it), or connect as its admin"), refused.getMessage());
		assertFalse(refused.getMessage().contains("writer-pw-1"), refused.getMessage());

		try (java.sql.Connection admin = java.sql.DriverManager.getConnection(file, "OWNER", "owner-pw-1")) {
			admin.createStatement().execute("SET WRITE_DELAY 0");
		}
		try (java.sql.Connection writer = Connections.open(url)) {
			assertTrue(writer.isValid(1));
		}
	}
}
