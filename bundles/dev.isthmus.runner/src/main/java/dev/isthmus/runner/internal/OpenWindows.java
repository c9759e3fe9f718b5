package dev.isthmus.runner.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.Group;
import dev.isthmus.engine.FlowEngine.Held;

/**
 * A flow's records held at aggregate steps, by group, and when each group is due to close. The journal keeps the
 * same records (numbered by {@link #nextSeq}); this is the worker's working copy.
 */
final class OpenWindows {

	/**
	 * How long after its end a window waits for stragglers. A window closes when the records' own time has passed
	 * its end by this much (the data says the hour is over), or when the wall clock has and the group has had no
	 * record for this long (a quiet source). Old data replayed from files therefore aggregates by its own hours.
	 */
	static final Duration GRACE = Duration.ofMinutes(5);

	/** A held record and the number of the journal row that holds it (one row per batch). */
	record HeldRow(long seq, Held held) {
	}

	/** An open group's records and when the last of them arrived (one map: a record looks its group up once). */
	private static final class Open {
		final List<HeldRow> rows = new ArrayList<>();
		Instant lastArrival;
	}

	private final Map<Group, Open> open = new LinkedHashMap<>();
	/**
	 * The open groups by the end of their window, so that finding the due ones looks at those whose end has passed,
	 * not at every open group (thousands: a group per customer and hour) after every batch.
	 */
	private final TreeMap<Instant, Set<Group>> byEnd = new TreeMap<>();
	/** Open groups whose records carry no time: they close when a drain ends. */
	private final Set<Group> timeless = new LinkedHashSet<>();
	/** The latest time the held records have reached. */
	private Instant watermark = Instant.MIN;
	/**
	 * The data's time the windows were last closed by: a window its grace period before this is closed, and a record
	 * of it that comes now is late. Apart from {@link #watermark}: a drain closes its windows {@link #disorder} later.
	 */
	private Instant closedThrough = Instant.MIN;
	/**
	 * Whether a drain ({@code run --once}) is reading its sources: windows close by the data's time less
	 * {@link #disorder}, and not by the clock (a source read as fast as it can be is never quiet).
	 */
	private boolean reading;
	/**
	 * How much later a drain closes its windows by the data's time: as much as a record of it came after the latest
	 * time had passed its window's close, at most. Data out of time order (a backfill export) closed its windows early,
	 * when the latest time passed them, and the rest of their records, coming after, made late groups of their own,
	 * how many depending on {@code --batch} (review 23). Data in order, give or take less than a window and the grace
	 * period, closes as before.
	 */
	private Duration disorder = Duration.ZERO;
	/** The records a drain has taken while {@link #reading}: it closes no window by the data before {@link #LEARNING}. */
	private long taken;
	/**
	 * How many records a drain reads before it closes a window by the data's time: enough to see how out of order its
	 * data is (a window closed before that is known was closed too early). A drain with fewer closes its windows once its
	 * sources are read.
	 */
	static final long LEARNING = 100_000;
	/** Held rows are numbered per flow by its one worker, so they are inserted in batches, not one by one. */
	private long seq;
	/** Per journal row, how many of its records are still in an open group. */
	private final Map<Long, Integer> live = new HashMap<>();
	/**
	 * When the wall-clock rule is next looked at. Data older than the grace period puts every open group before the
	 * clock's horizon, and checking each of them after every batch made a replay of old files slow down as its
	 * groups grew; the rule is about minutes, so once a second is soon enough.
	 */
	private Instant nextClockCheck = Instant.MIN;
	static final Duration CLOCK_CHECK = Duration.ofSeconds(1);

	long nextSeq() {
		return ++seq;
	}

	/** The number of the last row of held records. */
	long lastSeq() {
		return seq;
	}

	/** Rows are numbered on from {@code last} at least (the journal's rows of held records may all be gone). */
	void seqAtLeast(long last) {
		seq = Math.max(seq, last);
	}

	/**
	 * A held record read back from the journal, and when its group last had a record. After a restart that is the
	 * time it was read back: the wall-clock rule for quiet groups (see {@link #GRACE}) then gives the records still
	 * to come (the rest of a file read again from its checkpoint) the grace period, rather than closing every group
	 * read back at once, which split groups of replayed data in two.
	 */
	void restore(Group group, HeldRow row, Instant lastArrival) {
		add(Map.of(group, List.of(row)), lastArrival);
		seq = Math.max(seq, row.seq());
	}

