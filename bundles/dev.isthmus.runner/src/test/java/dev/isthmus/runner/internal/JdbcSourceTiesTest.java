package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.PolledJournals.journal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A table polled by a column that rows may share, with real H2 databases in memory (the table's and the journal's),
 * each poll's batch committed as the runner does: a row arriving later with the value already read (a tie) is read,
 * once, also by a source started again on the same journal (a restart); rows read are not read again, two equal rows
 * being two rows; a checkpoint an earlier runner wrote (without its ties) reads no row twice; a NULL column is a null
 * field. Before ties were kept the poll asked for greater values only, and the tie was never read, silently.
 */
class JdbcSourceTiesTest {

	private static final String SHAPE = "{\"type\":\"object\",\"required\":[\"seq\",\"name\"],\"properties\":"
			+ "{\"seq\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}}}";

	@Test
	void aTieArrivingAfterItsValueWasReadIsReadOnce() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:ties-a;DB_CLOSE_DELAY=-1");
				Connection journal = journal("ties-a-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE SRC (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO SRC VALUES (1, 'a'), (3, 'b')");
			List<String> origins = new ArrayList<>();
			JdbcSource source = source("jdbc:h2:mem:ties-a");
			assertEquals(List.of("1:a", "3:b"), drain(source, journal, 2, origins));
			s.execute("INSERT INTO SRC VALUES (3, 'tie')");
			assertEquals(List.of("3:tie"), drain(source, journal, 2, origins), "the tie, in a later poll");
			assertEquals(List.of(), drain(source, journal, 2, origins), "nothing again");
			source.close();

			// A restart: the rows read at 3 are known from the journal alone.
			s.execute("INSERT INTO SRC VALUES (3, 'tie'), (3, 'c'), (4, 'd'), (4, 'e'), (4, 'f')");
			source = source("jdbc:h2:mem:ties-a");
			assertEquals(List.of("3:c", "3:tie", "4:d", "4:e", "4:f"), sorted(drain(source, journal, 1, origins)),
					"an equal row is a row of its own; a batch of one ends at no value's middle");
			source.close();
			source = source("jdbc:h2:mem:ties-a");
			assertEquals(List.of(), drain(source, journal, 1, origins), "after a restart, nothing again");
			s.execute("INSERT INTO SRC VALUES (4, 'g'), (5, 'h')");
			assertEquals(List.of("4:g", "5:h"), drain(source, journal, 3, origins));
			source.close();
			Set<String> distinct = new HashSet<>(origins);
			assertEquals(origins.size(), distinct.size(), "each row has its own origin (correlation, delivery key): " + origins);
		}
	}

	@Test
	void aCheckpointWrittenBeforeTiesWereKeptReadsNoRowTwice() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:ties-b;DB_CLOSE_DELAY=-1");
				Connection journal = journal("ties-b-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE SRC (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO SRC VALUES (1, 'a'), (3, 'b'), (3, 'c')");
			// as an earlier runner left it: the value read, nothing about its rows
			Journal.checkpoint(journal, "jdbc:f:e", "3");
			journal.commit();
			JdbcSource source = source("jdbc:h2:mem:ties-b");
			assertEquals(List.of(), drain(source, journal, 2, new ArrayList<>()));
			s.execute("INSERT INTO SRC VALUES (5, 'd')");
			assertEquals(List.of("5:d"), drain(source, journal, 2, new ArrayList<>()));
			s.execute("INSERT INTO SRC VALUES (5, 'tie')");
			assertEquals(List.of("5:tie"), drain(source, journal, 2, new ArrayList<>()), "ties are kept from the next value on");
			source.close();
		}
	}

	@Test
	void moreRowsAtOneValueThanAreRememberedAreReadOnceAndSaidSo() throws Exception {
		ByteArrayOutputStream said = new ByteArrayOutputStream();
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:ties-c;DB_CLOSE_DELAY=-1");
				Connection journal = journal("ties-c-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE SRC (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO SRC SELECT 7, 'r' || X FROM SYSTEM_RANGE(1, " + (CheckpointTies.MOST + 1) + ")");
			JdbcSource source = source("jdbc:h2:mem:ties-c", said);
			assertEquals(CheckpointTies.MOST + 1, drain(source, journal, 100, new ArrayList<>()).size());
			source.close();
			source = source("jdbc:h2:mem:ties-c", said);
			s.execute("INSERT INTO SRC VALUES (8, 'next')");
			assertEquals(List.of("8:next"), drain(source, journal, 100, new ArrayList<>()), "a restart reads none of them again");
			source.close();
			String log = said.toString(StandardCharsets.UTF_8);
			assertTrue(log.contains("table.ties-not-kept") && log.contains("SEQ = 7") && log.contains("will not be read"), log);
		}
	}

	@Test
	void aNullColumnIsANullField() throws Exception {
		try (Connection data = DriverManager.getConnection("jdbc:h2:mem:ties-d;DB_CLOSE_DELAY=-1");
				Connection journal = journal("ties-d-journal"); Statement s = data.createStatement()) {
			s.execute("CREATE TABLE SRC (SEQ BIGINT, NAME VARCHAR(50))");
			s.execute("INSERT INTO SRC VALUES (1, NULL)");
			JdbcSource source = source("jdbc:h2:mem:ties-d");
			Source.Batch batch = source.next(journal, 10);
			source.close();
			assertTrue(batch.inputs().get(0).json().has("name") && batch.inputs().get(0).json().get("name").isNull(),
					batch.inputs().get(0).text());
		}
	}

	private static JdbcSource source(String url) throws Exception {
		return source(url, new ByteArrayOutputStream());
	}

	private static JdbcSource source(String url, ByteArrayOutputStream said) throws Exception {
		return new JdbcSource("f", "e", url, "SRC", null, "SEQ", new ObjectMapper().readTree(SHAPE), PolledJournals.log(said));
	}

	/** Polls until a poll finds nothing, committing each batch's checkpoint as the runner does; seq:name per row. */
	private static List<String> drain(JdbcSource source, Connection journal, int max, List<String> origins) throws Exception {
		List<String> read = new ArrayList<>();
		for (Input input : PolledJournals.drain(source, journal, max)) {
			read.add(input.json().path("seq").asText() + ":" + input.json().path("name").asText());
			origins.add(input.origin());
		}
		return read;
	}

	private static List<String> sorted(List<String> rows) {
		return rows.stream().sorted().toList();
	}
}
