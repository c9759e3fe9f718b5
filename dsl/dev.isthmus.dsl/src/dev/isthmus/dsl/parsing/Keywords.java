package dev.isthmus.dsl.parsing;

import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Grammar;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;

/** The grammar's keywords, and those the rule {@code Name} keeps usable as names without {@code ^}. */
final class Keywords {

	private Keywords() {
	}

	static Set<String> usableAsNames(Grammar grammar) {
		AbstractRule name = GrammarUtil.findRuleForName(grammar, "Name");
		return name == null ? Set.of()
				: GrammarUtil.containedKeywords(name).stream().map(Keyword::getValue).collect(Collectors.toUnmodifiableSet());
	}

	/** Keywords that are words ({@code at}, {@code from}), which a name can collide with. */
	static Set<String> words(Grammar grammar) {
		return GrammarUtil.getAllKeywords(grammar).stream().filter(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*"))
				.collect(Collectors.toUnmodifiableSet());
	}
}
