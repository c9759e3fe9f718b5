package dev.isthmus.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The text functions count characters as Unicode code points, as their documentation says, so that no function
 * cuts an emoji (two UTF-16 code units) in two: the runner would refuse such a record at delivery as a dead letter.
 * Combining sequences and flags are several code points and count as such.
 */
class TextCharactersTest {

	private static final String THUMBS_UP = "\uD83D\uDC4D"; // 👍, one code point, two UTF-16 code units
	private static final String E_ACUTE_COMBINED = "e\u0301"; // é as e + COMBINING ACUTE ACCENT
	private static final String FLAG_DE = "\uD83C\uDDE9\uD83C\uDDEA"; // 🇩🇪, two regional indicators
	private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧 with ZWJs

	private static final CallContext CONTEXT = new CallContext() {
		@Override
		public Instant now() {
			return Instant.parse("2026-12-10T12:00:00Z");
		}

		@Override
		public AccountingCalendar calendar() {
			throw new AssertionError("text functions need no calendar");
		}
	};

	private static Object call(String name, Object... args) {
		FunctionDeclaration f = StandardLibrary.resolve(name, args.length);
		assertTrue(f != null, "no " + name + "/" + args.length);
		return f.implementation().apply(CONTEXT, Arrays.asList(args));
	}

	@Test
	void lengthCountsAnEmojiAsOneCharacter() {
		assertEquals(1L, call("length", THUMBS_UP));
		assertEquals(5L, call("length", "Zo" + THUMBS_UP + "ë!"));
		assertEquals(0L, call("length", ""));
	}

	@Test
	void lengthCountsEachCodePointOfACombiningSequenceFlagOrFamily() {
		assertEquals(2L, call("length", E_ACUTE_COMBINED));
		assertEquals(1L, call("length", "\u00e9"), "é precomposed is one code point");
		assertEquals(2L, call("length", FLAG_DE));
		assertEquals(5L, call("length", FAMILY), "three people and two zero-width joiners");
	}

	@Test
	void aTruncationEndingAtAnEmojiKeepsItWhole() {
		String name = "x".repeat(39) + THUMBS_UP + "tail";
		assertEquals("x".repeat(39) + THUMBS_UP, call("substring", name, 0L, 40L));
		assertEquals("x".repeat(39), call("substring", name, 0L, 39L));
		assertEquals(THUMBS_UP + "t", call("substring", name, 39L, 41L));
		assertEquals("tail", call("substring", name, 40L, 100L));
	}

	@Test
	void substringCountsInCodePointsAndStillClampsToTheText() {
		String text = THUMBS_UP + THUMBS_UP + "ab";
		assertEquals(THUMBS_UP, call("substring", text, 1L, 2L));
		assertEquals(text, call("substring", text, -5L, 99L));
		assertEquals("", call("substring", text, 3L, 1L), "an end before the start gives empty text");
		assertEquals("", call("substring", text, 9L, 12L));
		assertEquals("b", call("substring", text, 3L, 4L));
	}

	@Test
	void substringMaySeparateTheCodePointsOfOneGraphemeButEachPartIsValidText() {
		assertEquals("e", call("substring", E_ACUTE_COMBINED, 0L, 1L));
		assertEquals("\uD83C\uDDE9", call("substring", FLAG_DE, 0L, 1L), "one whole regional indicator");
		assertEquals("\uD83D\uDC68\u200D", call("substring", FAMILY, 0L, 2L));
		for (String text : List.of(E_ACUTE_COMBINED, FLAG_DE, FAMILY)) {
			long length = (Long) call("length", text);
			for (long end = 0; end <= length; end++) {
				assertWholeCharacters((String) call("substring", text, 0L, end));
				assertWholeCharacters((String) call("substring", text, end, length));
			}
		}
	}

	@Test
	void splitOnEmptyTextGivesTheCharactersWhole() {
		assertEquals(List.of("a", THUMBS_UP, "b"), call("split", "a" + THUMBS_UP + "b", ""));
		assertEquals(List.of("a", "b"), call("split", "ab", ""));
		assertEquals(List.of(""), call("split", "", ""));
		assertEquals(List.of("Zo" + THUMBS_UP, "x"), call("split", "Zo" + THUMBS_UP + "|x", "|"));
		assertEquals(List.of("a", "b"), call("split", "a" + THUMBS_UP + "b", THUMBS_UP));
	}

	@Test
	void replaceOfEmptyTextPutsTheReplacementBetweenWholeCharacters() {
		assertEquals("-a-" + THUMBS_UP + "-b-", call("replace", "a" + THUMBS_UP + "b", "", "-"));
		assertEquals("-a-b-", call("replace", "ab", "", "-"));
		assertEquals("-", call("replace", "", "", "-"));
		assertEquals("a:)b", call("replace", "a" + THUMBS_UP + "b", THUMBS_UP, ":)"));
	}

	@Test
	void caseMappingKeepsEmojiWholeAndMayChangeTheLength() {
		assertEquals("ZO" + THUMBS_UP, call("upper", "zo" + THUMBS_UP));
		assertEquals("STRASSE", call("upper", "stra\u00dfe"), "full Unicode case mapping: ß becomes SS");
		assertEquals("\uD801\uDC00", call("upper", "\uD801\uDC28"), "a letter outside the BMP keeps both halves");
		assertEquals("zo" + THUMBS_UP, call("lower", "ZO" + THUMBS_UP));
	}

	@Test
	void theOtherTextFunctionsNeverLookAtHalvesOfWholeText() {
		assertEquals(THUMBS_UP, call("trim", " \t" + THUMBS_UP + "\n"));
		assertEquals(true, call("startsWith", THUMBS_UP + "x", THUMBS_UP));
		assertEquals(true, call("contains", "a" + FLAG_DE + "b", FLAG_DE));
		assertEquals(false, call("contains", "a" + THUMBS_UP, "\uD83D\uDC4E"), "👎 shares its first half with 👍");
	}

	private static void assertWholeCharacters(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				assertTrue(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)),
						"a first half without its second in " + text.codePoints().mapToObj(Integer::toHexString).toList());
				i++;
			} else {
				assertTrue(!Character.isLowSurrogate(c), "a second half without its first at " + i);
			}
		}
	}
}
