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
		return usableAs(grammar, "Name");
	}

	/** The keywords the datatype rule {@code rule} reads as a name, its own and those of the rules it calls. */
	static Set<String> usableAs(Grammar grammar, String rule) {
		AbstractRule found = GrammarUtil.findRuleForName(grammar, rule);
		if (found == null) {
			return Set.of();
		}
		Set<String> words = new java.util.HashSet<>();
		GrammarUtil.containedKeywords(found).forEach(k -> words.add(k.getValue()));
		for (org.eclipse.xtext.RuleCall call : GrammarUtil.containedRuleCalls(found)) {
			if (call.getRule() != found && call.getRule() instanceof org.eclipse.xtext.ParserRule) {
				words.addAll(usableAs(grammar, call.getRule().getName()));
			}
		}
		return Set.copyOf(words);
	}

	/** Keywords that are words ({@code at}, {@code from}), which a name can collide with. */
	static Set<String> words(Grammar grammar) {
		return GrammarUtil.getAllKeywords(grammar).stream().filter(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*"))
				.collect(Collectors.toUnmodifiableSet());
	}
}
