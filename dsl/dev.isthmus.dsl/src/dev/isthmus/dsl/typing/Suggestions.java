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
				.map(c -> new Object[] { c, dev.isthmus.library.EditDistance.between(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT)) })
				.filter(p -> (int) p[1] <= limit).min(Comparator.comparingInt(p -> (int) p[1]))
				.map(p -> (String) p[0]).orElse(null);
	}

	/** {@code "; did you mean 'x'?"} or the empty text. */
	public static String didYouMean(String name, Collection<String> candidates) {
		String best = closest(name, candidates);
		// A member that is no word is written as a source names it (`Order #`); a qualified name stays as it is.
		return best == null ? "" : "; did you mean '" + (best.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*") ? best : written(best)) + "'?";
	}

	/** {@code name} as a source writes it where a name is read or mapped: in backticks when it is no word. */
	public static String written(String name) {
		return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name + "`";
	}
}
