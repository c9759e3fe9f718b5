package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Records waiting in the journal's inbox for one flow: webhook deliveries, fed sample files and replayed dead
 * letters. A row leaves the inbox in the transaction that records its outcome.
 */
final class InboxSource implements Source {

	private final String flow;
	/** Rows handed out whose batch has not committed yet: the inbox still lists them until it has. */
	private final java.util.Set<Long> handedOut = new java.util.HashSet<>();

	InboxSource(String flow) {
		this.flow = flow;
	}

	@Override
	public Batch next(Connection c, int max) throws Exception {
		List<Input> inputs = new ArrayList<>();
		List<Long> ids = new ArrayList<>();
		try (PreparedStatement q = c.prepareStatement(
				"SELECT ID, ENDPOINT, ORIGIN, PAYLOAD FROM ISTHMUS_INBOX WHERE FLOW = ? AND DONE = FALSE ORDER BY ID")) {
			q.setString(1, flow);
			q.setMaxRows(max + handedOut.size());
			long bytes = 0;
			try (ResultSet r = q.executeQuery()) {
				while (bytes < BATCH_TEXT && ids.size() < max && r.next()) {
					if (handedOut.contains(r.getLong(1))) {
						continue;
					}
					ids.add(r.getLong(1));
					String text = r.getString(4);
					bytes += text.length();
					String origin = origin(r.getString(3), r.getLong(1));
					inputs.add(JsonInput.read(text, "", origin, r.getString(2)));
				}
			}
		}
		if (ids.isEmpty()) {
			return Batch.EMPTY;
		}
		handedOut.addAll(ids);
		return new Batch(inputs, tx -> {
			try (PreparedStatement d = tx.prepareStatement("DELETE FROM ISTHMUS_INBOX WHERE ID = ?")) {
				for (long id : ids) {
					d.setLong(1, id);
					d.addBatch();
				}
				d.executeBatch();
			}
		}, () -> handedOut.removeAll(ids));
	}

	/**
	 * Where a row came from. A replayed dead letter's record keeps its first origin. Every request to a webhook is journaled with the same origin, its path; the row's id
	 * (which the 202 answer lists) tells one request from the next, so that each record has its own correlation id
	 * and, without an idempotency key, its own deliveries' keys. Stable: the row keeps its id until it is done.
	 */
	static String origin(String journaled, long row) {
		java.util.regex.Matcher replay = REPLAY.matcher(journaled);
		if (replay.matches()) {
			return replay.group(1); // a dead letter's record sent again: where it first came from (see DeadLetters#replay)
		}
		return journaled.startsWith("webhook:") ? journaled + "#" + row : journaled;
	}

	private static final java.util.regex.Pattern REPLAY = java.util.regex.Pattern.compile("replay:\\d+:(.+)", java.util.regex.Pattern.DOTALL);

	@Override
	public boolean readsAhead() {
		return true;
	}

	@Override
	public void rollback() {
		handedOut.clear();
	}
}
