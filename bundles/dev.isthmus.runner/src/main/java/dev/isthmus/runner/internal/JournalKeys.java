package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.isthmus.engine.IdempotencyKeys;
import dev.isthmus.engine.RecordError;

/**
 * A flow's idempotency keys in the journal. Keys a record claims are staged until the record's fate is known: a
 * record that ends as a dead letter gives its keys back, so that replaying it is not mistaken for a duplicate.
 * Staged keys are written in the batch's transaction, with the rest of what the batch decided.
 */
final class JournalKeys implements IdempotencyKeys {

	private final String flow;
	private final Connection connection;
	private final Supplier<Instant> clock;
	private final Map<String, Instant> record = new LinkedHashMap<>();
	private final Map<String, Instant> batch = new LinkedHashMap<>();
	/**
	 * The flow's live keys, read once: the flow's one worker is the only writer of its keys, so after that the
	 * journal is asked nothing per record (about 100 bytes of memory a key).
	 */
	private Map<String, Instant> known;
	private String lastKey;

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
			throw new RecordError("idempotent", "the key is longer than 1000 characters", text.substring(0, 60) + "…");
		}
		lastKey = text;
		if (record.containsKey(text) || batch.containsKey(text)) {
			return false;
		}
		Instant now = clock.get();
		Instant expires = known().get(text);
		if (expires != null && expires.isAfter(now)) {
			return false;
		}
		record.put(text, now.plus(ttl));
		return true;
	}

	private Map<String, Instant> known() {
		if (known == null) {
			Map<String, Instant> keys = new java.util.HashMap<>();
			try (PreparedStatement q = connection.prepareStatement("SELECT KEY_VALUE, EXPIRES_AT FROM ISTHMUS_KEYS WHERE FLOW = ?")) {
				q.setString(1, flow);
				try (ResultSet r = q.executeQuery()) {
					while (r.next()) {
						keys.put(r.getString(1), r.getTimestamp(2).toInstant());
					}
				}
			} catch (SQLException e) {
				throw new JournalFailure(e);
			}
			known = keys;
		}
		return known;
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
		batch.putAll(record);
		record.clear();
	}

	/** The record is a dead letter: its keys are given back. */
	void dropRecord() {
		record.clear();
	}

	/** Writes the batch's keys in the caller's transaction. */
	void write() throws SQLException {
		if (batch.isEmpty()) {
			return;
		}
		try (PreparedStatement merge = connection.prepareStatement(
				"MERGE INTO ISTHMUS_KEYS (FLOW, KEY_VALUE, EXPIRES_AT) KEY (FLOW, KEY_VALUE) VALUES (?, ?, ?)")) {
			for (Map.Entry<String, Instant> key : batch.entrySet()) {
				merge.setString(1, flow);
				merge.setString(2, key.getKey());
				merge.setTimestamp(3, Journal.at(key.getValue()));
				merge.addBatch();
			}
			merge.executeBatch();
		}
	}

	/** After the batch's commit: its keys are known from now on. */
	void committed() {
		if (known != null) {
			known.putAll(batch);
		}
	}

	/** After commit or rollback: the next batch starts empty. */
	void clearBatch() {
		batch.clear();
		record.clear();
	}

	/** Forgets keys whose time to live is over. */
	int expire() throws SQLException {
		Instant now = clock.get();
		try (PreparedStatement d = connection.prepareStatement("DELETE FROM ISTHMUS_KEYS WHERE FLOW = ? AND EXPIRES_AT <= ?")) {
			d.setString(1, flow);
			d.setTimestamp(2, Journal.at(now));
			int n = d.executeUpdate();
			if (known != null) {
				known.values().removeIf(expires -> !expires.isAfter(now));
			}
			return n;
		}
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
