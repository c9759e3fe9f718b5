package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Batch texts in a real (in-memory H2) column: trace rows are written deflated, rows written before that are plain
 * UTF-8, and both read back as the same text.
 */
class JournalTextTest {

	private static final String TRACES = "[{\"correlation\":\"c-1\",\"origin\":\"file:inbox/a.ndjson:1\",\"trace\":[{\"step\":\"from\","
			+ "\"detail\":\"received ✓\",\"record\":{\"eventId\":\"ev-1\"}}]}]";

	@Test
	void deflatedAndPlainTextsReadBackTheSame() throws Exception {
		byte[] plain = TRACES.getBytes(StandardCharsets.UTF_8);
		String many = "[" + String.join(",", java.util.Collections.nCopies(2000, TRACES.substring(1, TRACES.length() - 1))) + "]";
		byte[] deflated = Journal.deflate(many.getBytes(StandardCharsets.UTF_8));
		assertTrue(deflated.length * 10 < many.length(), "repeated steps and names shrink: " + deflated.length + " of " + many.length());
		try (Connection c = DriverManager.getConnection("jdbc:h2:mem:journal-text")) {
			c.createStatement().execute("CREATE TABLE T (ID INT, B VARBINARY(4000000))");
			try (PreparedStatement p = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
				p.setInt(1, 1);
				p.setBytes(2, plain);
				p.addBatch();
				p.setInt(1, 2);
				p.setBytes(2, deflated);
				p.addBatch();
				p.setInt(1, 3);
				p.setBytes(2, Arrays.copyOf(deflated, deflated.length / 2));
				p.addBatch();
				p.executeBatch();
			}
			assertEquals(TRACES, text(c, 1), "a row from before compression");
			assertEquals(many, text(c, 2));
			SQLException cut = assertThrows(SQLException.class, () -> text(c, 3));
			assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
		}
	}

	private static String text(Connection c, int id) throws SQLException {
		try (ResultSet r = c.createStatement().executeQuery("SELECT B FROM T WHERE ID = " + id)) {
			r.next();
			return Journal.getText(r, 1);
		}
	}
}
