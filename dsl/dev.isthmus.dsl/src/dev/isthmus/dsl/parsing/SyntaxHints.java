package dev.isthmus.dsl.parsing;

import java.util.Set;

import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenStream;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;

import com.google.inject.Inject;

/**
 * Syntax errors that say how to write what was meant, where the parser's words alone ("no viable alternative at
 * input 'Status'", "mismatched input ',' expecting '}'") leave a user guessing:
 * <ul>
 * <li>a name that is a keyword ({@code at : timestamp}, {@code at <- …}, {@code a.at}, {@code endpoint routed …},
 * {@code system A kind test}): write {@code ^at};</li>
 * <li>a type of the other vocabulary: a model's {@code String} in a record (whose types are the payload's, {@code
 * string}) and the reverse, or an enum or a model as a record field's type;</li>
 * <li>an enum's literals separated by commas;</li>
 * <li>an option in the wrong place: an endpoint's ({@code concurrency}, {@code auth}, …) in a flow target's
 * {@code [ … ]}, a flow's policy ({@code retry}, {@code dead-letter}) on an endpoint.</li>
 * </ul>
 * Terminals are said in words, not by their rules' names.
 */
public class SyntaxHints extends SyntaxErrorMessageProvider {

	private static final Set<String> AFTER_A_NAME = Set.of(":", "<-", "+=");
	private static final Set<String> BEFORE_A_NAME = Set.of(".", "?.");
	/**
	 * The words that declare a name ({@code endpoint routed …}, a review's case), as the grammar's rules read, and
	 * {@code kind}, which a system's kind follows ({@code system A kind test}, another review's case), and {@code package}
	 * and {@code import}, which a qualified name follows ({@code package outage}, review 27's).
	 */
	private static final Set<String> DECLARING = Set.of("package", "import", "model", "enum", "system", "record", "endpoint", "lookup", "calendar",
			"mapping", "flow", "scenario", "kind");

	@Inject
	private IGrammarAccess grammar;

	private Set<String> reserved;

