package dev.isthmus.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.runner.DeadLetters.DeadLetter;
import dev.isthmus.runner.internal.Journal;

/**
 * The idempotency keys a rerun's record must find free, for {@code dlq replay --rerun}: a flow idempotent on a key
 * skips a record whose key it holds as a duplicate, silently, so the rerun of a delivery would end there. The key a
 * dead letter gave back (its outbox row's FLOW_KEY, in ISTHMUS_KEYS_RELEASED) is free; but a plain replay of the
 * delivery took it back and nulled FLOW_KEY (see DeadLetters#holdKeyAgain), so the letter of its second failure gave
 * nothing back; and a record with several idempotent steps has keys no delivery gives back. Those keys are read
 * from the idempotent steps of the record's trace ("first seen: key …") and given back here, as a dead letter would.
 * A key that was given back and has been claimed again since (the record went through the flow again) is not: the
 * rerun would be a duplicate, and the rerun is refused, saying so.
 */
final class RerunKeys {

	private static final String FIRST_SEEN = "first seen: key ";

	private RerunKeys() {
	}

	/** What a rerun's keys need: {@code release}, the keys to give back; or {@code refusal}, why the rerun cannot be. */
	record Needed(List<String> release, String refusal) {
	}

	/** The keys the record's run claimed, as its trace's idempotent steps name them, and the one its delivery gave back. */
	static List<String> claimed(JsonNode trace, String flowKey) {
		List<String> keys = new ArrayList<>();
		if (flowKey != null) {
			keys.add(flowKey);
		}
		for (JsonNode step : trace) {
			String detail = step.path("detail").asText("");
			if ("idempotent".equals(step.path("step").asText()) && detail.startsWith(FIRST_SEEN)
					&& !keys.contains(detail.substring(FIRST_SEEN.length()))) {
				keys.add(detail.substring(FIRST_SEEN.length()));
			}
		}
		return keys;
	}

	static Needed needed(Connection c, DeadLetter letter, List<String> keys, String flowKey) throws SQLException {
		if (keys.isEmpty() || !table(c, "ISTHMUS_KEYS_RELEASED")) {
			return new Needed(List.of(), null); // not idempotent; or a journal from before releases, of a runner that never held keys back
		}
		List<String> release = new ArrayList<>();
		for (String key : keys) {
			if (released(c, letter.flow(), key) || !live(c, letter.flow(), key)) {
				continue; // free already: given back and not claimed since, or expired
			}
			if (key.equals(flowKey)) {
				return new Needed(null, "its idempotency key '" + key + "', which the dead letter gave back, has been claimed again since: the"
						+ " record went through the flow again (the sender sent it again, or a rerun of another of its dead letters), so a"
						+ " rerun would be skipped as a duplicate; 'isthmus trace " + letter.correlation() + "' shows where it went; if that"
						+ " is done, 'isthmus dlq discard " + letter.id() + "'");
			}
			release.add(key);
		}
		if (!release.isEmpty() && runnerRunning(c)) {
			return new Needed(null, "a runner is running on this journal and holds the record's idempotency key '" + release.get(0)
					+ "' (a plain replay of this delivery took it back), so it would skip the rerun as a duplicate; stop the runner,"
					+ " run this replay again, then start the runner");
		}
		return new Needed(release, null);
	}

	/**
	 * Why a plain replay of a delivery would send an older record than one delivered since, or {@code null}: the key
	 * its dead letter gave back has been claimed again by a record under the same key (the sender sent it again,
	 * corrected), and the replay would send this one after it, under the same {@code Idempotency-Key}, over it at a
	 * target that does not keep those (review 25). A key held again by the replay of another of the record's letters
	 * (its delivery to another target) is not such a claim.
	 */
	static String replayRefusal(Connection c, DeadLetter letter) throws SQLException {
		if (letter.outboxId() == null || !table(c, "ISTHMUS_KEYS_RELEASED")) {
			return null;
		}
		String key = flowKey(c, letter.outboxId());
		if (key == null || released(c, letter.flow(), key) || !live(c, letter.flow(), key) || heldByAnotherReplay(c, letter)) {
			return null;
		}
		return "its idempotency key '" + key + "', which the dead letter gave back, has been claimed again since: a record under the same"
				+ " key went through the flow after it (the sender sent it again, corrected perhaps), and a replay would send this older"
				+ " one after it, under the same Idempotency-Key; if the record that went through is the one wanted, 'isthmus dlq discard "
				+ letter.id() + "'";
	}

