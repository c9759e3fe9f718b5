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
						.doc("The text in upper case (locale-independent).")
						.does1(t -> ((String) t).toUpperCase(Locale.ROOT)),
				fn("lower").param("text", STRING).returns(STRING)
						.doc("The text in lower case (locale-independent).")
						.does1(t -> ((String) t).toLowerCase(Locale.ROOT)),
				fn("trim").param("text", STRING).returns(STRING)
						.doc("The text without leading and trailing white space.")
						.does1(t -> ((String) t).strip()),
				fn("length").param("text", STRING).returns(LONG)
						.doc("The number of characters.")
						.does1(t -> (long) ((String) t).length()),
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
						.doc("The characters from start (0-based, inclusive) to end (exclusive), clamped to the text.")
						.does((context, args) -> {
							String text = (String) args.get(0);
							int start = clamp(args.get(1), text.length());
							return text.substring(start, Math.max(start, clamp(args.get(2), text.length())));
						}),
				fn("replace").param("text", STRING).param("target", STRING).param("replacement", STRING)
						.returns(STRING).doc("The text with every occurrence of target replaced.")
						.does((context, args) -> ((String) args.get(0)).replace((String) args.get(1),
								(String) args.get(2))),
				fn("startsWith").param("text", STRING).param("prefix", STRING).returns(BOOLEAN)
						.doc("Whether the text starts with the prefix.")
						.does2((t, p) -> ((String) t).startsWith((String) p)),
				fn("contains").param("text", STRING).param("part", STRING).returns(BOOLEAN)
						.doc("Whether the text contains the part.")
						.does2((t, p) -> ((String) t).contains((String) p)),
				fn("split").param("text", STRING).param("separator", STRING).returns(new IslType.ListType(STRING))
						.doc("The pieces between separators (the separator is plain text, not a pattern).")
						.does2((t, s) -> List.of(((String) t).split(java.util.regex.Pattern.quote((String) s), -1))),
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

	private static int clamp(Object index, int length) {
		return (int) Math.max(0, Math.min(length, ((Number) index).longValue()));
	}

	private static String text(Object value) {
		return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
	}

}
