package dev.isthmus.dsl.validation;

import java.time.Duration;

import dev.isthmus.library.Durations;

/**
 * The bounds of durations and rates that the generated configuration's schema and the runner demand, shared by flow
 * policies and endpoint options: a value validate lets through must be one the generator can write and the runner
 * can use. Each check answers what is wrong and what to write instead, or {@code null}.
 */
final class PolicyBounds {

	/** A rate's count is an int in the configuration (at least 1, says its JSON Schema). */
	static final long MOST = Integer.MAX_VALUE;

	private PolicyBounds() {
	}

	/** The duration a literal spells; {@code null} for one too large to count (the parser made sure of its form). */
	static Duration duration(String literal) {
		try {
			return Durations.parse(literal);
		} catch (RuntimeException e) {
			// NumberFormatException for more digits than a long, ArithmeticException past Duration's range.
			return null;
		}
	}

	/** What is wrong with {@code literal} as a duration longer than 0 ({@code what}, e.g. "a timeout"). */
	static String notPositive(String literal, String what, String example) {
		if (literal == null) {
			return null;
		}
		Duration duration = duration(literal);
		if (duration == null) {
			return what + " of " + literal + " is too long to count; write a shorter one, e.g. " + example;
		}
		return duration.isZero() ? what + " must be longer than 0; write e.g. " + example : null;
	}

	/** What is wrong with {@code literal} as the count of {@code rate N per window}. */
	static String rateCount(String literal, String window) {
		if (literal == null) {
			return null;
		}
		String per = window == null ? "1s" : window;
		long count;
		try {
			count = Long.parseLong(literal);
		} catch (NumberFormatException e) {
			count = Long.MAX_VALUE;
		}
		if (count < 1) {
			return "a rate of 0 lets nothing through; write at least 1, e.g. rate 1 per " + per
					+ ", or leave the rate out for no limit";
		}
		if (count > MOST) {
			return "a rate counts at most " + MOST + " records per window, not " + literal
					+ "; write a smaller count, or leave the rate out for no limit";
		}
		return null;
	}
}
