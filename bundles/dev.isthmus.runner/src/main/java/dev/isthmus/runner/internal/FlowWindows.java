package dev.isthmus.runner.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.Group;
import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Outcome;

/**
 * A flow's aggregation windows, as its worker keeps them: the open groups (memory that follows the journal's
 * commits), read back from the journal at a start or after a failed commit; the groups that the batches in flight
 * hold records of; and the transaction that combines the groups whose window is over. Only the worker's thread uses
 * it; when to wait for the journal writer is the worker's to decide ({@link FlowWorker#closeWindows}).
 */
final class FlowWindows {

	private static final ObjectMapper JSON = JsonText.RECORDS;

	private final String flow;
	private final FlowEngine engine;
	private final Deliveries deliveries;
	private final Environment environment;
	private final boolean traces;
	private final JsonLog log;
	/** Replaced when read again from the journal. */
	private OpenWindows open = new OpenWindows();
	/**
	 * The groups that the batches in flight hold records of, oldest first: a close of those groups waits for them
	 * (see {@link #heldInFlight}), a close of others does not.
	 */
	private final ArrayDeque<Set<Group>> inFlight = new ArrayDeque<>();

	/** The journal's id: a group's first row is numbered in its journal, and a new journal numbers from 1 again. */
	private final String journalId;
	/** The flows whose dead letters go into an endpoint too (see {@link JournalWrites#flush}). */
	private final DeadLetterCopies copies;

	FlowWindows(String flow, FlowEngine engine, Deliveries deliveries, Environment environment, boolean traces, JsonLog log,
			String journalId, DeadLetterCopies copies) {
		this.copies = copies;
		this.flow = flow;
		this.journalId = journalId;
		this.engine = engine;
		this.deliveries = deliveries;
		this.environment = environment;
		this.traces = traces;
		this.log = log;
	}

	/** The number of a new journal row of held records. */
	long nextSeq() {
		return open.nextSeq();
	}

	/**
	 * Keeps, in the transaction of a batch that holds records, the time the held records have reached and the number
	 * of the flow's last row of held records. With the time, a restart knows which windows have closed, so a record
	 * of one of them is logged as late ({@code window.late}) and closes its group by the data's time, as it would
	 * have without the restart. With the number, rows are never numbered alike again, even once every row is gone:
	 * a group's first row tells its result apart (see {@link #close}). The time is the one the committed batches
	 * reached, behind this batch's by the batches in flight (a close writes it too, up to date): a little early is
	 * safe (a restart then takes fewer records for late), and it costs no second look at every held record.
	 */
	void remember(Map<Group, List<OpenWindows.HeldRow>> held, JournalWrites writes) {
		if (held.isEmpty()) {
			return;
		}
		keep(writes);
	}

	/** The checkpoint of {@link #remember}, as the windows stand: written by a batch that holds records and by a close. */
	private void keep(JournalWrites writes) {
		Instant reached = open.reached();
		writes.checkpoint(windowsCheckpoint(), open.lastSeq() + (reached.equals(Instant.MIN) ? "" : " " + reached));
	}

	private String windowsCheckpoint() {
		return "windows:" + flow;
	}

	/** Whether a drain is reading its sources (see {@link OpenWindows#reading}). */
	void reading(boolean drain) {
		open.reading(drain);
	}

	/** How far out of time order a drain's records have come (see {@link OpenWindows#disorder}). */
	java.time.Duration disorder() {
		return open.disorder();
	}

	/** A batch holding records of these groups is on its way to the journal. */
	void submitted(Set<Group> groups) {
		inFlight.add(groups);
	}

	/** The oldest batch in flight has committed: its held records join the windows. */
	void committed(Map<Group, List<OpenWindows.HeldRow>> held, Map<Group, String> firstOfGroup, Instant arrived) {
		inFlight.poll();
		for (Group late : open.add(held, arrived)) {
			// Said, because the group's result goes out a second time for the same keys and window (an upsert
			// downstream replaces the first sum with the late records' alone).
			log.warn("window.late", "flow", flow, "keys", String.valueOf(late.keys()), "window", String.valueOf(late.windowStart()),
					"records", held.get(late).size(), "correlation", firstOfGroup.get(late), "detail",
					"records came after their window had closed; they make a group of their own");
		}
	}

