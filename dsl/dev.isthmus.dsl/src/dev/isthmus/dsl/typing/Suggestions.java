package dev.isthmus.dsl.typing;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/** "Did you mean …": the closest known name by edit distance, if it is close enough to be a typo. */
public final class Suggestions {

	private Suggestions() {
	}

	/** The closest candidate, or {@code null} when none is within a third of the name's length (at least 2). */
	public static String closest(String name, Collection<String> candidates) {
		int limit = Math.max(2, name.length() / 3);
		return candidates.stream().filter(c -> c != null && !c.equals(name))
				.map(c -> new Object[] { c, distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT)) })
				.filter(p -> (int) p[1] <= limit).min(Comparator.comparingInt(p -> (int) p[1]))
				.map(p -> (String) p[0]).orElse(null);
	}

	/** {@code "; did you mean 'x'?"} or the empty text. */
	public static String didYouMean(String name, Collection<String> candidates) {
		String best = closest(name, candidates);
		// A member that is no word is written as a source names it (`Order #`); a qualified name stays as it is.
		return best == null ? "" : "; did you mean '" + (best.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*") ? best : written(best)) + "'?";
	}

	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/** {@code name} as a source writes it where a name is read or mapped: in backticks when it is no word. */
	public static String written(String name) {
		return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name + "`";
	}
}
