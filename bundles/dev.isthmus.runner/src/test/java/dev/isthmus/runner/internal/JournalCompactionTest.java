package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's compaction on real H2 files, written as the runner writes its journal (a commit on disk each time,
 * WRITE_DELAY=0): rows kept long among rows deleted soon after — traces among delivered outbox rows — leave chunks
 * that each keep a few live pages, and without compaction the file grows with every commit. Two files take the
 * same writes side by side; one gets a pass every 100 commits. H2's retention time is 0 here so that chunks freed
 * are reused at once (the runner keeps H2's 45 s). Seen failing without the passes (the sizes alike).
 */
class JournalCompactionTest {

	@Test
	void passesKeepTheFileNearItsLiveDataWhereItGrewWithEveryCommit(@TempDir Path dir) throws Exception {
		long plain = write(dir.resolve("plain"), false);
		long compacted = write(dir.resolve("compacted"), true);
		assertTrue(compacted * 3 < plain, "compacted " + compacted + " bytes, not compacted " + plain);
	}

	/**
	 * A commit of many large records is one chunk of tens of megabytes, and so is the undo log of their delete, and H2
	 * moves only the chunks that fit in what a pass may write: after a burst of 1 MB webhooks the file kept the space of
	 * the burst's dead chunks behind such chunks until a restart. Here 60 MB are written and deleted around 48 MB that
	 * stay live. Seen failing before the fix (the file kept its 559 MB; 246 MB after it, what is left being chunks of
	 * the delete's undo log that H2 keeps a page of).
	 */
	@Test
	void aLargeChunkBehindDeadSpaceIsMovedAndTheFileShrinks(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("burst");
		String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;RETENTION_TIME=0";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE KEPT (ID BIGINT PRIMARY KEY, BODY VARBINARY(4000000))");
			s.execute("CREATE TABLE SPENT (ID BIGINT PRIMARY KEY, BODY VARBINARY(4000000))");
			c.setAutoCommit(false);
			java.util.Random random = new java.util.Random(7);
			insert(c, "SPENT", 60, random);
			insert(c, "KEPT", 48, random);
			s.execute("DELETE FROM SPENT");
			c.commit();
			JournalCompaction compaction = JournalCompaction.of(c).compaction();
			long before = Files.size(Path.of(file + ".mv.db"));
			assertTrue(before > 100L * 1024 * 1024, "the burst's file has " + before + " bytes");
			for (int i = 0; i < 3; i++) {
				compaction.pass();
			}
			long after = Files.size(Path.of(file + ".mv.db"));
			assertTrue(after < before / 2, "after three passes the file has " + after + " bytes of " + before);
			try (java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(OCTET_LENGTH(BODY)) FROM KEPT")) {
				r.next();
				assertTrue(r.getLong(1) == 48 && r.getLong(2) == 48L * 1_000_000, "the live rows are whole");
			}
		}
	}

	/** {@code n} rows of 1,000,000 random bytes, in one commit: one chunk. */
	private static void insert(Connection c, String table, int n, java.util.Random random) throws Exception {
		try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
			for (int i = 0; i < n; i++) {
				byte[] body = new byte[1_000_000];
				random.nextBytes(body);
				insert.setLong(1, i);
				insert.setBytes(2, body);
				insert.executeUpdate();
			}
		}
		c.commit();
	}

	@Test
	void aDatabaseNotInThisProcessHasNone() throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:h2:mem:compaction-none")) {
			JournalCompaction.Found found = JournalCompaction.of(c);
			assertNull(found.compaction());
			assertNotNull(found.whyNot());
		}
	}

	private static long write(Path file, boolean compact) throws Exception {
		String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;RETENTION_TIME=0";
		try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE KEPT (ID BIGINT PRIMARY KEY, TEXT VARCHAR(1000))");
			s.execute("CREATE TABLE SPENT (ID BIGINT PRIMARY KEY, TEXT VARCHAR(4000))");
			c.setAutoCommit(false);
			JournalCompaction compaction = compact ? JournalCompaction.of(c).compaction() : null;
			assertTrue(!compact || compaction != null, "an embedded file has a compaction");
			String kept = "k".repeat(300);
			String spent = "s".repeat(2000);
			try (PreparedStatement keep = c.prepareStatement("INSERT INTO KEPT VALUES (?, ?)");
					PreparedStatement add = c.prepareStatement("INSERT INTO SPENT VALUES (?, ?)");
					PreparedStatement drop = c.prepareStatement("DELETE FROM SPENT WHERE ID < ?")) {
				for (int commit = 0; commit < 3000; commit++) {
					keep.setLong(1, commit);
					keep.setString(2, kept);
					keep.executeUpdate();
					for (int i = 0; i < 5; i++) {
						add.setLong(1, commit * 5L + i);
						add.setString(2, spent);
						add.executeUpdate();
					}
					drop.setLong(1, commit * 5L);
					drop.executeUpdate();
					c.commit();
					if (compaction != null && commit % 100 == 99) {
						compaction.pass();
					}
				}
			}
			return Files.size(Path.of(file + ".mv.db"));
		}
	}
}
