package dev.isthmus.runner.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A running runner's thread that compacts its embedded H2 files every few seconds (see {@link JournalCompaction}): the
 * journal, and the database of {@code jdbc embedded} tables when there is one. Journals on a database server are
 * that server's to look after; a drained {@code run --once} rewrites its journal at its end instead (see
 * {@link JournalCompaction#rewriteIfMostlyDead}).
 */
public final class Compactor implements Runnable {

	/**
	 * As often as H2's own housekeeping would find work under a steady feed, without keeping a core busy; the crash
	 * test sets it shorter ({@code -Disthmus.compactionMillis}), so that its kills land during passes.
	 */
	static final long EVERY_MILLIS = Long.getLong("isthmus.compactionMillis", 5_000);

	private final Journal journal;
	private final String journalUrl;
	private final String dataUrl;
	private final JsonLog log;
	private final BooleanSupplier running;

	public Compactor(Journal journal, String journalUrl, String dataUrl, JsonLog log, BooleanSupplier running) {
		this.journal = journal;
		this.journalUrl = journalUrl;
		this.dataUrl = dataUrl;
		this.log = log;
		this.running = running;
	}

	/** Whether the runner has an embedded H2 file for this to look after: its journal, or its data database. */
	public static boolean needed(String journalUrl, String dataUrl) {
		return EmbeddedH2.file(journalUrl) != null || EmbeddedH2.file(dataUrl) != null;
	}

	@Override
	public void run() {
		List<Connection> connections = new ArrayList<>();
		List<JournalCompaction> stores = new ArrayList<>();
		List<String> names = new ArrayList<>();
		boolean dataLookedFor = EmbeddedH2.file(dataUrl) == null;
		try {
			if (EmbeddedH2.file(journalUrl) != null) {
				try {
					add(journal.connect(), "journal", connections, stores, names);
				} catch (SQLException e) {
					log.warn("journal.compaction-off", "database", "journal", "reason", String.valueOf(e.getMessage()), "message",
							"the runner's journal is not compacted while it runs (H2 compacts it for 200 ms when it closes): " + e.getMessage());
				}
			}
			long next = System.currentTimeMillis() + EVERY_MILLIS;
			while (running.getAsBoolean()) {
				if (System.currentTimeMillis() < next) {
					Thread.sleep(Math.min(100, EVERY_MILLIS));
					continue;
				}
				if (!dataLookedFor) {
					dataLookedFor = addData(connections, stores, names);
				}
				for (int i = 0; i < stores.size(); i++) {
					if (stores.get(i).closed() && !reopened(i, connections, stores, names)) {
						continue;
					}
					try {
						stores.get(i).pass();
					} catch (RuntimeException e) {
						if (!running.getAsBoolean()) {
							return; // closing: the store is closed under it
						}
						// H2 refused this pass (its store busy, a disk full): the next one tries again; logged, not fatal
						log.warn("journal.compaction-failed", "database", names.get(i), "reason", String.valueOf(e));
					}
				}
				next = System.currentTimeMillis() + EVERY_MILLIS;
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			for (Connection c : connections) {
				try {
					c.close();
				} catch (SQLException e) {
					// closing with the database: nothing left to do
				}
			}
		}
	}

	/**
	 * Adds the data database once the runner uses it: its jdbc embedded endpoints looked at the file before connecting
	 * (see {@link EmbeddedH2#lookedAt}), and a table target may make the file only at its first delivery. Connecting
	 * sooner would make a file for a project without embedded tables, or open a killed process's file unrecovered.
	 * Returns whether it is settled (added, or never to be).
	 */
	private boolean addData(List<Connection> connections, List<JournalCompaction> stores, List<String> names) {
		Path data = EmbeddedH2.file(dataUrl);
		if (!EmbeddedH2.lookedAt(dataUrl) || !Files.isRegularFile(data)) {
			return false;
		}
		try {
			add(DriverManager.getConnection(dataUrl), "data", connections, stores, names);
		} catch (SQLException e) {
			log.warn("journal.compaction-off", "database", "data", "reason", String.valueOf(e.getMessage()), "message",
					"the runner's data database is not compacted while it runs (H2 compacts it for 200 ms when it closes): " + e.getMessage());
		}
		return true;
	}

	/**
	 * The database closed under its store (a write failed: a full disk) and the runner opened it again: the compaction
	 * goes on with the new store. Returns whether it did (not while the database cannot be opened yet).
	 */
	private boolean reopened(int i, List<Connection> connections, List<JournalCompaction> stores, List<String> names) {
		try {
			Connection c = names.get(i).equals("journal") ? journal.connect() : DriverManager.getConnection(dataUrl);
			JournalCompaction.Found found = JournalCompaction.of(c);
			if (found.compaction() == null) {
				c.close();
				return false;
			}
			connections.add(c); // (the old one, its database closed, is closed with the others at the end)
			stores.set(i, found.compaction());
			return true;
		} catch (SQLException e) {
			return false; // the flows and deliveries say why; tried again at the next pass
		}
	}

	private void add(Connection c, String name, List<Connection> connections, List<JournalCompaction> stores, List<String> names) {
		connections.add(c);
		JournalCompaction.Found found = JournalCompaction.of(c);
		if (found.compaction() != null) {
			stores.add(found.compaction());
			names.add(name);
		} else {
			log.warn("journal.compaction-off", "database", name, "reason", found.whyNot(), "message", "the runner's " + name
					+ " database is not compacted while it runs (H2 compacts it for 200 ms when it closes): " + found.whyNot());
		}
	}
}
