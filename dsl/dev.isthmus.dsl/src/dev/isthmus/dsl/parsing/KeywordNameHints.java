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
 * A name that is a keyword ({@code at : timestamp}, {@code at <- …}, {@code a.at}, {@code endpoint routed …},
 * {@code system A kind test}) fails
 * to parse with a bare "mismatched input 'at'" (or "no viable alternative"); the message then says how to write it:
 * {@code ^at}.
 */
public class KeywordNameHints extends SyntaxErrorMessageProvider {

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
		if (e == null || e.token == null || e.token.getText() == null || !(e.input instanceof TokenStream tokens)
				|| !reserved().contains(e.token.getText())) {
			return message;
		}
		String next = neighbour(tokens, e.token.getTokenIndex(), 1);
		String previous = neighbour(tokens, e.token.getTokenIndex(), -1);
		if ((next == null || !AFTER_A_NAME.contains(next))
				&& (previous == null || !BEFORE_A_NAME.contains(previous) && !DECLARING.contains(previous))) {
			return message;
		}
		String word = e.token.getText();
		return new SyntaxErrorMessage(message.getMessage() + ": '" + word + "' is a keyword; to use it as a name, write ^" + word,
				message.getIssueCode(), message.getIssueData());
	}

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
