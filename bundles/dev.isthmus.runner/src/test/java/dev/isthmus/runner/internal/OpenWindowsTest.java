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
		// Within the grace period after 10:00 the 09:00 window would still take it: not late. Another customer's
		// 09:00 group opening now is (the data has reached 10:20, past 10:00 and its 5 minutes).
		assertEquals(List.of(), windows.add(Map.of(nine, List.of(row(3, "2026-11-01T09:30:00Z"))), Instant.EPOCH));
		Group otherNine = group("cus_2", "2026-11-01T09:00:00Z");
		assertEquals(List.of(otherNine), windows.add(Map.of(otherNine, List.of(row(4, "2026-11-01T09:40:00Z"))), Instant.EPOCH));
	}

	private static Group group(String customer, String start) {
		return new Group(0, List.of(customer), Instant.parse(start), HOUR);
	}

	private static OpenWindows.HeldRow row(long seq, String at) {
		return new OpenWindows.HeldRow(seq, new Held(Map.of("window", Instant.parse(at)), 0, "c-" + seq));
	}
}
