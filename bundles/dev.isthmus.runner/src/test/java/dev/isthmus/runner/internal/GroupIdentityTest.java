package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.isthmus.engine.Group;

/**
 * A group's identity makes its deliveries' idempotency keys, so it must stay the text that {@code List.toString} and
 * {@code Instant.toString} wrote before it was built directly: a group closed again after an upgrade and a restart
 * would otherwise be delivered twice.
 */
class GroupIdentityTest {

	private static String asBefore(Group group) {
		return "group:" + group.step() + ":" + group.keys() + ":" + group.windowStart();
	}

	@Test
	void isTheTextListAndInstantWrite() {
		Random random = new Random(20261206L);
		for (int i = 0; i < 10_000; i++) {
			// Instants across the fast path's range and past it, with and without fractions of each length.
			long seconds = random.nextLong(-62_000_000_000L, 300_000_000_000L);
			int nanos = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant at = Instant.ofEpochSecond(seconds, nanos);
			Group group = new Group(i % 3, Arrays.asList("cus_" + i, at, null, new BigDecimal("1.50"), LocalDate.of(2026, 12, 6), 42L, "a, b]"),
					at, Duration.ofHours(1));
			assertEquals(asBefore(group), OpenWindows.identity(group));
		}
		Group timeless = new Group(0, List.of(), null, Duration.ofHours(1));
		assertEquals(asBefore(timeless), OpenWindows.identity(timeless));
		Group dated = new Group(1, List.of("x"), LocalDate.of(2026, 1, 31), Duration.ofDays(1));
		assertEquals(asBefore(dated), OpenWindows.identity(dated));
	}

	/** A decimal key is one group by its value: 1.50 and 1.5 (a review saw two results for one customer). */
	@Test
	void decimalKeysAreComparedByValue() {
		Instant at = Instant.parse("2026-12-06T10:00:00Z");
		Group a = new Group(0, Arrays.asList("c 1", new BigDecimal("1.50")), at, Duration.ofHours(1));
		Group b = new Group(0, Arrays.asList("c 1", new BigDecimal("1.5")), at, Duration.ofHours(1));
		assertEquals(a, b);
		assertEquals(a.hashCode(), b.hashCode());
		assertEquals(new Group(0, List.of(2L), null, Duration.ofHours(1)), new Group(0, List.of(new BigDecimal("2.00")), null, Duration.ofHours(1)));
		org.junit.jupiter.api.Assertions.assertNotEquals(a, new Group(0, Arrays.asList("c 1", new BigDecimal("1.51")), at, Duration.ofHours(1)));
		assertEquals(List.of("c 1", new BigDecimal("1.50")), a.keys(), "the keys stay as they came");
	}
}
