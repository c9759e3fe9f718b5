package dev.isthmus.runner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.isthmus.runner.internal.EmbeddedH2;

/**
 * The journal's dead letters, for {@code isthmus dlq}: list with filters, show one, replay, discard. Replaying a
 * record that failed in its flow puts it back in the flow's inbox, so it goes through every step again —
 * idempotency included (its key was never kept). Replaying a failed delivery queues the same record for the same
 * target with the same {@code Idempotency-Key}, its attempts starting afresh; rerunning it instead sends the record,
 * as its source read it, through the flow as configured now (a corrected mapping). A record its source could not read
 * ({@link DeadLetter#readFailure()}) is not replayed: the inbox reads a record as JSON, and the journal has only the
 * text the source read (a CSV row, a line that is not JSON, the start of a record too long for it).
 */
public final class DeadLetters implements AutoCloseable {

	/** One dead letter. {@code kind}: {@code record} (failed in the flow), {@code delivery} (a target refused or never answered), {@code group}. */
	public record DeadLetter(long id, String flow, String kind, String step, String reason, String details, String record, String source,
			String origin, String endpoint, Long outboxId, String correlation, String attempts, Instant createdAt, String state, boolean scrubbed) {

		/**
		 * Whether the record failed as its source read it (a line that is not JSON, a CSV row that is not one of its
		 * header's or whose cells do not fit the record's shape, a record longer than the journal keeps): its text is
		 * what the source read, never a record the flow took, so a replay, which reads a record back as JSON, would
		 * only fail again (a CSV row) or take a record cut short. Such a letter is written with the step
		 * {@code read <endpoint>} and no trace (see the runner's RecordDecisions); a step's failure always has one.
		 */
		public boolean readFailure() {
			return "record".equals(kind) && step != null && step.startsWith("read ") && details == null;
		}

		/** Whether the journal kept only the start of the record, which was longer than it keeps (see RecordDecisions). */
		public boolean cutShort() {
			return readFailure() && record.length() == CUT_SHORT + 1 && record.endsWith("\u2026") && reason.contains("the journal keeps");
		}
	}

	/** How much of a record too long for the journal its dead letter keeps, followed by an ellipsis (see RecordDecisions). */
	private static final int CUT_SHORT = 10_000;

	/** Which dead letters: {@code null} fields match all; {@code reason} matches a part of the reason, ignoring case. */
	public record Filter(String flow, String reason, Instant since, Instant until, boolean includeEnded) {
		public static final Filter ALL = new Filter(null, null, null, null, false);
	}

	private final Connection connection;

	public DeadLetters(String journalUrl) throws SQLException {
		this.connection = open(journalUrl);
	}

	/** A connection to a journal a runner has used, in a transaction of its own, for {@code dlq} and {@code trace}. */
	static Connection open(String journalUrl) throws SQLException {
		// A runner killed before this command leaves commits only H2's recovery finds; the runner would find them too.
		EmbeddedH2.recover(journalUrl);
		// With the runner's network timeout: 'dlq' and 'trace' waited for ever on a frozen journal server (review 35).
		Connection connection = DriverManager.getConnection(dev.isthmus.runner.internal.Connections.withTimeout(journalUrl));
		connection.setAutoCommit(false);
		try (ResultSet r = connection.getMetaData().getTables(null, null, "ISTHMUS_DEAD", null)) {
			if (!r.next()) {
				connection.close();
				throw new SQLException("no journal at " + journalUrl + " (no runner has used it yet); pass the --root or --journal"
						+ " the runner used");
			}
		}
		return connection;
	}

	/**
	 * The idempotency keys of the copies a flow's {@code dead-letter into} endpoint gets start so, with the id of the dead
	 * letter copied: {@code dead-letter-12-…}. A copy that fails for good is a letter of kind {@code copy}.
	 */
	public static final String COPY_KEY_PREFIX = "dead-letter-";

	/** The id of the dead letter an outbox row with idempotency key {@code key} is the copy of, or {@code null}. */
	public static Long copyOf(String key) {
		if (key == null || !key.startsWith(COPY_KEY_PREFIX)) {
			return null;
		}
		int end = key.indexOf('-', COPY_KEY_PREFIX.length());
		try {
			return Long.parseLong(key.substring(COPY_KEY_PREFIX.length(), end < 0 ? key.length() : end));
		} catch (NumberFormatException e) {
			return null;
		}
	}

