package dev.isthmus.library.internal;

import static dev.isthmus.library.IslType.BOOLEAN;
import static dev.isthmus.library.IslType.DECIMAL;
import static dev.isthmus.library.IslType.INTEGER;
import static dev.isthmus.library.IslType.LONG;
import static dev.isthmus.library.IslType.STRING;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.IslType;

/** Strings. */
final class TextFunctions {

	private static final String GROUP = "Text";
	private static final IslType ANY_VALUE = new IslType.Variable("T", false);

	private TextFunctions() {
	}

	static List<FunctionDeclaration> all() {
		return List.of(
				fn("upper").param("text", STRING).returns(STRING)
						.doc("The text in upper case (locale-independent), by Unicode's full case mapping: its length may "
								+ "change, upper(\"stra\u00dfe\") is \"STRASSE\": cut with substring after upper, not before.")
						.does1(t -> ((String) t).toUpperCase(Locale.ROOT)),
				fn("lower").param("text", STRING).returns(STRING)
						.doc("The text in lower case (locale-independent), by Unicode's full case mapping: its length may "
								+ "change.")
						.does1(t -> ((String) t).toLowerCase(Locale.ROOT)),
				fn("trim").param("text", STRING).returns(STRING)
						.doc("The text without leading and trailing white space.")
						.does1(t -> ((String) t).strip()),
				fn("length").param("text", STRING).returns(LONG)
						.doc("The number of characters, counted as Unicode code points: length(\"\uD83D\uDC4D\") is 1. A letter "
								+ "with a combining accent (e + U+0301), a flag (\uD83C\uDDE9\uD83C\uDDEA) or an emoji "
								+ "joined with ZWJs counts each of its code points.")
						.does1(t -> Characters.length((String) t)),
				fn("concat").param("part", STRING).variadic().returns(STRING).keepsNulls()
						.doc("The parts joined; a missing part counts as empty text.")
						.does((context, args) -> {
							// A loop, not a stream: concat runs for most records of most mappings.
							StringBuilder joined = new StringBuilder();
							for (Object part : args) {
								if (part != null) {
									joined.append(part);
								}
							}
							return joined.toString();
						}),
				fn("substring").param("text", STRING).param("start", INTEGER).param("end", INTEGER).returns(STRING)
						.doc("The characters from start (0-based, inclusive) to end (exclusive), clamped to the text, counted as "
								+ "length counts them: an emoji is never cut in two, but a cut may part an accent from its letter "
								+ "or the two code points of a flag.")
						.does((context, args) -> Characters.between((String) args.get(0),
								((Number) args.get(1)).longValue(), ((Number) args.get(2)).longValue())),
				fn("replace").param("text", STRING).param("target", STRING).param("replacement", STRING)
						.returns(STRING).doc("The text with every occurrence of target replaced; an empty target puts the "
								+ "replacement before every character and at the end.")
						.does((context, args) -> replace((String) args.get(0), (String) args.get(1), (String) args.get(2))),
				fn("startsWith").param("text", STRING).param("prefix", STRING).returns(BOOLEAN)
						.doc("Whether the text starts with the prefix.")
						.does2((t, p) -> ((String) t).startsWith((String) p)),
				fn("contains").param("text", STRING).param("part", STRING).returns(BOOLEAN)
						.doc("Whether the text contains the part.")
						.does2((t, p) -> ((String) t).contains((String) p)),
				fn("split").param("text", STRING).param("separator", STRING).returns(new IslType.ListType(STRING))
						.doc("The pieces between separators (the separator is plain text, not a pattern); an empty separator "
								+ "gives each character as a piece.")
						.does2((t, s) -> split((String) t, (String) s)),
				fn("toString").param("value", ANY_VALUE).returns(STRING)
						.doc("The value as text: decimals in plain notation, timestamps in ISO 8601.")
						.does1(TextFunctions::text),
				fn("format").param("value", ANY_VALUE).returns(STRING)
						.doc("The value as a person reads it: decimals with their scale, e.g. 1250.00.")
						.does1(TextFunctions::text),
				fn("name").param("value", ANY_VALUE).returns(STRING)
						.doc("The name of an enum literal, e.g. name(DE01) is \"DE01\".")
						.does1(TextFunctions::text),
				fn("parseInteger").param("text", STRING).returns(LONG.optional())
						.doc("The whole number the text spells, or null if it spells none.")
						.does1(t -> {
							try {
								return Long.parseLong(((String) t).strip());
							} catch (NumberFormatException e) {
								return null;
							}
						}),
				fn("parseDecimal").param("text", STRING).returns(DECIMAL.optional())
						.doc("The decimal number the text spells (a dot separates the fraction), or null if none.")
						.does1(t -> {
							try {
								return new BigDecimal(((String) t).strip());
							} catch (NumberFormatException e) {
								return null;
							}
						}));
	}

	private static Declare fn(String name) {
		return Declare.fn(GROUP, name);
	}

	// An empty target or separator matches between UTF-16 code units, so Java's own would cut an emoji in two.
	private static String replace(String text, String target, String replacement) {
		return target.isEmpty() ? Characters.around(text, replacement) : text.replace(target, replacement);
	}

	private static List<String> split(String text, String separator) {
		return separator.isEmpty() ? Characters.each(text)
				: List.of(text.split(java.util.regex.Pattern.quote(separator), -1));
	}

	private static String text(Object value) {
		return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
	}

}
