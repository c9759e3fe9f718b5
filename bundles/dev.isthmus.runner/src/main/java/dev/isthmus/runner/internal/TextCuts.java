package dev.isthmus.runner.internal;

/**
 * The start of a user's text, cut for a message, a log excerpt or a journal column. Java counts UTF-16 code units,
 * in which a character beyond U+FFFF (an emoji) is two; a cut between them leaves half a character, which no encoding
 * writes: a reason, an excerpt or a dead letter showed a broken character, or could not be written as UTF-8 at all.
 */
final class TextCuts {

	private TextCuts() {
	}

	/** At most {@code units} UTF-16 units of {@code text}, one fewer where the cut would part a surrogate pair. */
	static String start(String text, int units) {
		if (text.length() <= units) {
			return text;
		}
		int end = units > 0 && Character.isHighSurrogate(text.charAt(units - 1)) && Character.isLowSurrogate(text.charAt(units))
				? units - 1 : units;
		return text.substring(0, end);
	}
}
