package dev.isthmus.runner.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For table-source tests: a journal of checkpoints in memory, polls drained as the runner commits them, and a log a
 * test reads back.
 */
final class PolledJournals {

	private PolledJournals() {
	}

	static Connection journal(String name) throws Exception {
		Connection journal = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
		try (Statement j = journal.createStatement()) {
			j.execute("CREATE TABLE ISTHMUS_CHECKPOINT (NAME VARCHAR(2000) PRIMARY KEY, VAL VARCHAR(2000) NOT NULL)");
		}
		journal.setAutoCommit(false);
		return journal;
	}

	/** Polls until a poll finds nothing (at most 20 polls: one that never ends fails), committing as the runner does. */
	static List<String> drain(JdbcSource source, Connection journal) throws Exception {
		List<String> read = new ArrayList<>();
		for (int poll = 0; poll < 20; poll++) {
			Source.Batch batch = source.next(journal, 10);
			if (batch == Source.Batch.EMPTY) {
				return read;
			}
			batch.inputs().forEach(input -> read.add(input.json().path("seq").asText() + ":" + input.json().path("name").asText()));
			batch.inTransaction().run(journal);
			journal.commit();
		}
		throw new AssertionError("the polls did not end; read " + read);
	}

	/** Polls {@code max} rows at a time until a poll finds nothing, committing each batch's checkpoint as the runner does; the rows read. */
	static List<Input> drain(JdbcSource source, Connection journal, int max) throws Exception {
		List<Input> read = new ArrayList<>();
		for (Source.Batch batch = source.next(journal, max); !batch.inputs().isEmpty(); batch = source.next(journal, max)) {
			read.addAll(batch.inputs());
			batch.inTransaction().run(journal);
			journal.commit();
		}
		return read;
	}

	/** Each row's {@code note} field. */
	static List<String> notes(List<Input> inputs) {
		return inputs.stream().map(i -> i.json().path("note").asText()).toList();
	}

	/** A source's log, written into {@code into} (an environment without variables). */
	static JsonLog log(ByteArrayOutputStream into) {
		return new JsonLog(new PrintStream(into, true, StandardCharsets.UTF_8), new Environment(Map.<String, String>of()::get));
	}
}
