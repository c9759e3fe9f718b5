package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;

/**
 * A table polled by a {@code TIMESTAMP} column (without time zone) on a host whose zone has daylight saving: the
 * rows of the hour the clocks skip are read like any others. (Read through {@code java.sql.Timestamp}, 02:30 on
 * 8 March 2026 in New York came out as 03:30, the checkpoint jumped an hour ahead, and the rows of that hour were
 * never read.) Real H2, in memory.
 */
class JdbcSourceDaylightTest {

	@Test
	void theRowsOfTheSkippedHourAreRead() throws Exception {
		TimeZone before = TimeZone.getDefault();
		try {
			TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
			resetH2Zone();
			try (Connection data = DriverManager.getConnection("jdbc:h2:mem:daylight;DB_CLOSE_DELAY=-1");
					Connection journal = DriverManager.getConnection("jdbc:h2:mem:daylight-journal;DB_CLOSE_DELAY=-1");
					Statement s = data.createStatement(); Statement j = journal.createStatement()) {
				s.execute("CREATE TABLE READINGS (AT TIMESTAMP PRIMARY KEY, N INT)");
				s.execute("INSERT INTO READINGS VALUES ('2026-03-08 01:50:00', 1), ('2026-03-08 02:30:00', 2),"
						+ " ('2026-03-08 02:45:00', 3), ('2026-03-08 03:10:00', 4)");
				j.execute("CREATE TABLE ISTHMUS_CHECKPOINT (NAME VARCHAR(2000) PRIMARY KEY, VAL VARCHAR(2000) NOT NULL)");
				journal.setAutoCommit(false);
				JsonLog log = new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
						new Environment(Map.<String, String>of()::get));
				JdbcSource source = new JdbcSource("f", "e", "jdbc:h2:mem:daylight", "READINGS", null, "AT", null, log);
				List<String> read = new ArrayList<>();
				for (Source.Batch batch = source.next(journal, 1); !batch.inputs().isEmpty(); batch = source.next(journal, 1)) {
					batch.inputs().forEach(input -> read.add(input.json().path("n").asText() + "@" + input.json().path("at").asText()));
					batch.inTransaction().run(journal);
					journal.commit();
				}
				source.close();
				assertEquals(List.of("1@2026-03-08T01:50:00Z", "2@2026-03-08T02:30:00Z", "3@2026-03-08T02:45:00Z", "4@2026-03-08T03:10:00Z"), read);
				assertEquals("2026-03-08T03:10:00", Journal.checkpoint(journal, "jdbc:f:e"));
			}
		} finally {
			TimeZone.setDefault(before);
			resetH2Zone();
		}
	}

	@Test
	void aCheckpointWrittenByEarlierVersionsIsStillRead() {
		assertEquals(java.time.LocalDateTime.of(2026, 11, 1, 10, 0), PolledColumn.TIMESTAMP.bind("2026-11-01 10:00:00.0"));
		assertEquals(java.time.OffsetDateTime.parse("2026-11-01T10:00Z"),
				PolledColumn.TIMESTAMP_WITH_OFFSET.bind("2026-11-01T10:00Z"));
		assertEquals("not a time", PolledColumn.TIMESTAMP.bind("not a time"));
	}

	/**
	 * H2 keeps the JVM's zone once it has used it; the runner's bundle does not import H2's internals, so this is
	 * reached by name (tests run on a plain class path).
	 */
	private static void resetH2Zone() throws ReflectiveOperationException {
		Class.forName("org.h2.util.DateTimeUtils").getMethod("resetCalendar").invoke(null);
	}
}
