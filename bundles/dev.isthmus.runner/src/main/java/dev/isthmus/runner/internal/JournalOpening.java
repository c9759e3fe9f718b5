package dev.isthmus.runner.internal;

import java.sql.SQLException;
import java.util.Locale;

import dev.isthmus.runner.StartupException;

/**
 * Opens a runner's journal and takes its lease (one runner per journal), saying in words why it cannot: a journal
 * in memory, one that another runner holds, a database that cannot be reached or has no driver here.
 */
final class JournalOpening {

	private JournalOpening() {
	}

	/** The journal at {@code url}, leased to {@code holder}; on a refusal nothing is left open. */
	static Journal open(String url, String holder, Environment environment, JsonLog log) throws StartupException {
		String shown = Environment.withoutCredentials(url);
		if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
			// Said before trying: PostgreSQL answered the journal's first statement with a syntax error (review 27).
			throw new StartupException("cannot keep the journal at " + shown + ": the journal is an H2 database — an H2 file (the default,"
					+ " <root>/.isthmus/journal, or --journal jdbc:h2:file:/path) or an H2 server (--journal jdbc:h2:tcp://host/path) —, as its"
					+ " tables are written in H2's SQL; other databases serve as the endpoints' tables");
		}
		Endpoints.recover(url, log);
		compactIfMostlyDead(url, log);
		Journal journal;
		try {
			journal = Journal.open(url);
		} catch (SQLException e) {
			throw new StartupException("cannot open the journal at " + shown + ": " + environment.redact(e.getMessage())
					+ (e.getMessage() != null && e.getMessage().contains("locked") || e.getErrorCode() == 90020
							? " — another runner (or an 'isthmus dlq' or 'isthmus trace') is using it: stop it, or give"
							+ " this one its own --journal or --root"
							: e.getMessage() != null && e.getMessage().startsWith("No suitable driver")
									? " — the runner has H2's driver only: the journal is an H2 file or an H2 server (jdbc:h2:tcp://host/path)"
									: " — check the URL, the database and its credentials"));
		}
		try {
			journal.lease(holder);
			return journal;
		} catch (Journal.InUse e) {
			journal.close();
			throw new StartupException("the journal at " + shown + " is in use: " + e.getMessage() + ". Two runners on one journal"
					+ " would each deliver every record: stop the other one, or give this one its own --journal");
		} catch (SQLException e) {
			journal.close();
			throw new StartupException("cannot lock the journal at " + shown + ": " + environment.redact(e.getMessage())
					+ " — check the URL, the database and its credentials");
		}
	}

	/** A journal file mostly dead is rewritten before the runner opens it (see {@link JournalCompaction#rewriteIfMostlyDead}). */
	private static void compactIfMostlyDead(String url, JsonLog log) {
		try {
			JournalCompaction.Full full = JournalCompaction.rewriteIfMostlyDead(url);
			if (full != null) {
				full.say(log);
			}
		} catch (java.io.IOException | SQLException | RuntimeException e) {
			// in use elsewhere, or unreadable: the opening below says what matters
		}
	}

	/** Refuses a journal kept in memory: what it accepted would be lost with it. */
	static void refuseInMemory(String url) throws StartupException {
		String memory = inMemory(url);
		if (memory != null) {
			throw new StartupException("the journal " + Environment.withoutCredentials(url) + " is " + memory + ": every record it"
					+ " accepted (a webhook answered 202, a file moved to done/) and every delivery still due would be lost with it."
					+ " Give --journal a database that lasts: an H2 file (jdbc:h2:file:/var/lib/isthmus/journal) or an H2 server"
					+ " (jdbc:h2:tcp://host/journal), or leave --journal out for the H2 file under <root>/.isthmus");
		}
	}

	/**
	 * Where an H2 URL keeps its database when that is memory, or {@code null}: {@code jdbc:h2:mem:…} goes when the
	 * runner exits (H2 even drops it when its last connection closes, and the lease then found no table), and
	 * {@code jdbc:h2:tcp://host/mem:…} when the server stops.
	 */
	static String inMemory(String url) {
		String u = url.toLowerCase(Locale.ROOT);
		if (u.startsWith("jdbc:h2:mem:")) {
			return "in the runner's memory, gone when it exits";
		}
		if (u.matches("(?s)jdbc:h2:(tcp|ssl)://[^/]*/mem:.*")) {
			return "in the memory of its database server, gone when the server stops";
		}
		return null;
	}
}
