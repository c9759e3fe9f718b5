package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** For table-source tests: a journal of checkpoints in memory, and polls drained as the runner commits them. */
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
}
