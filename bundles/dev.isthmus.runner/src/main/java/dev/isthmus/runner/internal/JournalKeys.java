package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.engine.IdempotencyKeys;
import dev.isthmus.engine.RecordError;

/**
 * A flow's idempotency keys in the journal. Keys a record claims are staged until the record's fate is known: a
 * record that ends as a dead letter gives its keys back, so that replaying it is not mistaken for a duplicate; so
 * does a record whose delivery ends as one, later (see {@link #readReleases}), so that it can be sent again corrected.
 * Staged keys are written in the batch's transaction, with the rest of what the batch decided, as a row per batch
 * (see {@link BatchRow}): a JSON array of key and expiry pairs, deleted when its last key has expired.
 */
final class JournalKeys implements IdempotencyKeys {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String flow;
	private final Connection connection;
	private final Supplier<Instant> clock;
	private final Map<String, Staged> record = new LinkedHashMap<>();
	private final Map<String, Staged> batch = new LinkedHashMap<>();
	/**
	 * The flow's live keys, read once: the flow's one worker is the only writer of its keys, so after that the
	 * journal is asked nothing per record (24 bytes of memory a key, see {@link KnownKeys}).
	 */
	private KnownKeys known;

	/** A key a record claims, until its batch is decided. */
	private record Staged(KnownKeys.Digest digest, long expires) {
	}
	private String lastKey;
	/** The number of the flow's last key row. */
	private long seq;
	/**
	 * Keys that dead-lettered deliveries gave back (see {@link JournalWrites#release}) and the flow has not claimed
	 * again, with their rows in ISTHMUS_KEYS_RELEASED: a claim deletes the row in its batch's transaction.
	 */
	private final java.util.Map<String, Long> released = new java.util.HashMap<>();
	/** The last row of ISTHMUS_KEYS_RELEASED read. */
	private long releasedRead;
	/** Of the batch's keys, those claimed again after a release: their release rows go (all of them: a record sent
	 * to several targets that all refused it was released once per target). */
	private final java.util.Set<String> reclaimed = new java.util.LinkedHashSet<>();
	/** The longest time to live asked for: a release older than that has no key left to undo. */
	private Duration longestTtl = Duration.ZERO;

	JournalKeys(String flow, Connection connection, Supplier<Instant> clock) {
		this.flow = flow;
		this.connection = connection;
		this.clock = clock;
	}

	@Override
	public boolean firstSeen(Object key, Duration ttl) {
		if (key == null) {
			throw new RecordError("idempotent", "the key is empty, so the record cannot be checked for duplicates", null);
		}
		String text = String.valueOf(key);
		if (text.length() > 1000) {
			throw new RecordError("idempotent", "the key is longer than 1000 characters", TextCuts.start(text, 60) + "…");
		}
		lastKey = text;
		if (ttl.compareTo(longestTtl) > 0) {
			longestTtl = ttl;
		}
		if (record.containsKey(text) || batch.containsKey(text)) {
			return false;
		}
		long now = clock.get().toEpochMilli();
		KnownKeys.Digest digest = known().digest(text);
		if (known.expiry(digest) > now) {
			return false;
		}
		record.put(text, new Staged(digest, now + ttl.toMillis()));
		return true;
	}

	private KnownKeys known() {
		if (known == null) {
			KnownKeys keys = new KnownKeys();
			Instant now = clock.get();
			try {
				try (PreparedStatement q = connection.prepareStatement(
						"SELECT KEYS FROM ISTHMUS_KEY_BATCHES WHERE FLOW = ? AND EXPIRES_AT > ? ORDER BY SEQ")) {
					q.setString(1, flow);
					q.setTimestamp(2, Journal.at(now));
					try (ResultSet r = q.executeQuery()) {
						while (r.next()) {
							JsonNode pairs = JSON.readTree(Journal.getText(r, 1));
							for (int i = 0; i + 1 < pairs.size(); i += 2) {
								keys.put(keys.digest(pairs.get(i).asText()), pairs.get(i + 1).asLong());
							}
						}
					}
				}
				// Journals written before keys were batched keep a row per key.
				try (PreparedStatement q = connection.prepareStatement("SELECT KEY_VALUE, EXPIRES_AT FROM ISTHMUS_KEYS WHERE FLOW = ?")) {
					q.setString(1, flow);
					try (ResultSet r = q.executeQuery()) {
						while (r.next()) {
							keys.put(keys.digest(r.getString(1)), r.getTimestamp(2).toInstant().toEpochMilli());
						}
					}
				}
				// Expired rows still count: their numbers stay taken until expire() deletes them.
				try (PreparedStatement q = connection.prepareStatement("SELECT MAX(SEQ) FROM ISTHMUS_KEY_BATCHES WHERE FLOW = ?")) {
					q.setString(1, flow);
					try (ResultSet r = q.executeQuery()) {
						if (r.next()) {
							seq = r.getLong(1);
						}
					}
				}
				// Before the releases: a replay deletes a release row and adds its held row together, so a held row up to
				// here had its release gone when the releases are read, and one after is read by readHeldAgain.
				try (PreparedStatement q = connection.prepareStatement("SELECT MAX(ID) FROM ISTHMUS_KEYS_HELD WHERE FLOW = ?")) {
					q.setString(1, flow);
					try (ResultSet r = q.executeQuery()) {
						heldRead = r.next() ? r.getLong(1) : 0;
					}
				}
				releases(keys);
			} catch (SQLException e) {
				throw new JournalFailure(e);
			} catch (java.io.IOException e) {
				throw new JournalFailure(new SQLException("the journal's idempotency keys of flow " + flow + " are not readable: " + e.getMessage(), e));
			}
			keys.expire(now.toEpochMilli());
			known = keys;
		}
		return known;
	}