	/**
	 * A batch's held records, by group, once the batch has committed. Returns the groups it opened whose window the
	 * records' time had already passed by the grace period: their records came after the window closed.
	 */
	List<Group> add(Map<Group, List<HeldRow>> batch, Instant arrived) {
		// A batch's records share a journal row or two: counted per row, not looked up per record.
		Runs rows = new Runs();
		List<Group> late = new ArrayList<>();
		Instant reached = closedThrough;
		batch.forEach((group, held) -> {
			Open entry = open.computeIfAbsent(group, g -> {
				Instant end = g.closesAt();
				if (end == null) {
					timeless.add(g);
				} else {
					byEnd.computeIfAbsent(end, e -> new LinkedHashSet<>()).add(g);
					if (reached != Instant.MIN && end.plus(GRACE).isBefore(reached)) {
						late.add(g);
					}
				}
				return new Open();
			});
			entry.rows.addAll(held);
			entry.lastArrival = arrived;
			Instant end = group.closesAt();
			if (reading && end != null && !watermark.isBefore(end.plus(GRACE))) {
				// Had its window closed by the latest time, these records would have come late: windows close later
				// by as much, and a second (horizon < end + GRACE, see due).
				Duration behind = Duration.between(end.plus(GRACE), watermark).plusSeconds(1);
				if (behind.compareTo(disorder) > 0) {
					disorder = behind;
				}
			}
			for (HeldRow row : held) {
				rows.add(row.seq());
				Instant at = FlowEngine.timeOf(row.held().record());
				if (at != null && at.isAfter(watermark)) {
					watermark = at;
				}
			}
			if (reading) {
				taken += held.size();
			}
		});
		for (int i = 0; i < rows.size; i++) {
			live.merge(rows.rows[i], rows.counts[i], Integer::sum);
		}
		return late;
	}

	/** Counts per journal row, for the few rows a batch writes: a list searched from its end, not a map. */
	private static final class Runs {
		private long[] rows = new long[4];
		private int[] counts = new int[4];
		private int size;

		void add(long row) {
			for (int i = size - 1; i >= 0; i--) {
				if (rows[i] == row) {
					counts[i]++;
					return;
				}
			}
			if (size == rows.length) {
				rows = java.util.Arrays.copyOf(rows, size * 2);
				counts = java.util.Arrays.copyOf(counts, size * 2);
			}
			rows[size] = row;
			counts[size++] = 1;
		}
	}

	/**
	 * The time the records had reached before a restart (kept in the journal, see {@link FlowWindows#remember}): a
	 * record of a window that closed then is late after the restart too, and its group closes by the data's time.
	 */
	void reached(Instant at) {
		if (at.isAfter(watermark)) {
			watermark = at;
		}
		// The run that kept it closed the windows by it (a drain stopped early may not have: its records are only
		// said to be late, and join the groups still open all the same).
		if (at.isAfter(closedThrough)) {
			closedThrough = at;
		}
	}

	/** The time the held records have reached ({@link Instant#MIN} before any). */
	Instant reached() {
		return watermark;
	}

	/** When the open group last had a record, or {@code null} when it is not open. */
	Instant lastArrival(Group group) {
		Open entry = open.get(group);
		return entry == null ? null : entry.lastArrival;
	}

	int size() {
		return open.size();
	}

	/** Whether a drain is reading its sources (see {@link #reading}); not once it has read them, or holds too much. */
	void reading(boolean drain) {
		reading = drain;
	}

	/** How far out of time order a drain's records have come (see {@link #disorder}). */
	Duration disorder() {
		return disorder;
	}

	/** What a drain learned of its data before these windows were read again (see FlowWindows#readAgain). */
	void learnedBefore(OpenWindows before) {
		disorder = before.disorder;
		taken = before.taken;
	}

	/** The groups to close now; at a drain also those whose window has ended by the clock, and those without time. */
	List<Map.Entry<Group, List<HeldRow>>> due(Instant now, boolean draining) {
		Instant horizon = !reading ? watermark
				: taken < LEARNING || !watermark.isAfter(Instant.MIN.plus(disorder)) ? Instant.MIN : watermark.minus(disorder);
		// No group whose window ends after this can be due (see due(Group, ...)): by the data, those ending a grace
		// period before its horizon; by the clock, those ending a grace period before now.
		Instant latest = horizon.isAfter(Instant.MIN.plus(GRACE)) ? horizon.minus(GRACE) : Instant.MIN;
		if (!reading && (draining || !now.isBefore(nextClockCheck))) {
			Instant byClock = draining ? now : now.minus(GRACE);
			if (byClock.isAfter(latest)) {
				latest = byClock;
			}
			nextClockCheck = now.plus(CLOCK_CHECK);
		}
		if (horizon.isAfter(closedThrough)) {
			closedThrough = horizon;
		}
		List<Map.Entry<Group, List<HeldRow>>> due = new ArrayList<>();
		for (Set<Group> ending : byEnd.headMap(latest, true).values()) {
			for (Group group : ending) {
				if (due(group, horizon, now, draining)) {
					due.add(Map.entry(group, open.get(group).rows));
				}
			}
		}
		if (draining) {
			timeless.forEach(group -> due.add(Map.entry(group, open.get(group).rows)));
		}
		return due;
	}

	private boolean due(Group group, Instant horizon, Instant now, boolean draining) {
		Instant closes = group.closesAt();
		if (closes == null) {
			return draining;
		}
		if (!horizon.isBefore(closes.plus(GRACE))) {
			return true;
		}
		if (reading) {
			return false;
		}
		if (draining) {
			return !closes.isAfter(now);
		}
		Instant last = open.get(group).lastArrival;
		return !closes.plus(GRACE).isAfter(now) && !last.plus(GRACE).isAfter(now);
	}

