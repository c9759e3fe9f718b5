package dev.isthmus.library;

import java.util.Locale;

/**
 * What a polled JDBC query may not contain. The runner reads a query in batches by its key itself
 * ({@code SELECT * FROM (query) Q WHERE key >= ? ORDER BY key}): a LIMIT (or FETCH FIRST/NEXT, TOP, OFFSET) inside
 * would return the same first rows at every poll, so the rest are never read and rows sharing a key value are cut
 * apart. Kept here, once, for the language's validator and the runner's configuration check alike.
 */
public final class PolledQueries {

	private PolledQueries() {
	}

	/**
	 * The first clause of {@code query} that limits its rows ({@code LIMIT}, {@code FETCH FIRST}, {@code FETCH NEXT},
	 * {@code TOP} or {@code OFFSET}, in capitals), or {@code null}: SQL words, in any case, outside string literals,
	 * quoted identifiers and comments ({@code limit_count} or {@code 'LIMIT'} are no clause).
	 */
	public static String pagingClause(String query) {
		if (query == null) {
			return null;
		}
		String previous = null;
		int i = 0;
		int n = query.length();
		while (i < n) {
			char c = query.charAt(i);
			if (c == '\'' || c == '"' || c == '`') {
				i = closing(query, i + 1, c);
			} else if (c == '[') {
				i = closing(query, i + 1, ']');
			} else if (c == '-' && query.startsWith("--", i)) {
				int end = query.indexOf('\n', i);
				i = end < 0 ? n : end + 1;
			} else if (c == '/' && query.startsWith("/*", i)) {
				int end = query.indexOf("*/", i + 2);
				i = end < 0 ? n : end + 2;
			} else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
				int start = i;
				while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '_' || query.charAt(i) == '$')) {
					i++;
				}
				String word = query.substring(start, i).toUpperCase(Locale.ROOT);
				if (word.equals("LIMIT") || word.equals("TOP") || word.equals("OFFSET")) {
					return word;
				}
				if ("FETCH".equals(previous) && (word.equals("FIRST") || word.equals("NEXT"))) {
					return "FETCH " + word;
				}
				previous = word;
			} else {
				if (!Character.isWhitespace(c)) {
					previous = null;
				}
				i++;
			}
		}
		return null;
	}

	/**
	 * Whether {@code query} ends with a ';', comments after it aside ({@code … FROM T; -- done}): the runner polls it as a
	 * subquery, where no ';' may stand. A ';' inside a literal or a quoted name is no end.
	 */
	public static boolean endsWithSemicolon(String query) {
		if (query == null) {
			return false;
		}
		char last = 0;
		int i = 0;
		int n = query.length();
		while (i < n) {
			char c = query.charAt(i);
			if (c == '\'' || c == '"' || c == '`') {
				i = closing(query, i + 1, c);
				last = c;
			} else if (c == '[') {
				i = closing(query, i + 1, ']');
				last = ']';
			} else if (c == '-' && query.startsWith("--", i)) {
				int end = query.indexOf('\n', i);
				i = end < 0 ? n : end + 1;
			} else if (c == '/' && query.startsWith("/*", i)) {
				int end = query.indexOf("*/", i + 2);
				i = end < 0 ? n : end + 2;
			} else {
				if (!Character.isWhitespace(c)) {
					last = c;
				}
				i++;
			}
		}
		return last == ';';
	}

	/** Where a literal or quoted name opened before {@code from} ends; a doubled quote inside is part of it. */
	private static int closing(String query, int from, char quote) {
		int i = from;
		while (i < query.length()) {
			if (query.charAt(i) == quote) {
				if (i + 1 < query.length() && query.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return query.length();
	}
}
