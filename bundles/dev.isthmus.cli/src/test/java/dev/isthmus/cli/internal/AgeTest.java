package dev.isthmus.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Ages as {@code --since}, {@code --until} and {@code --keep-traces} take them: {@code 2h30min} was "not a time" (review 35). */
class AgeTest {

	@Test
	void partsTogetherAreSummed() {
		assertEquals(Duration.ofMinutes(150), RunnerArguments.age("2h30min"));
		assertEquals(Duration.ofHours(36), RunnerArguments.age("1d12h"));
		assertEquals(Duration.ofSeconds(150), RunnerArguments.age("2m30s"));
		assertEquals(Duration.ofDays(7), RunnerArguments.age("7d"));
		assertEquals(Duration.ofMinutes(30), RunnerArguments.age("30min"));
	}

	@Test
	void whatIsNoAgeIsSaid() {
		assertFalse(RunnerArguments.isAge("2h30"));
		assertFalse(RunnerArguments.isAge("30mi"));
		assertEquals("'2h30' is not an age: use a number and s, m (or min, as the language writes it), h or d, such as 7d, 12h, 30min or 2h30min",
				assertThrows(IllegalArgumentException.class, () -> RunnerArguments.age("2h30")).getMessage());
		assertEquals("'3000000d1000000d' is too long an age: at most 3650000d (10,000 years)",
				assertThrows(IllegalArgumentException.class, () -> RunnerArguments.age("3000000d1000000d")).getMessage());
	}
}
