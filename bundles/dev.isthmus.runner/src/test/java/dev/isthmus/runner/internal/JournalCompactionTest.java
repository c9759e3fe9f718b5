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
