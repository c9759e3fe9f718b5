package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A hand-edited configuration's polled table or key column that is no plain SQL name is refused with the words
 * validate uses (see SqlNameValidator), not only "is not a plain SQL name" or "needs an increasing key column".
 */
class JdbcSourceNamesTest {

	private static String refusal(String table, List<String> keys) {
		return assertThrows(SQLException.class,
				() -> new JdbcSource("f", "S.rows", "jdbc:h2:mem:names", table, null, keys, null, null).close()).getMessage();
	}

	@Test
	void aTableOrKeyColumnThatIsNoPlainNameIsRefusedSayingWhatIsTaken() {
		assertEquals("S.rows: " + SqlNames.tableProblem("my-table"), refusal("my-table", List.of("ID")));
		assertEquals("S.rows: key column \"a.b\" is not a plain SQL name (letters, digits and _, not starting with a digit); name the"
				+ " column so, or select it under such a name in a query (SELECT \"x\" AS X)", refusal("T", List.of("a.b")));
		assertEquals("S.rows: a polled table or query needs an increasing key column (key \"COL\")", refusal("T", List.of()));
	}
}
