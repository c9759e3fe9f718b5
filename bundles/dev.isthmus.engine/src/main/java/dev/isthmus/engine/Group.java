package dev.isthmus.engine;

import java.time.Instant;
import java.util.List;

/** The group a held record joins: the step, the values of its keys and the start and length of its window. */
public final class Group {
	private final int step;
	/**
	 * An array, compared by {@link java.util.Arrays#equals}: a group is found in a map once or twice per record,
	 * and comparing through an unmodifiable list's iterators showed in the runner's profile.
	 */
	private final Object[] keys;
	/**
	 * The keys as compared: a decimal by its value, not its scale ({@code 1.50} and {@code 1.5} are one group, as they
	 * are one number; BigDecimal's own equals tells them apart). The keys themselves stay as they came.
	 */
	private final Object[] compared;
	private final Object windowStart;
	private final java.time.Duration window;
	/**
	 * Kept: a group is looked up in maps several times per record (open windows, rows to delete), and hashing its
	 * values each time showed in profiles.
	 */
	private final int hash;

	public Group(int step, List<Object> keys, Object windowStart, java.time.Duration window) {
		this.step = step;
		this.keys = keys.toArray();
		this.compared = compared(this.keys);
		this.windowStart = windowStart;
		this.window = window;
		this.hash = java.util.Objects.hash(step, java.util.Arrays.hashCode(this.compared), windowStart, window);
	}

	private static Object[] compared(Object[] keys) {
		Object[] compared = keys;
		for (int i = 0; i < keys.length; i++) {
			if (keys[i] instanceof java.math.BigDecimal d) {
				if (compared == keys) {
					compared = keys.clone();
				}
				java.math.BigDecimal value = d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros();
				compared[i] = value.scale() <= 0 && value.precision() - value.scale() <= 18 ? (Object) value.longValueExact() : value;
			}
		}
		return compared;
	}

	public int step() {
		return step;
	}

	public List<Object> keys() {
		return java.util.Collections.unmodifiableList(java.util.Arrays.asList(keys));
	}

	public Object windowStart() {
		return windowStart;
	}

	public java.time.Duration window() {
		return window;
	}

	/** When the window closes; {@code null} when the records carry no timestamp (the group closes at drain). */
	public Instant closesAt() {
		return windowStart instanceof Instant start ? start.plus(window) : null;
	}

	@Override
	public int hashCode() {
		return hash;
	}

	@Override
	public boolean equals(Object o) {
		return o == this || o instanceof Group g && g.hash == hash && g.step == step && java.util.Arrays.equals(g.compared, compared)
				&& java.util.Objects.equals(g.windowStart, windowStart) && java.util.Objects.equals(g.window, window);
	}

	@Override
	public String toString() {
		return "Group[step=" + step + ", keys=" + keys() + ", windowStart=" + windowStart + ", window=" + window + "]";
	}
}
