package dev.isthmus.library;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the language writes them: {@code 300ms}, {@code 2s}, {@code 5min}, {@code 1h}, {@code 30d}, {@code 2h30min}. */
public final class Durations {

	private static final Pattern PART = Pattern.compile("(\\d+)(ms|min|s|h|d)");

	private Durations() {
	}

	/** The duration a literal spells; {@link IllegalArgumentException} if it spells none. */
	public static Duration parse(String text) {
		Matcher m = PART.matcher(text == null ? "" : text);
		Duration total = Duration.ZERO;
		int end = 0;
		while (m.find() && m.start() == end) {
			long n = Long.parseLong(m.group(1));
			total = total.plus(switch (m.group(2)) {
				case "ms" -> Duration.ofMillis(n);
				case "s" -> Duration.ofSeconds(n);
				case "min" -> Duration.ofMinutes(n);
				case "h" -> Duration.ofHours(n);
				default -> Duration.ofDays(n);
			});
			end = m.end();
		}
		if (end == 0 || end != text.length()) {
			throw new IllegalArgumentException("'" + text + "' is not a duration such as 300ms, 2s, 5min, 1h or 30d");
		}
		return total;
	}
}