	/**
	 * Why a delivery's letter is not replayed when a later record under the same key was refused by the same target
	 * too (its letter waits, or was replayed): replayed first, this older record went out under the same
	 * Idempotency-Key and the newer one was refused as claimed since, so the target kept the stale one (review 40,
	 * where which one won went by the order of the ids given). {@code null} when there is none.
	 */
	static String newerLetter(Connection c, DeadLetter letter) throws SQLException {
		if (letter.outboxId() == null) {
			return null;
		}
		String key = flowKey(c, letter.outboxId());
		if (key == null) {
			return null;
		}
		try (PreparedStatement q = c.prepareStatement("SELECT D.ID, D.STATE FROM ISTHMUS_DEAD D JOIN ISTHMUS_OUTBOX O ON O.ID = D.OUTBOX_ID"
				+ " WHERE D.FLOW = ? AND D.ENDPOINT IS NOT DISTINCT FROM ? AND D.KIND = 'delivery' AND D.STATE IN ('DEAD', 'REPLAYED')"
				+ " AND O.FLOW_KEY = ? AND O.ID > ? ORDER BY O.ID DESC FETCH FIRST 1 ROWS ONLY")) {
			q.setString(1, letter.flow());
			q.setString(2, letter.endpoint());
			q.setString(3, key);
			q.setLong(4, letter.outboxId());
			try (ResultSet r = q.executeQuery()) {
				if (!r.next()) {
					return null;
				}
				long newer = r.getLong(1);
				return "dead letter " + newer + " holds a later record under the same key '" + key + "', refused by " + letter.endpoint()
						+ " too" + ("DEAD".equals(r.getString(2)) ? "; replay that one ('isthmus dlq replay " + newer + "')" : ", and was replayed")
						+ ": this older one would go out under the same Idempotency-Key before it or instead of it; 'isthmus dlq discard "
						+ letter.id() + "'";
			}
		}
	}

	/** The Idempotency-Key of an outbox row (a delivery's, to its target), or {@code null}. */
	static String key(Connection c, Long outboxId) throws SQLException {
		if (outboxId == null) {
			return null;
		}
		try (PreparedStatement q = c.prepareStatement("SELECT IDEMPOTENCY_KEY FROM ISTHMUS_OUTBOX WHERE ID = ?")) {
			q.setLong(1, outboxId);
			try (ResultSet r = q.executeQuery()) {
				return r.next() ? r.getString(1) : null;
			}
		}
	}

	/** The idempotency key a delivery's outbox row gives back when it is a dead letter ({@code null}: none, or taken back). */
	static String flowKey(Connection c, long outboxId) throws SQLException {
		try (PreparedStatement q = c.prepareStatement("SELECT FLOW_KEY FROM ISTHMUS_OUTBOX WHERE ID = ?")) {
			q.setLong(1, outboxId);
			try (ResultSet r = q.executeQuery()) {
				return r.next() ? r.getString(1) : null;
			}
		}
	}

