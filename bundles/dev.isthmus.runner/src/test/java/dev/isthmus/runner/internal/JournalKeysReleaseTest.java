package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency keys given back by dead-lettered deliveries, on a real H2 journal: a record sent to two targets that
 * both refused it is released twice; the corrected record that claims the key again undoes both releases, so the
 * key is held again after a restart too. (Undoing one of them let a third send through after a restart.)
 */
class JournalKeysReleaseTest {

	private static final Duration TTL = Duration.ofDays(1);

	@Test
	void aKeyReleasedByTwoTargetsIsHeldOnceClaimedAgain(@TempDir Path dir) throws Exception {
		Instant now = Instant.parse("2026-12-06T10:00:00Z");
		Supplier<Instant> clock = () -> now;
		try (Journal journal = Journal.open("jdbc:h2:" + dir.resolve("journal")); Connection c = journal.connect()) {
			JournalKeys keys = new JournalKeys("F", c, clock);
			assertTrue(claim(keys, c, new JournalWrites(DeadLetterCopies.NONE)), "the first record");

			JournalWrites refused = new JournalWrites(DeadLetterCopies.NONE);
			refused.release("F", "N1", now);
			refused.release("F", "N1", now);
			refused.flush(c);
			c.commit();
			keys.readReleases();
			assertTrue(claim(keys, c, new JournalWrites(DeadLetterCopies.NONE)), "the corrected record is taken");
			assertFalse(claim(keys, c, new JournalWrites(DeadLetterCopies.NONE)), "and then the key is held");

			assertFalse(claim(new JournalKeys("F", c, clock), c, new JournalWrites(DeadLetterCopies.NONE)), "after a restart too");
		}
	}

	/** A record with key N1 as a flow's worker decides and commits it; returns whether it was taken. */
	private static boolean claim(JournalKeys keys, Connection c, JournalWrites writes) throws Exception {
		keys.startRecord();
		boolean first = keys.firstSeen("N1", TTL);
		keys.keepRecord();
		writes.reclaimed("F", keys.reclaimed());
		JournalKeys.insert(c, keys.rows());
		writes.flush(c);
		keys.committed();
		keys.clearBatch();
		c.commit();
		return first;
	}
}