	/** A commit failed: no batch is in flight any more, and what they held is not in the journal. */
	void forgetInFlight() {
		inFlight.clear();
	}

	/**
	 * Reads back the records held for open windows, after a restart. A journal row holds a batch's held records as
	 * a JSON array (a single object in journals written before batching). Each group counts as having had a record
	 * now (see {@link OpenWindows#restore}).
	 */
	/** Returns how many held records it read back: the run's tally of held records starts from them. */
	int restore(Connection c, Instant now) throws SQLException {
		// "<last row number> [<time reached>]", see #remember
		String[] kept = String.valueOf(Journal.checkpoint(c, windowsCheckpoint())).split(" ");
		long lastSeq = kept[0].matches("\\d+") ? Long.parseLong(kept[0]) : 0;
		return read(c, group -> now, kept.length > 1 ? Instant.parse(kept[1]) : Instant.MIN, lastSeq);
	}

	/**
	 * Reads the open windows again after a failed commit: a group keeps when its last record arrived, and a group
	 * that was closing (out of the windows already, see {@link #close}) is due again at once.
	 */
	void readAgain(Connection c) throws SQLException {
		OpenWindows before = open;
		// The time reached stays: memory moves it only once a batch has committed.
		read(c, group -> {
			Instant last = before.lastArrival(group);
			return last != null ? last : Instant.MIN;
		}, before.reached(), before.lastSeq());
		open.learnedBefore(before);
	}

	private int read(Connection c, Function<Group, Instant> lastArrival, Instant reached, long lastSeq) throws SQLException {
		int records = 0;
		// Read whole, then used: windows half read back would close groups without some of their records.
		OpenWindows read = new OpenWindows();
		try (PreparedStatement q = c.prepareStatement("SELECT SEQ, RECORD FROM ISTHMUS_HELD WHERE FLOW = ? ORDER BY SEQ")) {
			q.setString(1, flow);
			try (ResultSet r = q.executeQuery()) {
				while (r.next()) {
					long seq = r.getLong(1);
					JsonNode row = parse(Journal.getText(r, 2));
					for (JsonNode record : row.isArray() ? row : List.of(row)) {
						Held held = engine.restore(record);
						Group group = engine.groupOf(held);
						read.restore(group, new OpenWindows.HeldRow(seq, held), lastArrival.apply(group));
						records++;
					}
				}
			}
		}
		c.commit();
		read.reached(reached);
		read.seqAtLeast(lastSeq);
		open = read;
		if (open.size() > 0) {
			log.info("windows.restored", "flow", flow, "groups", open.size());
		}
		return records;
	}

	/**
	 * The groups whose window is over (see {@link OpenWindows#GRACE}); at a drain, every group whose window has ended
	 * by the wall clock, and the groups whose records carry no time.
	 */
	List<Map.Entry<Group, List<OpenWindows.HeldRow>>> due(Instant now, boolean draining) {
		return open.due(now, draining);
	}

	/** As {@link #due}, once the batches that were in flight have joined the windows. */
	List<Map.Entry<Group, List<OpenWindows.HeldRow>>> dueAgain(Instant now, boolean draining) {
		return open.dueAgain(now, draining);
	}

