package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices databases that stop answering. A frozen database server (a host stopped, a network partition) leaves a JDBC
 * call waiting until the driver's timeout, or for ever: the runner looked dead, logging nothing, while /health itself
 * waited on the journal. Here the journal of a database server is asked, on a thread of its own, whether it answers;
 * and the runner's flow and delivery steps that wait long on a data database are found by what they called last
 * ({@link Connections#working}). What is found is logged with the database's URL, at growing intervals, and is what
 * /health says (without waiting on any database).
 * <p>
 * A long wait on a data database is not called silence: the user's queries may rightly take minutes (a view over a
 * slow function), and a step under way cannot tell a long query from a server that stopped answering. It is told as a
 * wait ({@code database.waiting}) and shown by /health as information; only the journal's silence, which the probe
 * establishes, makes the runner down.
 */
public final class DatabaseWatch implements AutoCloseable {

	/**
	 * The time after which a journal that does not answer, or a step waiting on a data database, is reported
	 * ({@code -Disthmus.unresponsiveAfterMillis}, read at each look).
	 */
	static long reportAfterNanos() {
		return Long.getLong("isthmus.unresponsiveAfterMillis", 10_000) * 1_000_000;
	}

	/** A data database on which no step waited long for this long has its reports' interval start again. */
	private static final long WAITS_FORGOTTEN_NANOS = 600L * 1_000_000_000;

	/** The data database each thread asked for last, and when (see {@link Connections#working}). */
	private static final Map<Thread, Use> LAST_USE = new ConcurrentHashMap<>();

	private record Use(String url, long at) {
	}

	/** A runner's step under way: what it is and since when. */
	private record Step(String what, long since) {
	}

	private final String url;
	private final boolean remote;
	private final Map<Thread, Step> steps = new ConcurrentHashMap<>();
	/** The journal's silence being reported; {@code null} while it answers. */
	private Repeats journalReports;
	/**
	 * Long waits on data databases being reported, by database. Kept from one step to the next, so that a query that
	 * always takes a minute is told at growing intervals, not at every poll.
	 */
	private final Map<String, Repeats> waitReports = new ConcurrentHashMap<>();
	private volatile long lastAnswer = System.nanoTime();
	private volatile long askingSince;
	private volatile String failure;
	private volatile boolean closed;
	private JsonLog log;
	private Thread prober;
	private Thread watcher;
	private Connection probe;

	DatabaseWatch(String url) {
		this.url = url;
		String lower = url.toLowerCase(Locale.ROOT);
		// An embedded journal is this process's own files: nothing to partition from, nothing to ask.
		this.remote = !lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:");
	}

	/** A data database call on this thread (see {@link Connections}). */
	static void using(String url) {
		LAST_USE.put(Thread.currentThread(), new Use(url, System.nanoTime()));
	}

	/** Starts watching, logging to {@code log}. */
	public synchronized void start(JsonLog log) {
		if (watcher != null) {
			return; // started already (at the start-up checks)
		}
		this.log = log;
		if (remote) {
			prober = daemon("isthmus-journal-probe", this::probe);
		}
		watcher = daemon("isthmus-database-watch", this::watch);
	}

	private static Thread daemon(String name, Runnable body) {
		Thread t = new Thread(body, name);
		t.setDaemon(true);
		t.start();
		return t;
	}

	/** The calling thread begins a step (a batch of a flow, a round of deliveries) called {@code what}. */
	public void stepping(String what) {
		steps.put(Thread.currentThread(), new Step(what, System.nanoTime()));
	}

	/** The calling thread's step is over. */
	public void stepped() {
		steps.remove(Thread.currentThread());
	}

	/** Whether the journal answered lately: while it does not, webhooks are answered 503 at once. */
	public boolean journalAnswering() {
		return journalSilentNanos() == 0;
	}

	/** For how long the journal has not answered; 0 while it answers. */
	long journalSilentNanos() {
		long now = System.nanoTime();
		long asking = askingSince;
		boolean silent = failure != null || asking != 0 && now - asking > 2_000_000_000L;
		return silent ? Math.max(1, now - lastAnswer) : 0;
	}

	/** The journal's database while it does not answer, by its URL (credentials removed), with for how long, as /health says. */
	public Map<String, String> silent() {
		Map<String, String> silent = new TreeMap<>();
		long journal = journalSilentNanos();
		if (journal > 0) {
			silent.put(Environment.withoutCredentials(url), "the journal has not answered for " + seconds(journal) + " s"
					+ (failure == null || failure.equals("no answer") ? "" : " (" + JsonLog.withoutStackFrames(failure) + ")"));
		}
		return silent;
	}

	/**
	 * The data databases that steps wait on long now, by URL (credentials removed), with who waits and for how long:
	 * information for /health, not a failure (see the class comment).
	 */
	public Map<String, String> waiting() {
		Map<String, String> waiting = new TreeMap<>();
		// A step waits on the journal too: while the journal is silent, a data database is not blamed for it.
		if (journalSilentNanos() == 0) {
			stalled().forEach((database, step) -> waiting.put(database, step.what() + " has been waiting "
					+ seconds(System.nanoTime() - step.since()) + " s on it (a long query, or a database that does not answer)"));
		}
		return waiting;
	}

	/** The data databases that steps wait on for longer than {@link #reportAfterNanos}, with the longest such step. */
	private Map<String, Step> stalled() {
		Map<String, Step> stalled = new TreeMap<>();
		long now = System.nanoTime();
		long after = reportAfterNanos();
		steps.forEach((thread, step) -> {
			Use use = LAST_USE.get(thread);
			if (now - step.since() > after && use != null && use.at() - step.since() >= 0) {
				stalled.merge(Environment.withoutCredentials(use.url()), step, (a, b) -> a.since() - b.since() <= 0 ? a : b);
			}
		});
		return stalled;
	}

	private static long seconds(long nanos) {
		return nanos / 1_000_000_000;
	}

	private void probe() {
		while (!closed) {
			long asked = System.nanoTime();
			askingSince = asked;
			try {
				Connection c = probeConnection();
				if (!c.isValid(5)) {
					throw new SQLException("the connection is not valid");
				}
				lastAnswer = System.nanoTime();
				failure = null;
			} catch (SQLException e) {
				// H2's isValid says false, not why: one that took this long was a wait for an answer that did not come.
				boolean silent = Connections.noAnswer(e) || System.nanoTime() - asked > 5_000_000_000L;
				failure = silent ? "no answer" : e.getMessage();
				dropProbe();
			} finally {
				askingSince = 0;
			}
			pause(1000);
		}
		dropProbe();
	}

	private synchronized Connection probeConnection() throws SQLException {
		if (probe == null || probe.isClosed()) {
			probe = DriverManager.getConnection(Connections.withTimeout(url));
		}
		return probe;
	}

	private synchronized void dropProbe() {
		if (probe != null) {
			try {
				probe.close();
			} catch (SQLException e) {
				// broken already
			}
			probe = null;
		}
	}

	private void watch() {
		while (!closed) {
			pause(1000);
			long journal = journalSilentNanos();
			if (journal > 0 && (failure != null || journal > reportAfterNanos())) {
				long now = System.nanoTime();
				boolean due = journalReports == null || journalReports.due(now);
				if (journalReports == null) {
					journalReports = new Repeats(now);
				}
				if (due) {
					if (failure != null && !failure.startsWith("no answer")) {
						log.error("journal.unreachable", "message", "journal database unreachable at " + Environment.withoutCredentials(url)
								+ "; intake answers 503; waiting for it (start the server or fix the URL)", "reason", failure,
								"silentSeconds", seconds(journal));
					} else {
						log.error("journal.unresponsive", "message", "the journal database at " + Environment.withoutCredentials(url)
								+ " has not answered for " + seconds(journal) + " s; intake answers 503; waiting for it (check the"
								+ " database server, is it frozen or overloaded, and the network to it)", "silentSeconds", seconds(journal));
					}
				}
			} else if (journalReports != null) {
				journalReports = null;
				log.info("journal.answering", "message", "the journal database at " + Environment.withoutCredentials(url) + " answers again");
			}
			Map<String, Step> stalled = journal > 0 ? Map.of() : stalled();
			long now = System.nanoTime();
			stalled.forEach((database, step) -> {
				long waited = now - step.since();
				Repeats r = waitReports.get(database);
				if (r == null || r.due(now)) {
					if (r == null) {
						waitReports.put(database, new Repeats(now));
					}
					log.warn("database.waiting", "message", step.what() + " has been waiting " + seconds(waited) + " s on " + database
							+ " (a long query, or a database that does not answer: if it should be quick, check the server and the"
							+ " network to it); said again at growing intervals while steps wait this long", "database", database,
							"waitedSeconds", seconds(waited));
				}
			});
			waitReports.values().removeIf(r -> now - r.lastSeen() > WAITS_FORGOTTEN_NANOS);
		}
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			closed = true;
		}
	}

	/** Stops watching; the probe's connection is let go of without waiting on a server that does not answer. */
	@Override
	public void close() {
		closed = true;
		LAST_USE.keySet().removeAll(steps.keySet());
		if (prober != null) {
			prober.interrupt();
		}
		if (watcher != null) {
			watcher.interrupt();
		}
	}
}
