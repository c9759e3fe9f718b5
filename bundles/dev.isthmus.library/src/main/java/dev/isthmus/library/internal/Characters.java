package dev.isthmus.library.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A text's characters, counted as Unicode code points: what {@code length}, {@code substring}, and {@code split} and
 * {@code replace} with empty text count. Java counts UTF-16 code units, in which an emoji is two; cutting between
 * them leaves half a character that no encoding can write, and the runner then refuses the record at delivery.
 * Code points rather than graphemes (what a reader sees as one character: e + a combining accent, a flag, a family
 * joined by ZWJs) because they never make invalid text either, cost one pass, and do not change with the JDK's
 * Unicode version: a mapping gives the same text after an upgrade. They also match what PostgreSQL's and MySQL's
 * VARCHAR(n) and JSON Schema's maxLength count, which a truncation usually aims at.
 */
final class Characters {

	private Characters() {
	}

	static long length(String text) {
		return text.codePointCount(0, text.length());
	}

	/** Characters start (inclusive) to end (exclusive), both clamped to the text; empty when end is before start. */
	static String between(String text, long start, long end) {
		int count = text.codePointCount(0, text.length());
		int from = clamp(start, count);
		int to = Math.max(from, clamp(end, count));
		int fromIndex = text.offsetByCodePoints(0, from);
		return text.substring(fromIndex, text.offsetByCodePoints(fromIndex, to - from));
	}

	/** Each character a piece of its own; the empty text is one empty piece, as for any other separator. */
	static List<String> each(String text) {
		if (text.isEmpty()) {
			return List.of("");
		}
		List<String> pieces = new ArrayList<>(text.length());
		text.codePoints().forEach(c -> pieces.add(Character.toString(c)));
		return List.copyOf(pieces);
	}

	/** The replacement before each character and at the end, as String.replace("", r) does between code units. */
	static String around(String text, String replacement) {
		StringBuilder out = new StringBuilder(text.length() + (text.length() + 1) * replacement.length());
		text.codePoints().forEach(c -> out.append(replacement).appendCodePoint(c));
		return out.append(replacement).toString();
	}

	private static int clamp(long index, int count) {
		return (int) Math.max(0, Math.min(count, index));
	}
}