	/**
	 * Whether a letter of the same record's delivery to another target was replayed and holds the key again: its
	 * delivery waits or went through. One refused again is a dead letter again, which gave the key back (a corrected
	 * record claimed it since: review 26, where such a replay let the stale record through to both targets).
	 */
	private static boolean heldByAnotherReplay(Connection c, DeadLetter letter) throws SQLException {
		try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM ISTHMUS_DEAD D WHERE FLOW = ? AND CORRELATION IS NOT DISTINCT FROM ?"
				+ " AND ORIGIN IS NOT DISTINCT FROM ? AND KIND = 'delivery' AND STATE = 'REPLAYED' AND OUTBOX_ID <> ?"
				+ " AND NOT EXISTS (SELECT 1 FROM ISTHMUS_OUTBOX O WHERE O.ID = D.OUTBOX_ID AND O.STATE = 'DEAD')")) {
			q.setString(1, letter.flow());
			q.setString(2, letter.correlation());
			q.setString(3, letter.origin());
			q.setLong(4, letter.outboxId());
			try (ResultSet r = q.executeQuery()) {
				return r.next();
			}
		}
	}

	/** Gives the keys back, as a dead-lettered delivery does; the runner reads them when it starts. */
	static void release(Connection c, String flow, List<String> keys) throws SQLException {
		for (String key : keys) {
			if (released(c, flow, key)) {
				continue; // another letter of the same record, in the same replay, gave it back already
			}
			try (PreparedStatement i = c.prepareStatement("INSERT INTO ISTHMUS_KEYS_RELEASED (FLOW, KEY_VALUE, RELEASED_AT) VALUES (?, ?, ?)")) {
				i.setString(1, flow);
				i.setString(2, key);
				i.setTimestamp(3, Timestamp.from(Instant.now()));
				i.executeUpdate();
			}
		}
	}

	/** Whether the key is given back now (a dead letter released it, and no record has claimed it since). */
	static boolean released(Connection c, String flow, String key) throws SQLException {
		try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM ISTHMUS_KEYS_RELEASED WHERE FLOW = ? AND KEY_VALUE = ?")) {
			q.setString(1, flow);
			q.setString(2, key);
			try (ResultSet r = q.executeQuery()) {
				return r.next();
			}
		}
	}

	/** Whether the flow holds the key, unexpired: in its key rows (a JSON array of key and expiry pairs) or, from older journals, a row per key. */
	private static boolean live(Connection c, String flow, String key) throws SQLException {
		long now = System.currentTimeMillis();
		try (PreparedStatement q = c.prepareStatement("SELECT KEYS FROM ISTHMUS_KEY_BATCHES WHERE FLOW = ? AND EXPIRES_AT > ?")) {
			q.setString(1, flow);
			q.setTimestamp(2, new Timestamp(now));
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					JsonNode pairs = Trails.JSON.readTree(Journal.getText(r, 1));
					for (int i = 0; i + 1 < pairs.size(); i += 2) {
						if (key.equals(pairs.get(i).asText()) && pairs.get(i + 1).asLong() > now) {
							return true;
						}
					}
				}
			}
		} catch (java.io.IOException e) {
			throw new SQLException("the journal's idempotency keys of flow " + flow + " are not JSON: " + e.getMessage(), e);
		}
		if (!table(c, "ISTHMUS_KEYS")) {
			return false;
		}
		try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM ISTHMUS_KEYS WHERE FLOW = ? AND KEY_VALUE = ? AND EXPIRES_AT > ?")) {
			q.setString(1, flow);
			q.setString(2, key);
			q.setTimestamp(3, new Timestamp(now));
			try (ResultSet r = q.executeQuery()) {
				return r.next();
			}
		}
	}

	/**
	 * Whether a runner holds the journal's lease (see the runner's JournalLease): a running runner reads keys given
	 * back only when its own deliverers give some, so it would not see these. The lock taken here is held until the
	 * replay commits: a runner starting meanwhile waits for it, or is told the journal is in use, and reads the keys.
	 */
	private static boolean runnerRunning(Connection c) throws SQLException {
		if (!table(c, "ISTHMUS_LEASE")) {
			return false;
		}
		try (PreparedStatement q = c.prepareStatement("SELECT ID FROM ISTHMUS_LEASE WHERE ID = 1 FOR UPDATE NOWAIT")) {
			q.executeQuery().close();
			return false;
		} catch (SQLException e) {
			if ("HYT00".equals(e.getSQLState()) || e.getErrorCode() == 50200) {
				return true;
			}
			throw e;
		}
	}

	private static boolean table(Connection c, String name) throws SQLException {
		try (ResultSet r = c.getMetaData().getTables(null, null, name, null)) {
			return r.next();
		}
	}
}
