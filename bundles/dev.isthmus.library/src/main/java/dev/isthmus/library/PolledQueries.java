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
		String previous = null;
		for (String token : tokens(query)) {
			if (token.equals("LIMIT") || token.equals("TOP") || token.equals("OFFSET")) {
				return token;
			}
			if ("FETCH".equals(previous) && (token.equals("FIRST") || token.equals("NEXT"))) {
				return "FETCH " + token;
			}
			previous = token;
		}
		return null;
	}

	/**
	 * Whether {@code query} ends with a ';', comments after it aside ({@code … FROM T; -- done}): the runner polls it as a
	 * subquery, where no ';' may stand. A ';' inside a literal or a quoted name is no end.
	 */
	public static boolean endsWithSemicolon(String query) {
		java.util.List<String> tokens = tokens(query);
		return !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";");
	}

	/**
	 * The query's words (in capitals) and other characters, a token each, outside string literals, quoted names and
	 * comments; a literal or quoted name is one token of its opening quote. Empty for {@code null}.
	 */
	private static java.util.List<String> tokens(String query) {
		java.util.List<String> tokens = new java.util.ArrayList<>();
		int n = query == null ? 0 : query.length();
		int i = 0;
		while (i < n) {
			char c = query.charAt(i);
			if (c == '\'' || c == '"' || c == '`') {
				i = closing(query, i + 1, c);
				tokens.add(String.valueOf(c));
			} else if (c == '[') {
				i = closing(query, i + 1, ']');
				tokens.add("[");
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
				tokens.add(query.substring(start, i).toUpperCase(Locale.ROOT));
			} else {
				if (!Character.isWhitespace(c)) {
					tokens.add(String.valueOf(c));
				}
				i++;
			}
		}
		return tokens;
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
