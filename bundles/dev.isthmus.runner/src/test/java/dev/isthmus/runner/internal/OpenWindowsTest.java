package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.isthmus.engine.FlowEngine.Held;
import dev.isthmus.engine.Group;

/**
 * Records that come after their window closed: the group they open is reported, so that the runner logs it (a
 * review found a downstream upsert silently replacing a sum with the late record's alone).
 */
class OpenWindowsTest {

	private static final Duration HOUR = Duration.ofHours(1);

	@Test
	void aGroupOpenedAfterTheDataPassedItsWindowIsLate() {
		OpenWindows windows = new OpenWindows();
		Group nine = group("cus_1", "2026-11-01T09:00:00Z");
		assertEquals(List.of(), windows.add(Map.of(nine, List.of(row(1, "2026-11-01T09:10:00Z"))), Instant.EPOCH));
		Group ten = group("cus_1", "2026-11-01T10:00:00Z");
		assertEquals(List.of(), windows.add(Map.of(ten, List.of(row(2, "2026-11-01T10:20:00Z"))), Instant.EPOCH));
		// The windows are closed by the data's time (the 09:00 one is due: not closed here, so it stays open).
		assertEquals(List.of(nine), windows.due(Instant.parse("2026-11-01T10:21:00Z"), false).stream().map(Map.Entry::getKey).toList());
		// Within the grace period after 10:00 the 09:00 window would still take it: not late. Another customer's
		// 09:00 group opening now is (the data has reached 10:20, past 10:00 and its 5 minutes).
		assertEquals(List.of(), windows.add(Map.of(nine, List.of(row(3, "2026-11-01T09:30:00Z"))), Instant.EPOCH));
		Group otherNine = group("cus_2", "2026-11-01T09:00:00Z");
		assertEquals(List.of(otherNine), windows.add(Map.of(otherNine, List.of(row(4, "2026-11-01T09:40:00Z"))), Instant.EPOCH));
	}

	/**
	 * A drain closes no window until its sources are read: a group the data has passed is not late before its window
	 * was closed (review 23: a backfill's records out of time order made "late" groups).
	 */
	@Test
	void aGroupIsNotLateBeforeTheWindowsWereClosedByTheData() {
		OpenWindows windows = new OpenWindows();
		Group ten = group("cus_1", "2026-11-01T10:00:00Z");
		assertEquals(List.of(), windows.add(Map.of(ten, List.of(row(1, "2026-11-01T10:20:00Z"))), Instant.EPOCH));
		Group nine = group("cus_1", "2026-11-01T09:00:00Z");
		assertEquals(List.of(), windows.add(Map.of(nine, List.of(row(2, "2026-11-01T09:10:00Z"))), Instant.EPOCH));
		// A restart's journal says how far an earlier run closed them: a group before that is late.
		windows.reached(Instant.parse("2026-11-01T10:20:00Z"));
		Group otherNine = group("cus_2", "2026-11-01T09:00:00Z");
		assertEquals(List.of(otherNine), windows.add(Map.of(otherNine, List.of(row(3, "2026-11-01T09:40:00Z"))), Instant.EPOCH));
	}

	/**
	 * A drain closes no window by the data's time before it has read enough records to see how out of time order
	 * they come, then closes each window that much later than the latest time; its final close, by the clock, is the
	 * worker's. A running runner's windows close by the latest time (review 23: a backfill's records out of order made
	 * "late" groups, how many depending on --batch).
	 */
	@Test
	void aDrainClosesItsWindowsAsLateAsItsDataIsOutOfOrder() {
		OpenWindows windows = new OpenWindows();
		windows.reading(true);
		Instant now = Instant.parse("2026-11-01T20:00:00Z");
		Group thirteen = group("cus_1", "2026-11-01T13:00:00Z");
		Group ten = group("cus_1", "2026-11-01T10:00:00Z");
		windows.add(Map.of(thirteen, List.of(row(1, "2026-11-01T13:00:00Z"))), Instant.EPOCH);
		// The 10:00 window would have closed at 11:05 by the data: its record came 1 h 55 min after that.
		windows.add(Map.of(ten, List.of(row(2, "2026-11-01T10:00:00Z"))), Instant.EPOCH);
		assertEquals(Duration.parse("PT1H55M1S"), windows.disorder());
		// A record of the window before the latest one is not late (13:00 is before 12:00's close, 13:05): no later.
		Group twelve = group("cus_1", "2026-11-01T12:00:00Z");
		windows.add(Map.of(twelve, List.of(row(3, "2026-11-01T12:59:00Z"))), Instant.EPOCH);
		assertEquals(Duration.parse("PT1H55M1S"), windows.disorder());
		Group fourteen = group("cus_1", "2026-11-01T14:00:00Z");
		windows.add(Map.of(fourteen, List.of(row(4, "2026-11-01T14:10:00Z"))), Instant.EPOCH);
		assertEquals(List.of(), due(windows, now), "nothing closes by the data before the drain has read enough of it");

		List<OpenWindows.HeldRow> many = new java.util.ArrayList<>();
		for (int i = 0; i < OpenWindows.LEARNING; i++) {
			many.add(row(5, "2026-11-01T14:20:00Z"));
		}
		windows.add(Map.of(fourteen, many), Instant.EPOCH);
		// The latest time is 14:20, 1 h 55 min 1 s less is 12:24:59: the 10:00 window (over at 11:05) closes, the 12:00
		// one (13:05) waits, as does the 13:00 one.
		assertEquals(List.of(ten), due(windows, now));
		windows.reading(false);
		assertEquals(List.of(ten, twelve, thirteen), due(windows, now).stream().filter(g -> g != fourteen).toList());
	}

	private static List<Group> due(OpenWindows windows, Instant now) {
		return windows.due(now, false).stream().map(Map.Entry::getKey).toList();
	}

	private static Group group(String customer, String start) {
		return new Group(0, List.of(customer), Instant.parse(start), HOUR);
	}

	private static OpenWindows.HeldRow row(long seq, String at) {
		return new OpenWindows.HeldRow(seq, new Held(Map.of("window", Instant.parse(at)), 0, "c-" + seq));
	}
}