	/** The flows that have dead letters, in any state: what a --flow that matched none is told to pick from. */
	public List<String> flows() throws SQLException {
		List<String> flows = new ArrayList<>();
		try (PreparedStatement q = connection.prepareStatement("SELECT DISTINCT FLOW FROM ISTHMUS_DEAD ORDER BY FLOW");
				ResultSet r = q.executeQuery()) {
			while (r.next()) {
				flows.add(r.getString(1));
			}
		}
		connection.commit();
		return flows;
	}

	/**
	 * The flows a {@code --flow} names, of those that have dead letters: the flow of that full name, else every flow
	 * whose short name it is ({@code Orders} names {@code shop.Orders}). Several, of different packages, mean the name
	 * alone does not say which: {@link #list} refuses it, and {@code dlq} asks for one of them in full.
	 */
	public List<String> flowsNamed(String flow) throws SQLException {
		List<String> flows = flows();
		if (flows.contains(flow)) {
			return List.of(flow);
		}
		return flows.stream().filter(f -> f.endsWith("." + flow)).toList();
	}

	/**
	 * Text from the journal as a terminal may show it: the control characters (C0, DEL, C1) and the characters that
	 * reorder or break lines (bidi overrides and isolates, the line and paragraph separators) escaped as JSON writes
	 * them — the logs and {@code --json} escape C0 with Jackson, whose forms ({@code \\n}, {@code \\u001B}) these
	 * are, the others in its {@code \\uXXXX} form —, so a target's answer or a file's name can neither move the cursor,
	 * colour the terminal, hide text nor forge a line of {@code dlq show}. Backslashes and quotes stay as they are, to
	 * keep a JSON body readable; {@code null} stays {@code null}.
	 */
	public static String printable(String text) {
		if (text == null) {
			return null;
		}
		StringBuilder shown = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!unprintable(c)) {
				if (shown != null) {
					shown.append(c);
				}
				continue;
			}
			if (shown == null) {
				shown = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (c < 0x20) {
				shown.append(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(String.valueOf(c)));
			} else {
				shown.append(String.format("\\u%04X", (int) c));
			}
		}
		return shown == null ? text : shown.toString();
	}

	private static boolean unprintable(char c) {
		return Character.getType(c) == Character.CONTROL // C0, DEL and C1
				|| c == '\u2028' || c == '\u2029' || c == '\u061C' || c == '\u200E' || c == '\u200F' || c >= '\u202A' && c <= '\u202E'
				|| c >= '\u2066' && c <= '\u2069';
	}

	/**
	 * Text matched as written in a LIKE pattern: {@code --reason 50%} means the text "50%", not every reason with a 50.
	 * The escape is '!', not a backslash, which some databases' string literals read as an escape of their own.
	 */
	private static String literal(String text) {
		return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

	public List<DeadLetter> list(Filter filter) throws SQLException {
		StringBuilder sql = new StringBuilder("SELECT * FROM ISTHMUS_DEAD WHERE 1 = 1");
		List<Object> args = new ArrayList<>();
		if (!filter.includeEnded()) {
			sql.append(" AND STATE = 'DEAD'");
		}
		if (filter.flow() != null) {
			List<String> named = flowsNamed(filter.flow());
			if (named.size() > 1) {
				// A short name of flows in several packages: acting on all of them would reach a flow nobody meant.
				throw new IllegalArgumentException("--flow " + filter.flow() + " names flows of several packages (" + String.join(", ", named)
						+ "); write one of them in full");
			}
			sql.append(" AND FLOW = ?");
			args.add(named.isEmpty() ? filter.flow() : named.get(0));
		}
		if (filter.reason() != null) {
			sql.append(" AND LOWER(REASON) LIKE ? ESCAPE '!'");
			args.add("%" + literal(filter.reason().toLowerCase(java.util.Locale.ROOT)) + "%");
		}
		if (filter.since() != null) {
			sql.append(" AND CREATED_AT >= ?");
			args.add(Timestamp.from(filter.since()));
		}
		if (filter.until() != null) {
			sql.append(" AND CREATED_AT < ?");
			args.add(Timestamp.from(filter.until()));
		}
		sql.append(" ORDER BY ID");
		try (PreparedStatement q = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < args.size(); i++) {
				q.setObject(i + 1, args.get(i));
			}
			List<DeadLetter> found = new ArrayList<>();
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					found.add(read(r));
				}
			}
			connection.commit();
			return found;
		}
	}

	public DeadLetter show(long id) throws SQLException {
		try (PreparedStatement q = connection.prepareStatement("SELECT * FROM ISTHMUS_DEAD WHERE ID = ?")) {
			q.setLong(1, id);
			try (ResultSet r = q.executeQuery()) {
				DeadLetter found = r.next() ? read(r) : null;
				connection.commit();
				return found;
			}
		}
	}

	private static DeadLetter read(ResultSet r) throws SQLException {
		long outbox = r.getLong("OUTBOX_ID");
		Long outboxId = r.wasNull() ? null : outbox;
		return new DeadLetter(r.getLong("ID"), r.getString("FLOW"), r.getString("KIND"), r.getString("STEP"), r.getString("REASON"),
				r.getString("DETAILS"), r.getString("RECORD"), r.getString("SOURCE"), r.getString("ORIGIN"), r.getString("ENDPOINT"),
				outboxId, r.getString("CORRELATION"), r.getString("ATTEMPTS"), r.getTimestamp("CREATED_AT").toInstant(), r.getString("STATE"),
				hasColumn(r, "SCRUBBED") && r.getBoolean("SCRUBBED"));
	}

	/** Whether the journal has the column: the commands read journals a runner of an older version wrote. */
	private static boolean hasColumn(ResultSet r, String name) throws SQLException {
		java.sql.ResultSetMetaData meta = r.getMetaData();
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			if (meta.getColumnLabel(i).equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A delivery replayed is the record's delivery again: the idempotency key its dead letter gave back (see the
	 * runner's JournalKeys) is the flow's again, so the record sent again is a duplicate. Should the replayed delivery
	 * fail again, it gives the key back again, as the first failure did (review 25: it gave it back no more, and the
	 * corrected record its sender sent next was skipped as a duplicate, without a word); but not when the key was not
	 * given back at the replay (another of the record's letters, to another target, was replayed and holds it). A
	 * runner running meanwhile holds the key again within a second (ISTHMUS_KEYS_HELD; review 39: until its next
	 * start, so a resend in between was delivered after the replay under the same key). Journals from before
	 * releases lack the column and table, and have nothing to take back.
	 */
	private void holdKeyAgain(DeadLetter letter) throws SQLException {
		try (ResultSet r = connection.getMetaData().getTables(null, null, "ISTHMUS_KEYS_RELEASED", null)) {
			if (!r.next()) {
				return;
			}
		}
		String key = RerunKeys.flowKey(connection, letter.outboxId());
		if (key != null && RerunKeys.released(connection, letter.flow(), key)) {
			try (PreparedStatement d = connection.prepareStatement("DELETE FROM ISTHMUS_KEYS_RELEASED WHERE FLOW = ? AND KEY_VALUE = ?")) {
				d.setString(1, letter.flow());
				d.setString(2, key);
				d.executeUpdate();
			}
			try (ResultSet r = connection.getMetaData().getTables(null, null, "ISTHMUS_KEYS_HELD", null)) {
				if (!r.next()) {
					return; // a journal of a runner from before: it reads the key at its next start
				}
			}
			// for a runner running meanwhile, which reads these rows every second (it had given the key up in memory)
			try (PreparedStatement i = connection.prepareStatement("INSERT INTO ISTHMUS_KEYS_HELD (FLOW, KEY_VALUE, HELD_AT) VALUES (?, ?, ?)")) {
				i.setString(1, letter.flow());
				i.setString(2, key);
				i.setTimestamp(3, Timestamp.from(Instant.now()));
				i.executeUpdate();
			}
			return;
		}
		try (PreparedStatement u = connection.prepareStatement("UPDATE ISTHMUS_OUTBOX SET FLOW_KEY = NULL WHERE ID = ?")) {
			u.setLong(1, letter.outboxId());
			u.executeUpdate();
		}
	}

	/** Replays the dead letters; returns how many went back. A running runner picks them up within a second. */
	public int replay(List<DeadLetter> letters) throws SQLException {
		return replay(letters, false).count();
	}

	/**
	 * What a replay did: {@code count} letters replayed; {@code refused}, by letter id, why a letter a rerun was asked
	 * for was left as it is; {@code sameRecord}, by letter id, the letter whose rerun sent its record too (a record
	 * whose deliveries to several targets were refused goes through the flow once).
	 */
	public record Replayed(int count, java.util.Map<Long, String> refused, java.util.Map<Long, Long> sameRecord) {
	}

	/**
	 * Replays the dead letters; with {@code rerun}, a delivery's letter sends its record through the flow again, as
	 * the flow is configured now (see {@link RerunRecords}), instead of its outbox row as it was mapped then. The rerun
	 * is a new run of the record: the key its dead letter gave back is the flow's to take again (given back here when a
	 * plain replay took it back, see {@link RerunKeys}), and the old outbox row stays a dead one. The letter's state is
	 * {@code RERUN}, not {@code REPLAYED} (journals from before reruns have only the latter).
	 */
	public Replayed replay(List<DeadLetter> letters, boolean rerun) throws SQLException {
		int n = 0;
		java.util.Map<Long, String> refused = new java.util.LinkedHashMap<>();
		java.util.Map<Long, Long> sameRecord = new java.util.LinkedHashMap<>();
		java.util.Map<String, Long> rerunRecords = new java.util.HashMap<>();
		try {
			java.util.Set<Long> seen = new java.util.HashSet<>();
			for (DeadLetter letter : letters) {
				if (!"DEAD".equals(letter.state()) || letter.readFailure() || !seen.add(letter.id())) {
					// A record that could not be read would fail the same way again, or go on cut short: 'dlq replay' says why.
					// A letter named twice ('dlq replay 8 8') goes back once.
					continue;
				}
				if (rerun && "copy".equals(letter.kind())) {
					Long of = copyOf(RerunKeys.key(connection, letter.outboxId()));
					refused.put(letter.id(), "it is the copy of dead letter " + (of == null ? "?" : of) + " that its flow sends into " + letter.endpoint()
							+ ", with no record of its own to run through the flow; 'isthmus dlq replay " + letter.id() + "' sends the copy again"
							+ (of == null ? "" : ", and 'isthmus dlq show " + of + "' shows the letter it copies"));
					continue;
				}
				// A copy is replayed as a delivery is: its outbox row goes back, under its Idempotency-Key.
				String kind = rerun && "delivery".equals(letter.kind()) ? "rerun" : "copy".equals(letter.kind()) ? "delivery" : letter.kind();
				if (!kind.equals("rerun") && !kind.equals("delivery") && !kind.equals("record")) {
					// a group's records cannot re-enter a source; they are shown for a person to act on
					continue;
				}
				if (kind.equals("record") && letter.scrubbed()) {
					refused.put(letter.id(), "its record held the value of a secret of the runner's environment, which the dead letter keeps as"
							+ " ***: a replay would send that; send the record again from where it came from (" + letter.origin()
							+ "), then 'isthmus dlq discard " + letter.id() + "'");
					continue;
				}
				String stale = kind.equals("delivery") ? RerunKeys.newerLetter(connection, letter) : null;
				stale = stale == null && kind.equals("delivery") ? RerunKeys.replayRefusal(connection, letter) : stale;
				if (stale != null) {
					refused.put(letter.id(), stale);
					continue;
				}
				RerunRecords.Found found = kind.equals("rerun") ? RerunRecords.of(connection, letter) : null;
				if (found != null && found.refusal() != null) {
					refused.put(letter.id(), found.refusal());
					continue;
				}
				// A flow skips a record whose key it holds, without a word: the rerun's keys are free, or it is refused.
				RerunKeys.Needed keys = found == null ? null : RerunKeys.needed(connection, letter, found.keys(), found.flowKey());
				if (keys != null && keys.refusal() != null) {
					refused.put(letter.id(), keys.refusal());
					continue;
				}
				// A rerun is told apart from a plain replay: 'isthmus trace' shows its delivery as not sent again.
				if (!claim(letter.id(), kind.equals("rerun") ? "RERUN" : "REPLAYED")) {
					// another 'dlq replay' or 'discard' took it since it was read: its record went back there, or not at all
					continue;
				}
				switch (kind) {
					case "rerun" -> {
						RerunKeys.release(connection, letter.flow(), keys.release());
						String record = letter.flow() + "\n" + found.origin() + "\n" + found.text();
						Long first = rerunRecords.putIfAbsent(record, letter.id());
						if (first != null) {
							sameRecord.put(letter.id(), first);
						} else {
							inbox(letter, found.endpoint(), found.origin(), found.text());
						}
					}
					case "delivery" -> {
						holdKeyAgain(letter);
						try (PreparedStatement u = connection.prepareStatement("UPDATE ISTHMUS_OUTBOX SET STATE = 'PENDING', ATTEMPTS = 0,"
								+ " NEXT_AT = ?, BATCH = NULL WHERE ID = ? AND STATE = 'DEAD'")) {
							u.setTimestamp(1, Timestamp.from(Instant.now()));
							u.setLong(2, letter.outboxId());
							u.executeUpdate();
						}
					}
					default -> inbox(letter, letter.source(), letter.origin(), letter.record());
				}
				n++;
			}
			connection.commit();
			return new Replayed(n, refused, sameRecord);
		} catch (SQLException e) {
			connection.rollback();
			throw e;
		}
	}

	/** Puts a dead letter's record in its flow's inbox, to go through the flow from its start. */
	private void inbox(DeadLetter letter, String endpoint, String origin, String record) throws SQLException {
		try (PreparedStatement i = connection.prepareStatement("INSERT INTO ISTHMUS_INBOX (FLOW, ENDPOINT, ORIGIN,"
				+ " RECEIVED_AT, PAYLOAD) VALUES (?, ?, ?, ?, ?)")) {
			i.setString(1, letter.flow());
			i.setString(2, endpoint);
			// Marked as a replay, and read back with the record's first origin (see InboxSource#origin): the
			// replay keeps the record's correlation id, so 'isthmus trace' shows its first run and this one.
			i.setString(3, origin == null ? "replay of dead letter " + letter.id() : "replay:" + letter.id() + ":" + origin);
			i.setTimestamp(4, Timestamp.from(Instant.now()));
			i.setString(5, record);
			i.executeUpdate();
		}
	}

	/** Discards the dead letters: they stay in the journal, marked, and no longer list. */
	public int discard(List<DeadLetter> letters) throws SQLException {
		int n = 0;
		for (DeadLetter letter : letters) {
			if ("DEAD".equals(letter.state()) && claim(letter.id(), "DISCARDED")) {
				n++;
			}
		}
		connection.commit();
		return n;
	}

	/**
	 * Marks a dead letter replayed or discarded if it is still a dead letter; returns whether it was. A letter named
	 * twice, or taken by another 'dlq' since it was read, is acted on once.
	 */
	private boolean claim(long id, String state) throws SQLException {
		try (PreparedStatement u = connection.prepareStatement("UPDATE ISTHMUS_DEAD SET STATE = ? WHERE ID = ? AND STATE = 'DEAD'")) {
			u.setString(1, state);
			u.setLong(2, id);
			return u.executeUpdate() == 1;
		}
	}

	/**
	 * A message that may quote a journal's URL, or parts of it (a database's error echoes what it could not parse,
	 * {@code pw@host} of {@code //user:pw@host}), with the URL's credentials as {@code ***}, by the rule the runner
	 * shows them with.
	 */
	public static String withoutCredentials(String message, String journalUrl) {
		dev.isthmus.runner.internal.Environment secrets = new dev.isthmus.runner.internal.Environment(name -> null);
		return secrets.redact(message.replace(journalUrl, secrets.credentialsIn(journalUrl)));
	}

	@Override
	public void close() throws SQLException {
		connection.close();
	}
}