	/**
	 * Gives back the keys that dead-lettered deliveries released since the last look (at most every second, see
	 * FlowWorker#step): a record sent again under such a key, corrected, is taken, not skipped as a duplicate.
	 */
	void readReleases() throws SQLException {
		if (known != null) {
			releases(known);
			connection.commit(); // a read only: its transaction is not kept open until the next one
		}
	}

	private void releases(KnownKeys keys) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement(
				"SELECT ID, KEY_VALUE FROM ISTHMUS_KEYS_RELEASED WHERE FLOW = ? AND ID > ? ORDER BY ID")) {
			q.setString(1, flow);
			q.setLong(2, releasedRead);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					releasedRead = r.getLong(1);
					KnownKeys.Digest digest = keys.digest(r.getString(2));
					// kept, should a replay hold the key again (see readHeldAgain)
					released.putIfAbsent(r.getString(2), keys.expiry(digest));
					keys.forget(digest); // no longer seen: its next record is a first
				}
			}
		}
	}

	/** The last row of ISTHMUS_KEYS_HELD read: at first the last when the keys were read, which held the ones before. */
	private long heldRead;

	/**
	 * Holds again the keys that {@code isthmus dlq replay} made the flow's again since the last look (its replayed
	 * delivery is the record's: a record sent again under the key is a duplicate), until they expire as they would
	 * have; returns how many the replays held. A key released before this worker read its keys was held again in the
	 * journal already.
	 */
	int readHeldAgain() throws SQLException {
		if (known == null) {
			return 0;
		}
		int held = 0;
		try (PreparedStatement q = connection.prepareStatement("SELECT ID, KEY_VALUE FROM ISTHMUS_KEYS_HELD WHERE FLOW = ? AND ID > ? ORDER BY ID")) {
			q.setString(1, flow);
			q.setLong(2, heldRead);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					heldRead = r.getLong(1);
					held++;
					if (releasedNow(r.getString(2))) {
						// The replayed delivery was refused again since, and gave the key back again (review 40: held again
						// here after that, the corrected record sent next was skipped as a duplicate).
						continue;
					}
					// (not among them when the replay came before this worker read the release: it never gave the key up)
					Long expires = released.remove(r.getString(2));
					if (expires != null && expires > clock.get().toEpochMilli()) {
						known.put(known.digest(r.getString(2)), expires);
					}
				}
			}
		}
		connection.commit(); // a read only: its transaction is not kept open until the next one
		return held;
	}

	/** Whether the journal has the key given back now (a replay deletes its release row; a refusal adds one). */
	private boolean releasedNow(String key) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement("SELECT 1 FROM ISTHMUS_KEYS_RELEASED WHERE FLOW = ? AND KEY_VALUE = ?")) {
			q.setString(1, flow);
			q.setString(2, key);
			try (ResultSet r = q.executeQuery()) {
				return r.next();
			}
		}
	}

	/** The key the current record was checked by, or {@code null}; starts each record afresh. */
	String lastKey() {
		return lastKey;
	}

	void startRecord() {
		record.clear();
		lastKey = null;
	}

	/** The record went somewhere (delivered, held, filtered): its keys count. */
	void keepRecord() {
		for (String key : released.isEmpty() ? java.util.Set.<String>of() : record.keySet()) {
			if (released.containsKey(key)) {
				reclaimed.add(key);
			}
		}
		batch.putAll(record);
		record.clear();
	}

	/** The keys whose releases the batch undoes: their rows are deleted in the batch's transaction. */
	List<String> reclaimed() {
		return List.copyOf(reclaimed);
	}

	/** The record is a dead letter: its keys are given back. */
	void dropRecord() {
		record.clear();
	}

	/** A row of a batch's keys, numbered, as {@link #insert} writes it. */
	record Row(String flow, long seq, Instant expires, byte[] pairs) {
	}

	/**
	 * The batch's keys as rows of key and expiry pairs, for {@link #insert} to write in the batch's transaction.
	 * Their numbers are taken now: a failed transaction leaves a gap, which is harmless.
	 */
	List<Row> rows() {
		if (batch.isEmpty()) {
			return List.of();
		}
		known();
		List<Row> rows = new java.util.ArrayList<>();
		BatchRow row = new BatchRow();
		long expires = Long.MIN_VALUE;
		for (Map.Entry<String, Staged> key : batch.entrySet()) {
			if (row.full()) {
				rows.add(new Row(flow, ++seq, Instant.ofEpochMilli(expires), row.take()));
				expires = Long.MIN_VALUE;
			}
			String text = key.getKey();
			long millis = key.getValue().expires();
			row.add(out -> {
				// a key and its expiry, as two elements of the row's array
				out.writeString(text);
				out.writeRaw(',');
				out.writeRaw(Long.toString(millis));
			});
			expires = Math.max(expires, millis);
		}
		rows.add(new Row(flow, ++seq, Instant.ofEpochMilli(expires), row.take()));
		return rows;
	}

	/** Writes key rows in the caller's transaction; a row goes when its last key expires. */
	static void insert(Connection c, List<Row> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		try (PreparedStatement insert = c.prepareStatement("INSERT INTO ISTHMUS_KEY_BATCHES (FLOW, SEQ, EXPIRES_AT, KEYS) VALUES (?, ?, ?, ?)")) {
			for (Row row : rows) {
				insert.setString(1, row.flow());
				insert.setLong(2, row.seq());
				insert.setTimestamp(3, Journal.at(row.expires()));
				insert.setBytes(4, row.pairs());
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	/**
	 * Once the batch is decided: its keys are known from now on, by the next batch too, which is decided while this
	 * one commits. Should the commit fail, the worker starts a new instance, which reads the journal again.
	 */
	void committed() {
		if (known != null) {
			batch.values().forEach(key -> known.put(key.digest(), key.expires()));
		}
		released.keySet().removeAll(reclaimed);
	}

	/** After commit or rollback: the next batch starts empty. */
	void clearBatch() {
		batch.clear();
		record.clear();
		reclaimed.clear();
	}

	/** Forgets keys whose time to live is over; returns how many this worker knew. */
	int expire() throws SQLException {
		Instant now = clock.get();
		int n = 0;
		if (known != null) {
			n = known.expire(now.toEpochMilli());
		}
		for (String table : new String[] { "ISTHMUS_KEY_BATCHES", "ISTHMUS_KEYS" }) {
			try (PreparedStatement d = connection.prepareStatement("DELETE FROM " + table + " WHERE FLOW = ? AND EXPIRES_AT <= ?")) {
				d.setString(1, flow);
				d.setTimestamp(2, Journal.at(now));
				d.executeUpdate();
			}
		}
		// A replay's held key is read by a running runner within a second; one starting later reads the journal's keys.
		try (PreparedStatement d = connection.prepareStatement("DELETE FROM ISTHMUS_KEYS_HELD WHERE FLOW = ? AND HELD_AT < ?")) {
			d.setString(1, flow);
			d.setTimestamp(2, Journal.at(now.minus(Duration.ofDays(1))));
			d.executeUpdate();
		}
		if (!longestTtl.isZero()) {
			// A key given back was claimed before its release: older than the longest time to live, it has expired.
			try (PreparedStatement d = connection.prepareStatement("DELETE FROM ISTHMUS_KEYS_RELEASED WHERE FLOW = ? AND RELEASED_AT < ?")) {
				d.setString(1, flow);
				d.setTimestamp(2, Journal.at(now.minus(longestTtl)));
				d.executeUpdate();
			}
		}
		return n;
	}

	/** A journal failure inside the engine's call: not the record's fault, so it must not become a dead letter. */
	static final class JournalFailure extends RuntimeException {
		private static final long serialVersionUID = 1L;

		JournalFailure(SQLException cause) {
			super(cause);
		}

		@Override
		public synchronized SQLException getCause() {
			return (SQLException) super.getCause();
		}
	}
}