	/**
	 * As {@link #due}, again at once, after more records came: the wall-clock rule is looked at again, not left for a
	 * second.
	 */
	List<Map.Entry<Group, List<HeldRow>>> dueAgain(Instant now, boolean draining) {
		nextClockCheck = Instant.MIN;
		return due(now, draining);
	}

	/**
	 * What closing these groups does to the journal's rows that hold their records: the rows left without a record
	 * in an open group, to be deleted in the same transaction, and the rows left with records of groups still open,
	 * with those records, to be written again with them alone (so that neither a restart nor a failed commit's
	 * re-read brings the closed groups' records back as a new, partial group). Changes nothing: {@link #closed} does.
	 */
	record Closing(List<Group> groups, long[] rows, int[] leaving, List<Long> gone, Map<Long, List<Held>> kept) {
	}

	Closing closing(List<Group> groups) {
		// The closing records' rows, sorted and counted: many groups close at once (every customer's hour), and
		// a map lookup per record showed in the runner's profile.
		int records = 0;
		for (Group group : groups) {
			Open entry = open.get(group);
			records += entry == null ? 0 : entry.rows.size();
		}
		long[] seqs = new long[records];
		int at = 0;
		for (Group group : groups) {
			Open entry = open.get(group);
			for (HeldRow row : entry == null ? List.<HeldRow>of() : entry.rows) {
				seqs[at++] = row.seq();
			}
		}
		java.util.Arrays.sort(seqs);
		long[] rows = new long[seqs.length];
		int[] leaving = new int[seqs.length];
		int distinct = 0;
		for (int i = 0; i < seqs.length; i++) {
			if (distinct > 0 && rows[distinct - 1] == seqs[i]) {
				leaving[distinct - 1]++;
			} else {
				rows[distinct] = seqs[i];
				leaving[distinct++] = 1;
			}
		}
		rows = java.util.Arrays.copyOf(rows, distinct);
		leaving = java.util.Arrays.copyOf(leaving, distinct);
		List<Long> gone = new ArrayList<>();
		long[] touched = new long[distinct];
		int kept = 0;
		for (int i = 0; i < distinct; i++) {
			if (live.getOrDefault(rows[i], 0) <= leaving[i]) {
				gone.add(rows[i]);
			} else {
				touched[kept++] = rows[i];
			}
		}
		return new Closing(groups, rows, leaving, gone, keptIn(java.util.Arrays.copyOf(touched, kept), groups));
	}

	/** The records of groups still open in the given rows (sorted), by row. */
	private Map<Long, List<Held>> keptIn(long[] touched, List<Group> closing) {
		if (touched.length == 0) {
			return Map.of();
		}
		Set<Group> closingSet = new java.util.HashSet<>(closing);
		Map<Long, List<Held>> kept = new TreeMap<>();
		open.forEach((group, entry) -> {
			if (!closingSet.contains(group)) {
				for (HeldRow row : entry.rows) {
					if (java.util.Arrays.binarySearch(touched, row.seq()) >= 0) {
						kept.computeIfAbsent(row.seq(), seq -> new ArrayList<>()).add(row.held());
					}
				}
			}
		});
		return kept;
	}

	/**
	 * A group's identity, from which its deliveries' idempotency keys are made: {@code group:<step>:[<keys>]:<window
	 * start>}, as {@code List.toString} and {@code Instant.toString} write them. The text must not change between
	 * versions (a group closed again after a restart must get the same keys); it is built directly because a close
	 * makes one per group, thousands at a time.
	 */
	static String identity(Group group) {
		StringBuilder text = new StringBuilder(96).append("group:").append(group.step()).append(":[");
		List<Object> keys = group.keys();
		for (int i = 0; i < keys.size(); i++) {
			if (i > 0) {
				text.append(", ");
			}
			Object key = keys.get(i);
			text.append(key instanceof java.time.Instant at ? dev.isthmus.engine.Values.text(at) : String.valueOf(key));
		}
		Object start = group.windowStart();
		return text.append("]:").append(start instanceof java.time.Instant at ? dev.isthmus.engine.Values.text(at) : String.valueOf(start))
				.toString();
	}

	/** The groups of a closing leave the windows (before its commit: see FlowWindows#close). */
	void closed(Closing closing) {
		for (Group group : closing.groups()) {
			open.remove(group);
			timeless.remove(group);
			Instant end = group.closesAt();
			if (end != null) {
				Set<Group> ending = byEnd.get(end);
				if (ending != null && ending.remove(group) && ending.isEmpty()) {
					byEnd.remove(end);
				}
			}
		}
		for (int i = 0; i < closing.rows().length; i++) {
			int leaving = closing.leaving()[i];
			live.computeIfPresent(closing.rows()[i], (seq, n) -> n > leaving ? n - leaving : null);
		}
	}
}