	/**
	 * The parser names terminals by their rules ("extraneous input '-' expecting RULE_INT", a review's {@code concurrency
	 * -1}): said in words instead.
	 */
	private static final java.util.Map<String, String> TERMINALS = java.util.Map.of("RULE_INT", "a whole number", "RULE_STRING",
			"a quoted text", "RULE_ID", "a name", "RULE_DURATION", "a duration such as 30s, 5min, 2h or 7d", "RULE_QUOTED_NAME",
			"a `quoted name`");

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
		SyntaxErrorMessage message = inWords(super.getSyntaxErrorMessage(context));
		RecognitionException e = context.getRecognitionException();
		// The end of the input is a token without text.
		if (e == null || e.token == null || e.token.getText() == null || !(e.input instanceof TokenStream tokens)) {
			return message;
		}
		String hint = keywordAsName(tokens, e.token);
		if (hint == null) {
			hint = misplaced(tokens, e.token);
		}
		if (hint == null) {
			hint = misspeltKeyword(e.token.getText());
		}
		if (hint == null) {
			hint = usage(tokens, e.token);
		}
		return hint == null ? message : new SyntaxErrorMessage(message.getMessage() + ": " + hint, message.getIssueCode(), message.getIssueData());
	}

	private String keywordAsName(TokenStream tokens, Token token) {
		if (!reserved().contains(token.getText())) {
			return null;
		}
		String next = neighbour(tokens, token.getTokenIndex(), 1);
		String previous = neighbour(tokens, token.getTokenIndex(), -1);
		if ((next == null || !AFTER_A_NAME.contains(next))
				&& (previous == null || !BEFORE_A_NAME.contains(previous) && !DECLARING.contains(previous))) {
			return null;
		}
		return "'" + token.getText() + "' is a keyword; to use it as a name, write ^" + token.getText();
	}

	/** A record's field types, by the model type a user may have written instead. */
	private static final java.util.Map<String, String> RECORD_TYPE_OF = java.util.Map.of("String", "string", "Integer", "integer", "Long",
			"integer", "Decimal", "decimal", "Boolean", "boolean", "Date", "date", "Timestamp", "timestamp", "Duration", "string", "Currency",
			"string");
	/** A model's field types, by the record type a user may have written instead. */
	private static final java.util.Map<String, String> MODEL_TYPE_OF = java.util.Map.of("string", "String", "integer", "Long", "number",
			"Decimal", "decimal", "Decimal", "boolean", "Boolean", "date", "Date", "timestamp", "Timestamp");
	private static final String RECORD_TYPES = "string, integer, number, decimal, boolean, date, timestamp, an object { … } or a list [ … ]";
	/** Options an endpoint takes and a flow's target does not. */
	private static final Set<String> ENDPOINT_OPTIONS = Set.of("concurrency", "auth", "header", "signature", "cache");
	/** Policies a flow's target takes and an endpoint does not. */
	private static final Set<String> FLOW_POLICIES = Set.of("retry", "dead-letter");

	/** What to write instead of a word that belongs elsewhere; {@code null} when the token is none such. */
	private String misplaced(TokenStream tokens, Token token) {
		String word = token.getText();
		int at = token.getTokenIndex();
		String previous = neighbour(tokens, at, -1);
		String block = enclosing(tokens, at);
		if (":".equals(previous) && "record".equals(block)) {
			String lower = RECORD_TYPE_OF.get(word);
			if (lower != null) {
				return "a record's field types are its payload's, in lower case (" + RECORD_TYPES + "): write " + lower;
			}
			String meant = closest(word, MODEL_TYPE_OF.keySet());
			if (meant != null) {
				return "did you mean '" + meant + "'? A record field's type is one of " + RECORD_TYPES;
			}
			if (plainName(word)) {
				return "a record field's type is one of " + RECORD_TYPES + "; if '" + word + "' is an enum or a model, keep the field a string"
						+ " here and make it a " + word + " in a mapping (a lookup String -> " + word + ")";
			}
		}
		if (":".equals(previous) && "model".equals(block) && MODEL_TYPE_OF.containsKey(word)) {
			return "a model's field types are String, Integer, Long, Decimal, Boolean, Date, Timestamp, Duration, Currency, an enum or a model:"
					+ " write " + MODEL_TYPE_OF.get(word) + " (lower-case types are a record's)";
		}
		if ("record".equals(before(tokens, at, 2)) && "system".equals(block)) {
			String meant = closest(word, RECORD_FORMATS);
			return (meant == null ? "" : "did you mean '" + meant + "'? ") + "a record's format follows its name: json, ndjson, csv or form";
		}
		if ((ENDPOINT_OPTIONS.contains(word) || "rate".equals(word) || "timeout".equals(word)) && "system".equals(block)) {
			String written = optionsBeforeRecord(tokens, at);
			if (written != null) {
				return "an endpoint's options come after the record it receives or sends: write " + written;
			}
		}
		if (",".equals(word) && "enum".equals(block)) {
			return "an enum's literals are separated by spaces or line breaks, not commas: " + enumWithoutCommas(tokens, at);
		}
		if (ENDPOINT_OPTIONS.contains(word) && "flow".equals(block) && insideBrackets(tokens, at)) {
			return "'" + word + "' is an endpoint's option, not a flow's: a target's [ … ] takes retry, timeout, rate and dead-letter; write '"
					+ word + " …' on the endpoint, after its 'sends' record";
		}
		if (FLOW_POLICIES.contains(word) && "system".equals(block)) {
			return "'" + word + "' is a flow's policy, not an endpoint's: write it in the flow, on its target (to System.endpoint [" + word
					+ (word.equals("retry") ? " 3 times backoff exponential from 1s to 5min" : "") + "])";
		}
		return null;
	}

	private static final Set<String> RECORD_FORMATS = Set.of("json", "ndjson", "csv", "form");
	private static final Set<String> DIRECTIONS = Set.of("receives", "sends", "exchanges");

	/**
	 * The endpoint whose option at {@code at} comes before its direction and record ({@code endpoint in webhook "/in"
	 * signature none receives R}), written in order; {@code null} when the option is not before them on its line.
	 */
	private static String optionsBeforeRecord(TokenStream tokens, int at) {
		try {
			return optionsBeforeRecordOf(tokens, at);
		} catch (RuntimeException e) {
			return null; // a stream that has not read so far: the parser's message stands
		}
	}

	private static String optionsBeforeRecordOf(TokenStream tokens, int at) {
		int line = tokens.get(at).getLine();
		int start = at - 1;
		while (start >= 0 && !"endpoint".equals(text(tokens, start))) {
			if (tokens.get(start).getLine() != line || isDirection(text(tokens, start))) {
				return null;
			}
			start--;
		}
		int direction = at + 1;
		while (direction < tokens.size() - 1 && tokens.get(direction).getLine() == line && !isDirection(text(tokens, direction))) {
			direction++;
		}
		String record = neighbour(tokens, direction, 1);
		if (start < 0 || !isDirection(text(tokens, direction)) || record == null) {
			return null;
		}
		return words(tokens, start, at) + " " + text(tokens, direction) + " " + record + " " + words(tokens, at, direction);
	}

	private static boolean isDirection(String word) {
		return word != null && DIRECTIONS.contains(word);
	}

	/** The default channel's tokens from {@code from} up to {@code to} (exclusive), joined by spaces. */
	private static String words(TokenStream tokens, int from, int to) {
		java.util.StringJoiner joined = new java.util.StringJoiner(" ");
		for (int i = from; i < to; i++) {
			String text = text(tokens, i);
			if (text != null) {
				joined.add(text);
			}
		}
		return joined.toString();
	}

	/** The one word of {@code words} within a typo of {@code word} (one edit in four letters, at most two); else null. */
	private static String closest(String word, Set<String> words) {
		String best = null;
		int least = Integer.MAX_VALUE;
		boolean tie = false;
		for (String candidate : words) {
			int d = dev.isthmus.library.EditDistance.between(word.toLowerCase(java.util.Locale.ROOT), candidate);
			if (d < least) {
				least = d;
				best = candidate;
				tie = false;
			} else if (d == least) {
				tie = true;
			}
		}
		return best != null && !tie && least <= Math.max(1, Math.min(2, word.length() / 4)) ? best : null;
	}

	/**
	 * A word close to a keyword where the parser took no name ({@code deadletter}, {@code idempotant}): did you mean it?
	 * Only one keyword at the least distance is named, and only for words of four letters or more.
	 */
	private String misspeltKeyword(String word) {
		if (!plainName(word) || word.length() < 4) {
			return null;
		}
		// every keyword that reads as a word, 'dead-letter' too
		Set<String> words = new java.util.HashSet<>();
		for (String keyword : org.eclipse.xtext.GrammarUtil.getAllKeywords(grammar.getGrammar())) {
			if (keyword.length() >= 4 && keyword.matches("[A-Za-z][A-Za-z-]*")) {
				words.add(keyword);
			}
		}
		String best = closest(word, words);
		return best == null ? null : "did you mean '" + best + "'?";
	}

	/** How a flow's steps and policies are written, by their first word, for an error inside one. */
	private static final java.util.Map<String, String> USAGE = java.util.Map.of(
			"idempotent", "idempotent on <key> for <how long>, e.g. idempotent on id for 7d",
			"retry", "retry <n> times [backoff fixed|exponential from <duration> to <duration>], e.g. retry 5 times backoff exponential from 1s to 2min",
			"rate", "rate <n> per <duration>, e.g. rate 25 per 1s",
			"correlate", "correlate by <key>, e.g. correlate by customer",
			"ordered", "ordered by <key>, e.g. ordered by customer",
			"aggregate", "aggregate by <key>, … every <duration> { <field> <- sum(<value>) … }",
			"enrich", "enrich <field> with <expression> | call <System.endpoint>",
			"timeout", "timeout <duration>, e.g. timeout 10s");

	/** The form of the step or policy the error is in, when its line starts with one (see {@link #USAGE}). */
	private static String usage(TokenStream tokens, Token token) {
		String first = null;
		for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
			Token t;
			try {
				t = tokens.get(i);
			} catch (RuntimeException e) {
				return null;
			}
			if (t.getLine() != token.getLine()) {
				break;
			}
			if (t.getChannel() == Token.DEFAULT_CHANNEL) {
				first = t.getText();
			}
		}
		String usage = first == null ? null : USAGE.get(first);
		return usage == null ? null : "write " + usage;
	}

	/** Whether the word is a name the user chose: no keyword. */
	private boolean plainName(String word) {
		if (keywords == null) {
			keywords = Set.copyOf(Keywords.words(grammar.getGrammar()));
		}
		return word.matches("\\^?[A-Za-z_][A-Za-z0-9_]*") && !keywords.contains(word);
	}

	private Set<String> keywords;

	private static SyntaxErrorMessage inWords(SyntaxErrorMessage message) {
		String text = message.getMessage();
		if (text == null || !text.contains("RULE_")) {
			return message;
		}
		for (java.util.Map.Entry<String, String> terminal : TERMINALS.entrySet()) {
			text = text.replace(terminal.getKey(), terminal.getValue());
		}
		return new SyntaxErrorMessage(text, message.getIssueCode(), message.getIssueData());
	}

	/** Keywords that a name cannot be without ^. */
	private Set<String> reserved() {
		if (reserved == null) {
			Set<String> words = new java.util.HashSet<>(Keywords.words(grammar.getGrammar()));
			words.removeAll(Keywords.usableAsNames(grammar.getGrammar()));
			reserved = Set.copyOf(words);
		}
		return reserved;
	}

	/** The words that open a block of their own, as the grammar's declarations read. */
	private static final Set<String> BLOCKS = Set.of("record", "model", "enum", "system", "flow", "mapping", "scenario", "test", "lookup",
			"calendar");

	/**
	 * The declaring word of the innermost declaration whose braces hold the token ({@code record}, {@code model},
	 * {@code flow}, …), looking through a nested object's braces and a flow's inner blocks; {@code null} outside any.
	 */
	private static String enclosing(TokenStream tokens, int index) {
		int depth = 0;
		for (int i = index - 1; i >= 0; i--) {
			String text = text(tokens, i);
			if ("}".equals(text)) {
				depth++;
			} else if ("{".equals(text) && depth > 0) {
				depth--;
			} else if ("{".equals(text)) {
				// the words before an unmatched brace, as far as the previous brace: the declaration it opens
				for (int j = i - 1, seen = 0; j >= 0 && seen < 8; j--) {
					String before = text(tokens, j);
					if (before == null) {
						continue;
					}
					if ("{".equals(before) || "}".equals(before)) {
						break;
					}
					if (BLOCKS.contains(before)) {
						return before;
					}
					seen++;
				}
			}
		}
		return null;
	}

	/** Whether the token is inside a {@code [ … ]} opened since the innermost brace. */
	private static boolean insideBrackets(TokenStream tokens, int index) {
		int depth = 0;
		for (int i = index - 1; i >= 0; i--) {
			String text = text(tokens, i);
			if ("{".equals(text) || "}".equals(text)) {
				return false;
			} else if ("]".equals(text)) {
				depth++;
			} else if ("[".equals(text) && depth-- == 0) {
				return true;
			}
		}
		return false;
	}

	/** The enum that holds the token, written as it should be: {@code enum Status { OPEN PAID }}. */
	private static String enumWithoutCommas(TokenStream tokens, int index) {
		int open = index - 1;
		while (open > 0 && !"{".equals(text(tokens, open))) {
			open--;
		}
		StringBuilder written = new StringBuilder("enum ").append(neighbour(tokens, open, -1)).append(" {");
		for (int i = open + 1; i < tokens.size(); i++) {
			String text = text(tokens, i);
			if (text == null || ",".equals(text)) {
				continue;
			}
			if ("}".equals(text) || "{".equals(text) || BLOCKS.contains(text)) {
				break;
			}
			written.append(' ').append(text);
		}
		return written.append(" }").toString();
	}

	/** The text of the token at the index when it is on the default channel (no white space, no comment); else null. */
	private static String text(TokenStream tokens, int index) {
		try {
			Token token = tokens.get(index);
			return token.getChannel() == Token.DEFAULT_CHANNEL ? token.getText() : null;
		} catch (RuntimeException e) {
			return null; // a stream that has not read so far
		}
	}

	/** The text of the {@code n}th token on the default channel before {@code index}; {@code null} when there is none. */
	private static String before(TokenStream tokens, int index, int n) {
		for (int i = index - 1, seen = 0; i >= 0; i--) {
			String text = text(tokens, i);
			if (text != null && ++seen == n) {
				return text;
			}
		}
		return null;
	}

	/** The text of the nearest token on the default channel {@code step} away; {@code null} when there is none. */
	private static String neighbour(TokenStream tokens, int index, int step) {
		try {
			for (int i = index + step; i >= 0 && i < tokens.size(); i += step) {
				Token token = tokens.get(i);
				if (token.getChannel() == Token.DEFAULT_CHANNEL) {
					return token.getText();
				}
			}
		} catch (RuntimeException e) {
			// A stream that has not read so far: no hint, the parser's message stands.
		}
		return null;
	}
}
