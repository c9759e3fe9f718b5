package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Rows a polled table has that its poll will never read, said in the log, with a real H2 table in memory: a row
 * committed below the checkpoint after it was read (a transaction that took SEQ 5 committing after SEQ 6 was read),
 * which was lost without a word; a tie at the checkpoint (which is read) and a deleted row say nothing.
 */
class SkippedRowsTest {

	@Test
	void aRowAppearingBelowTheCheckpointIsSaidOnce() throws Exception {
		ByteArrayOutputStream said = new ByteArrayOutputStream();
		JsonLog log = new JsonLog(new PrintStream(said, true, StandardCharsets.UTF_8), new Environment(Map.<String, String>of()::get));
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:skipped;DB_CLOSE_DELAY=-1"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE SRC (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO SRC VALUES (1, 'a'), (4, 'b'), (6, 'c')");
			SkippedRows skipped = new SkippedRows("f", "e", "table SRC", "SEQ", "jdbc:f:e", "SRC", "SEQ", PolledColumn.TEXT, log, Duration.ZERO);
			BigDecimal six = new BigDecimal("6");
			skipped.look(data, six, "6");
			s.execute("INSERT INTO SRC VALUES (6, 'tie'), (7, 'd')");
			s.execute("DELETE FROM SRC WHERE SEQ = 1");
			skipped.look(data, six, "6");
			assertEquals("", said.toString(StandardCharsets.UTF_8), "a tie is read, and a deleted row is no row skipped");
			s.execute("INSERT INTO SRC VALUES (5, 'late')");
			skipped.look(data, six, "6");
			String first = said.toString(StandardCharsets.UTF_8);
			assertTrue(first.contains("table.rows-below-checkpoint") && first.contains("1 row with SEQ below 6 appeared in table SRC")
					&& first.contains("will not be read") && first.contains("commit order"), first);
			skipped.moved(false, 2, true); // the poll read the two rows at 6, and moved on to 7
			skipped.look(data, new BigDecimal("7"), "7");
			skipped.look(data, new BigDecimal("7"), "7");
			assertEquals(first, said.toString(StandardCharsets.UTF_8), "said once");
		}
	}
}