	/** Whether a batch in flight holds records of one of these groups: they are to be combined with them, not after. */
	boolean heldInFlight(List<Map.Entry<Group, List<OpenWindows.HeldRow>>> due) {
		for (Set<Group> batch : inFlight) {
			for (Map.Entry<Group, List<OpenWindows.HeldRow>> group : due) {
				if (batch.contains(group.getKey())) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The transaction that combines these groups and sends (or dead-letters) what they make; {@code afterCommit} is
	 * given what it did. The groups leave the windows now, before the commit, so that records of the batches after
	 * join new groups rather than these; a failed commit reads the windows again ({@link #readAgain}).
	 */
	JournalWriter.Transaction close(List<Map.Entry<Group, List<OpenWindows.HeldRow>>> groups, Instant now,
			Consumer<FlowWorker.Tally> afterCommit) throws SQLException {
		FlowWorker.Tally delta = new FlowWorker.Tally();
		JournalWrites writes = new JournalWrites(copies);
		for (Map.Entry<Group, List<OpenWindows.HeldRow>> group : groups) {
			List<Held> records = new ArrayList<>(group.getValue().size());
			for (OpenWindows.HeldRow row : group.getValue()) {
				records.add(row.held());
			}
			Outcome outcome;
			try {
				outcome = engine.combine(records);
			} catch (JournalKeys.JournalFailure e) {
				// The journal's failure, not the group's (an idempotent step after the aggregate): retried later.
				throw e.getCause();
			} catch (FlowPaused e) {
				throw e; // a call after the aggregate cannot be made now: the groups are closed later, as after a journal failure
			} catch (RuntimeException e) {
				// As for a record (see RecordDecisions#decide): an engine defect costs this group, not the flow's windows.
				outcome = new Outcome(null, List.of(), "the engine failed on this group (" + e + "); please report it", false, false,
						List.of(new Outcome.Trace("aggregate", String.valueOf(e), null), new Outcome.Trace("dead-letter", String.valueOf(e), null)));
			}
			String identity = OpenWindows.identity(group.getKey());
			List<String> sent = List.of();
			String correlation = deliveries.bounded(outcome.correlationId() != null ? outcome.correlationId() : flow + "@" + identity);
			if (outcome.deadLetter() != null) {
				ArrayNode all = JSON.createArrayNode();
				records.forEach(h -> all.add(FlowEngine.toJson(h)));
				writes.dead(flow, "group", outcome.deadLetterStep(), environment.redact(outcome.deadLetter()), TraceText.of(outcome, environment),
						environment.redact(all.toString()), null, identity, null, null, correlation, null, now);
				delta.deadLettered++;
			} else {
				// The delivery is told apart by the group's first journal row too: a group of late records (same keys
				// and window, see OpenWindows#add) is a result of its own, and must not take the first result's
				// Idempotency-Key, under which a target would answer "done" and drop it. The row's number is the
				// same when a close is done again after a crash (the rows are read back), so a re-delivery keeps it;
				// the journal's id keeps a new journal's first rows from taking an old one's keys.
				sent = deliveries.queue(outcome, identity + "#" + journalId + ":" + firstRow(group.getValue()), correlation, writes);
				delta.queued += sent.size();
			}
			if (traces) {
				writes.traceGroup(correlation, flow, identity, outcome, environment, now, sent, members(records));
			}
			delta.held -= group.getValue().size();
		}
		keep(writes);
		writes.close();
		// A journal row goes once every record in it has been combined, here or in an earlier close; a row also
		// holding records of groups still open keeps those alone (see OpenWindows#closing).
		List<Group> closingGroups = new ArrayList<>(groups.size());
		for (Map.Entry<Group, List<OpenWindows.HeldRow>> group : groups) {
			closingGroups.add(group.getKey());
		}
		OpenWindows.Closing closing = open.closing(closingGroups);
		Map<Long, byte[]> kept = new LinkedHashMap<>();
		closing.kept().forEach((seq, records) -> {
			BatchRow row = new BatchRow();
			records.forEach(h -> row.add(out -> FlowEngine.write(h, out)));
			kept.put(seq, row.take());
		});
		open.closed(closing);
		return new JournalWriter.Transaction(writes, List.of(), closing.gone(), kept, c -> {
		}, () -> afterCommit.accept(delta));
	}

	/** The records a group combines, as its trace names them (see {@link TraceText.Members}). */
	private TraceText.Members members(List<Held> records) {
		List<String> origins = new ArrayList<>(Math.min(records.size(), TraceText.Members.NAMED));
		// A flow that correlates by a field traces its records under that field's values, not their origins.
		List<String> correlations = records.get(0).correlation() == null ? null : new ArrayList<>(origins.size());
		for (Held held : records) {
			if (origins.size() == TraceText.Members.NAMED) {
				break;
			}
			if (held.origin() != null) {
				origins.add(held.origin());
				if (correlations != null) {
					correlations.add(deliveries.bounded(String.valueOf(held.correlation())));
				}
			}
		}
		return new TraceText.Members(origins, correlations, records.size());
	}

	private static long firstRow(List<OpenWindows.HeldRow> rows) {
		long first = Long.MAX_VALUE;
		for (OpenWindows.HeldRow row : rows) {
			first = Math.min(first, row.seq());
		}
		return first;
	}

	private static JsonNode parse(String text) {
		try {
			return JSON.readTree(text);
		} catch (java.io.IOException e) {
			throw new IllegalStateException("the journal holds a record that is not JSON: " + e.getMessage(), e);
		}
	}
}
