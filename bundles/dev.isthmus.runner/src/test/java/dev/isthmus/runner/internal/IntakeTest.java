package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook records journaled in groups, on a real H2 journal: requests arriving while a commit is under way are
 * committed together by the next one, each answered with its own ids; a failed commit fails its whole group and
 * leaves nothing of it, and the next request is journaled again.
 */
class IntakeTest {

	private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");

	@Test
	void requestsArrivingDuringACommitAreCommittedTogether(@TempDir Path dir) throws Exception {
		try (Journal journal = Journal.open("jdbc:h2:" + dir.resolve("journal")); Intake intake = new Intake(journal);
				ExecutorService senders = Executors.newFixedThreadPool(10)) {
			List<Future<List<Long>>> answers = new ArrayList<>();
			// The journal is busy (a flow's batch committing): the first request takes its own record and waits for it.
			Journal.WRITES.lock();
			try {
				answers.add(senders.submit(() -> intake.accept(List.of("F", "G"), "E", "webhook:/e", "{\"n\":0}", AT)));
				waitFor(() -> Journal.WRITES.getQueueLength() == 1);
				for (int i = 1; i < 10; i++) {
					String body = "{\"n\":" + i + "}";
					answers.add(senders.submit(() -> intake.accept(List.of("F", "G"), "E", "webhook:/e", body, AT)));
				}
				waitFor(() -> intake.waiting() == 9);
			} finally {
				Journal.WRITES.unlock();
			}
			Set<Long> ids = new TreeSet<>();
			for (Future<List<Long>> answer : answers) {
				List<Long> mine = answer.get();
				assertEquals(2, mine.size(), "a row for each flow");
				ids.addAll(mine);
			}
			assertEquals(20, ids.size(), "every request its own ids: " + ids);
			assertEquals(2, intake.commits(), "the first record alone, then the nine that came meanwhile in one commit");
			try (Connection c = journal.connect()) {
				assertEquals(20, count(c, "SELECT COUNT(*) FROM ISTHMUS_INBOX"));
				assertEquals(10, count(c, "SELECT COUNT(DISTINCT PAYLOAD) FROM ISTHMUS_INBOX WHERE FLOW = 'G'"));
			}
		}
	}

	@Test
	void aFailedCommitFailsItsGroupAndLeavesNothing(@TempDir Path dir) throws Exception {
		try (Journal journal = Journal.open("jdbc:h2:" + dir.resolve("journal")); Intake intake = new Intake(journal);
				Connection c = journal.connect(); ExecutorService senders = Executors.newFixedThreadPool(3)) {
			try (Statement s = c.createStatement()) {
				// A journal refusing a record stands in for one that cannot write (a full disk), for this group only.
				s.execute("ALTER TABLE ISTHMUS_INBOX ADD CONSTRAINT NO_POISON CHECK (PAYLOAD <> '{\"poison\":1}')");
			}
			c.commit();
			List<Future<List<Long>>> answers = new ArrayList<>();
			Journal.WRITES.lock();
			try {
				answers.add(senders.submit(() -> intake.accept(List.of("F"), "E", "webhook:/e", "{\"first\":1}", AT)));
				waitFor(() -> Journal.WRITES.getQueueLength() == 1);
				answers.add(senders.submit(() -> intake.accept(List.of("F"), "E", "webhook:/e", "{\"poison\":1}", AT)));
				answers.add(senders.submit(() -> intake.accept(List.of("F"), "E", "webhook:/e", "{\"fine\":1}", AT)));
				waitFor(() -> intake.waiting() == 2);
			} finally {
				Journal.WRITES.unlock();
			}
			assertEquals(1, answers.get(0).get().size(), "the first group commits");
			for (Future<List<Long>> failed : answers.subList(1, 3)) {
				Exception e = assertThrows(java.util.concurrent.ExecutionException.class, failed::get);
				assertTrue(e.getCause() instanceof SQLException, "each request of the failed group is told: " + e.getCause());
			}
			assertEquals(1, count(c, "SELECT COUNT(*) FROM ISTHMUS_INBOX"), "nothing of the failed group is in the journal");

			assertEquals(1, intake.accept(List.of("F"), "E", "webhook:/e", "{\"fine\":1}", AT).size(), "sent again, it is taken");
			assertEquals(2, count(c, "SELECT COUNT(*) FROM ISTHMUS_INBOX"));
		}
	}

	private static long count(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
			r.next();
			return r.getLong(1);
		}
	}

	private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long end = System.nanoTime() + 10_000_000_000L;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("not reached in 10 s");
			}
			Thread.sleep(5);
		}
	}
}
