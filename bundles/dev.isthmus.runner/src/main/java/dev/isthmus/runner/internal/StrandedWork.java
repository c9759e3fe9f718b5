package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the journal holds for a flow or an endpoint that the configuration a runner starts with no longer has: a new
 * generation renamed or removed it while records were still waiting for it. Left alone, such records stayed in the
 * journal for good, delivered to nobody, counted nowhere, and their idempotency keys held, so that the sender's record
 * sent again was skipped as a duplicate (review 19). Each is made a dead letter instead, which `isthmus dlq` lists and
 * replays once the flow or endpoint is back under its name, and the log says so at the start.
 */
final class StrandedWork {

	private StrandedWork() {
	}

	/**
	 * Why the journal is taken for another project's, or {@code null}: records wait in it (in the inbox, the outbox, an
	 * open window) for flows the configuration has not, and none of the configuration's flows ever left a row in it. A
	 * start with the wrong {@code --root} or {@code --journal} made the other project's waiting work dead letters, its
	 * deliveries stopped and their keys given back (review 39). A project whose flows were renamed in their package,
	 * or that kept a flow which has left a row, is not refused; one whose flows all moved to another package drains its
	 * journal with the generation before first, as the refusal says.
	 */
	static String anotherProjects(Connection c, Set<String> configured, String journal) throws SQLException {
		java.util.TreeSet<String> waiting = new java.util.TreeSet<>();
		for (String query : List.of("SELECT DISTINCT FLOW FROM ISTHMUS_INBOX WHERE DONE = FALSE",
				"SELECT DISTINCT FLOW FROM ISTHMUS_OUTBOX WHERE STATE = 'PENDING'", "SELECT DISTINCT FLOW FROM ISTHMUS_HELD")) {
			try (PreparedStatement q = c.prepareStatement(query); ResultSet r = q.executeQuery()) {
				while (r.next()) {
					waiting.add(r.getString(1));
				}
			}
		}
		waiting.removeAll(configured);
		if (waiting.isEmpty() || configured.isEmpty()) {
			return null;
		}
		// A flow renamed within its package is this project's (review 40: one renamed beside a kept flow that had taken
		// nothing yet was refused); another project's flows are named in its own package.
		java.util.Set<String> packages = new java.util.HashSet<>();
		configured.forEach(flow -> packages.add(packageOf(flow)));
		if (waiting.stream().anyMatch(flow -> packages.contains(packageOf(flow)))) {
			return null;
		}
		String marks = String.join(", ", java.util.Collections.nCopies(configured.size(), "?"));
		for (String table : List.of("ISTHMUS_TRACES", "ISTHMUS_TRACE", "ISTHMUS_KEY_BATCHES", "ISTHMUS_KEYS", "ISTHMUS_INBOX", "ISTHMUS_HELD",
				"ISTHMUS_OUTBOX", "ISTHMUS_DEAD", "ISTHMUS_RETRIED")) {
			try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM " + table + " WHERE FLOW IN (" + marks + ") FETCH FIRST 1 ROWS ONLY")) {
				int i = 1;
				for (String flow : configured) {
					q.setString(i++, flow);
				}
				try (ResultSet r = q.executeQuery()) {
					if (r.next()) {
						c.commit();
						return null;
					}
				}
			}
		}
		c.commit();
		return "the journal " + journal + " holds records waiting for flow" + (waiting.size() == 1 ? " " : "s ") + String.join(", ", waiting)
				+ ", which this configuration has not, and nothing of its own flows: it is another project's journal. Start this one"
				+ " with a --root (or --journal) of its own; if this is the same project with its flows moved to another package,"
				+ " let the configuration generated before deliver what waits (isthmus run <it>, until 'isthmus dlq list' and its summary"
				+ " show nothing waiting), then start this one";
	}

	/** The package of a flow's qualified name ({@code ops.demo} of {@code ops.demo.Orders}). */
	private static String packageOf(String flow) {
		int dot = flow.lastIndexOf('.');
		return dot < 0 ? "" : flow.substring(0, dot);
	}

	/**
	 * The endpoints that outbox rows wait for (due or retried later, replays too) which are not among {@code configured},
	 * with how many deliveries wait for each; their rows are made due now, to be dead-lettered by a {@link GoneEndpoint}'s
	 * deliverer.
	 */
	static Map<String, Long> goneEndpoints(Connection c, Set<String> configured, Instant now) throws SQLException {
		Map<String, Long> gone = new LinkedHashMap<>();
		try (PreparedStatement q = c.prepareStatement("SELECT ENDPOINT, SUM(COALESCE(PACKED, 1)) FROM ISTHMUS_OUTBOX"
				+ " WHERE STATE = 'PENDING' GROUP BY ENDPOINT ORDER BY ENDPOINT");
				ResultSet r = q.executeQuery()) {
			while (r.next()) {
				if (!configured.contains(r.getString(1))) {
					gone.put(r.getString(1), r.getLong(2));
				}
			}
		}
		if (!gone.isEmpty()) {
			// Due now: no wait for a retry can deliver them, and a run --once delivers only what is due.
			written(c, () -> {
				try (PreparedStatement due = c.prepareStatement("UPDATE ISTHMUS_OUTBOX SET NEXT_AT = ? WHERE ENDPOINT = ? AND STATE = 'PENDING'")) {
					for (String endpoint : gone.keySet()) {
						due.setTimestamp(1, Journal.at(now));
						due.setString(2, endpoint);
						due.addBatch();
					}
					due.executeBatch();
				}
			});
		}
		c.commit();
		return gone;
	}

	/** Says at the start what a {@link GoneEndpoint} is about to dead-letter. */
	static void sayGoneEndpoint(JsonLog log, String endpoint, long deliveries) {
		log.warn("outbox.endpoint-gone", "endpoint", endpoint, "deliveries", deliveries, "message", deliveries + (deliveries == 1
				? " delivery waits" : " deliveries wait") + " for " + endpoint + ", which this configuration has no longer (renamed or"
				+ " removed since they were queued): each becomes a dead letter and gives its record's idempotency key back; to deliver"
				+ " them there, put the endpoint back under this name and run isthmus dlq replay; a record its sender sends again goes"
				+ " through the flow as configured now");
	}

	/**
	 * Makes the inbox's records of flows not among {@code configured} (webhooks taken, files fed, letters replayed,
	 * not yet read by their flow) dead letters of their flow, in one transaction, and says so per flow. Such a record
	 * has claimed no key yet.
	 */
	static void inboxOfGoneFlows(Connection c, Set<String> configured, Instant now, JsonLog log) throws SQLException {
		List<String> goneFlows = new ArrayList<>();
		try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT FLOW FROM ISTHMUS_INBOX WHERE DONE = FALSE");
				ResultSet r = q.executeQuery()) {
			while (r.next()) {
				if (!configured.contains(r.getString(1))) {
					goneFlows.add(r.getString(1));
				}
			}
		}
		c.commit();
		if (goneFlows.isEmpty()) {
			return;
		}
		Map<String, Integer> byFlow = new LinkedHashMap<>();
		written(c, () -> {
			try (PreparedStatement q = c.prepareStatement("SELECT ID, ENDPOINT, ORIGIN, PAYLOAD FROM ISTHMUS_INBOX WHERE FLOW = ?"
					+ " AND DONE = FALSE ORDER BY ID");
					PreparedStatement dead = c.prepareStatement("INSERT INTO ISTHMUS_DEAD (FLOW, KIND, STEP, REASON, DETAILS, RECORD, SOURCE,"
							+ " ORIGIN, CORRELATION, CREATED_AT, STATE) VALUES (?, 'record', ?, ?, ?, ?, ?, ?, ?, ?, 'DEAD')");
					PreparedStatement gone = c.prepareStatement("DELETE FROM ISTHMUS_INBOX WHERE ID = ?")) {
				for (String flow : goneFlows) {
					q.setString(1, flow);
					try (ResultSet r = q.executeQuery()) {
						while (r.next()) {
							String origin = InboxSource.origin(r.getString(3), r.getLong(1));
							dead.setString(1, flow);
							dead.setString(2, "from " + r.getString(2));
							dead.setString(3, "the configuration has no flow " + flow + " (renamed or removed since the record was received)");
							// (A letter with details is not taken for a record its source could not read: it can be replayed.)
							dead.setString(4, "put the flow back under this name and run isthmus dlq replay; or send the record again to the flow"
									+ " that reads its endpoint now (isthmus dlq show --json has it), then isthmus dlq discard the letter");
							dead.setString(5, r.getString(4));
							dead.setString(6, r.getString(2));
							dead.setString(7, origin);
							dead.setString(8, flow + "@" + origin);
							dead.setTimestamp(9, Journal.at(now));
							dead.addBatch();
							gone.setLong(1, r.getLong(1));
							gone.addBatch();
							byFlow.merge(flow, 1, Integer::sum);
						}
					}
				}
				dead.executeBatch();
				gone.executeBatch();
			}
		});
		byFlow.forEach((flow, n) -> log.warn("inbox.flow-gone", "flow", flow, "records", n, "message", n + (n == 1 ? " record" : " records")
				+ " received for flow " + flow + ", which this configuration has no longer (renamed or removed since), became dead letters;"
				+ " put the flow back under this name and run isthmus dlq replay, or send the records again to the flow that reads"
				+ " their endpoint now and isthmus dlq discard them"));
	}

	/**
	 * Says at the start which flows not among {@code configured} have idempotency keys still live in the journal: keys
	 * are the flow's, by its name, so a flow renamed takes again the records it took under its old name, its targets
	 * getting them again (HTTP ones under new Idempotency-Keys), and nothing said so (review 20).
	 */
	static void sayKeysOfGoneFlows(Connection c, Set<String> configured, Instant now, JsonLog log) throws SQLException {
		try (PreparedStatement q = c.prepareStatement("SELECT FLOW, COUNT(*), MAX(EXPIRES_AT) FROM ISTHMUS_KEY_BATCHES WHERE EXPIRES_AT > ?"
				+ " GROUP BY FLOW ORDER BY FLOW")) {
			q.setTimestamp(1, Journal.at(now));
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					if (!configured.contains(r.getString(1))) {
						log.warn("keys.flow-gone", "flow", r.getString(1), "journalRows", r.getLong(2), "message", "the idempotency keys of flow "
								+ r.getString(1) + " (in " + r.getLong(2) + " journal " + (r.getLong(2) == 1 ? "row" : "rows") + ", live until "
								+ r.getTimestamp(3).toInstant() + ") belong to no flow of this configuration: a flow renamed from it takes again"
								+ " the records it took, and its targets get them again (HTTP ones under new Idempotency-Keys); keep the flow's"
								+ " name to keep its keys");
					}
				}
			}
		}
		c.commit();
	}

	/**
	 * Says at the start which flows not among {@code configured} have records held for open windows: those stay in the
	 * journal (they are the flow's records past its map, which its own steps combine), for the flow put back to close.
	 */
	static void sayHeldOfGoneFlows(Connection c, Set<String> configured, JsonLog log) throws SQLException {
		try (PreparedStatement q = c.prepareStatement("SELECT FLOW, COUNT(*) FROM ISTHMUS_HELD GROUP BY FLOW ORDER BY FLOW");
				ResultSet r = q.executeQuery()) {
			while (r.next()) {
				if (!configured.contains(r.getString(1))) {
					log.warn("windows.flow-gone", "flow", r.getString(1), "journalRows", r.getLong(2), "message", "records held for open"
							+ " windows of flow " + r.getString(1) + " (in " + r.getLong(2) + " journal " + (r.getLong(2) == 1 ? "row" : "rows")
							+ "), which this configuration has no longer (renamed or removed since), stay in the journal unsent: put the flow"
							+ " back under this name to combine and deliver them");
				}
			}
		}
		c.commit();
	}

	/** SQL work of the journal's writers' kind: under their lock, committed whole, or rolled back. */
	private interface Writes {
		void run() throws SQLException;
	}

	private static void written(Connection c, Writes writes) throws SQLException {
		Journal.WRITES.lock();
		try {
			writes.run();
			c.commit();
		} catch (SQLException | RuntimeException e) {
			Journal.rollback(c);
			throw e;
		} finally {
			Journal.WRITES.unlock();
		}
	}

	/**
	 * The sink of an endpoint the configuration has no longer: every delivery is a dead letter saying so (see
	 * {@link DeliveryResults}, which gives the record's key back).
	 */
	static final class GoneEndpoint implements Sink {
		private final String endpoint;

		GoneEndpoint(String endpoint) {
			this.endpoint = endpoint;
		}

		@Override
		public List<Result> deliver(List<Pending> rows) {
			Result gone = new Result(Kind.GONE, "the configuration has no endpoint " + endpoint + " (renamed or removed since the record"
					+ " was queued for it); put the endpoint back under this name and run isthmus dlq replay, or isthmus dlq discard the letter:"
					+ " its record's key is given back, so the record sent again goes through the flow as configured now");
			return rows.stream().map(row -> gone).toList();
		}
	}
}
