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
import dev.isthmus.engine.FlowEngine.Group;
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

	/** A held record read back from the journal after a restart. */
	void restore(Group group, HeldRow row) {
		add(group, List.of(row), Instant.MIN);
		seq = Math.max(seq, row.seq());
	}

	/** Records whose batch has committed. */
	void add(Group group, List<HeldRow> rows, Instant arrived) {
		Open entry = open.computeIfAbsent(group, g -> {
			Instant end = g.closesAt();
			if (end == null) {
				timeless.add(g);
			} else {
				byEnd.computeIfAbsent(end, e -> new LinkedHashSet<>()).add(g);
			}
			return new Open();
		});
		entry.rows.addAll(rows);
		entry.lastArrival = arrived;
		// A batch's records share a journal row or two: counted per run of one row, not looked up per record.
		long runOf = 0;
		int run = 0;
		for (HeldRow row : rows) {
			if (run > 0 && row.seq() != runOf) {
				live.merge(runOf, run, Integer::sum);
				run = 0;
			}
			runOf = row.seq();
			run++;
			Instant at = FlowEngine.timeOf(row.held().record());
			if (at != null && at.isAfter(watermark)) {
				watermark = at;
			}
		}
		if (run > 0) {
			live.merge(runOf, run, Integer::sum);
		}
	}

	int size() {
		return open.size();
	}

	/** The groups to close now; at a drain also those whose window has ended by the clock, and those without time. */
	List<Map.Entry<Group, List<HeldRow>>> due(Instant now, boolean draining) {
		// No group whose window ends after this can be due (see due(Group, ...)): by the data, those ending a grace
		// period before the watermark; by the clock, those ending a grace period before now.
		Instant latest = watermark.isAfter(Instant.MIN.plus(GRACE)) ? watermark.minus(GRACE) : Instant.MIN;
		if (draining || !now.isBefore(nextClockCheck)) {
			Instant byClock = draining ? now : now.minus(GRACE);
			if (byClock.isAfter(latest)) {
				latest = byClock;
			}
			nextClockCheck = now.plus(CLOCK_CHECK);
		}
		List<Map.Entry<Group, List<HeldRow>>> due = new ArrayList<>();
		for (Set<Group> ending : byEnd.headMap(latest, true).values()) {
			for (Group group : ending) {
				if (due(group, now, draining)) {
					due.add(Map.entry(group, open.get(group).rows));
				}
			}
		}
		if (draining) {
			timeless.forEach(group -> due.add(Map.entry(group, open.get(group).rows)));
		}
		return due;
	}

	private boolean due(Group group, Instant now, boolean draining) {
		Instant closes = group.closesAt();
		if (closes == null) {
			return draining;
		}
		if (!watermark.isBefore(closes.plus(GRACE))) {
			return true;
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
	 * The journal rows that closing these groups leaves without a record in an open group, so they can be deleted
	 * in the same transaction. Changes nothing: {@link #closed} does, after the commit.
	 */
	List<Long> emptiedBy(List<Group> groups) {
		Map<Long, Integer> leaving = new HashMap<>();
		for (Group group : groups) {
			Open entry = open.get(group);
			for (HeldRow row : entry == null ? List.<HeldRow>of() : entry.rows) {
				leaving.merge(row.seq(), 1, Integer::sum);
			}
		}
		List<Long> emptied = new ArrayList<>();
		leaving.forEach((row, n) -> {
			if (live.getOrDefault(row, 0) <= n) {
				emptied.add(row);
			}
		});
		return emptied;
	}

	/**
	 * The journal rows that closing these groups leaves with records of groups still open, and those records, by row:
	 * the close writes each such row again with them alone, so that neither a restart nor a failed commit's re-read
	 * brings the closed groups' records back as a new, partial group.
	 */
	Map<Long, List<FlowEngine.Held>> keptIn(List<Group> groups) {
		Set<Long> touched = new java.util.HashSet<>();
		for (Group group : groups) {
			Open entry = open.get(group);
			for (HeldRow row : entry == null ? List.<HeldRow>of() : entry.rows) {
				touched.add(row.seq());
			}
		}
		touched.removeAll(emptiedBy(groups));
		if (touched.isEmpty()) {
			return Map.of();
		}
		Set<Group> closing = new java.util.HashSet<>(groups);
		Map<Long, List<FlowEngine.Held>> kept = new java.util.TreeMap<>();
		open.forEach((group, entry) -> {
			if (!closing.contains(group)) {
				for (HeldRow row : entry.rows) {
					if (touched.contains(row.seq())) {
						kept.computeIfAbsent(row.seq(), seq -> new ArrayList<>()).add(row.held());
					}
				}
			}
		});
		return kept;
	}

	/** A group whose combination has committed. */
	void closed(Group group) {
		Open entry = open.remove(group);
		List<HeldRow> rows = entry == null ? null : entry.rows;
		timeless.remove(group);
		Instant end = group.closesAt();
		if (end != null) {
			Set<Group> ending = byEnd.get(end);
			if (ending != null && ending.remove(group) && ending.isEmpty()) {
				byEnd.remove(end);
			}
		}
		if (rows != null) {
			for (HeldRow row : rows) {
				live.computeIfPresent(row.seq(), (seq, n) -> n > 1 ? n - 1 : null);
			}
		}
	}
}
