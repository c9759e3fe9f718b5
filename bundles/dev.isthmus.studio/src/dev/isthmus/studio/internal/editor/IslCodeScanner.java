package dev.isthmus.studio.internal.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.NumberRule;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WhitespaceRule;
import org.eclipse.jface.text.rules.WordRule;

/**
 * Colours code by spelling as the user types (keywords and numbers), line by line, on the UI thread: cheap, so a
 * 5,000-line file stays responsive. What a name means (declaration, reference, type) comes later from the parse
 * ({@link IslSemanticHighlighter}) and is drawn over it.
 */
final class IslCodeScanner extends RuleBasedScanner {

	IslCodeScanner(Set<String> keywords) {
		configure(keywords);
	}

	void configure(Set<String> keywords) {
		IToken keyword = new Token(IslColors.attribute(IslColors.Kind.KEYWORD));
		IToken number = new Token(IslColors.attribute(IslColors.Kind.NUMBER));
		IToken plain = Token.UNDEFINED;
		WordRule words = new WordRule(new IWordDetector() {
			@Override
			public boolean isWordStart(char c) {
				return Character.isLetter(c) || c == '_' || c == '^';
			}

			@Override
			public boolean isWordPart(char c) {
				return Character.isLetterOrDigit(c) || c == '_' || c == '-';
			}
		}, plain);
		for (String word : keywords) {
			if (!word.isEmpty() && Character.isLetter(word.charAt(0))) {
				words.addWord(word, keyword);
			}
		}
		List<IRule> rules = new ArrayList<>();
		rules.add(new WhitespaceRule(Character::isWhitespace));
		rules.add(words);
		rules.add(new NumberRule(number));
		setRules(rules.toArray(IRule[]::new));
	}
}
