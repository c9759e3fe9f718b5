package dev.isthmus.dsl.parsing;

import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Names written {@code ^at} are the name {@code at}: the escape only gets a keyword past the parser. ID alone drops
 * the {@code ^}, but a name is the datatype rule {@code Name} (ID or a keyword kept usable), whose value would keep
 * it, so a record field {@code ^at} reached the configuration, and the runner, as {@code "^at"}. Written back, a
 * keyword that is no {@code Name} gets its {@code ^} again. A name in backticks ({@code `Customer Name`}, for a
 * quoted record field) is the text between them, and a name that is no word is written back in backticks.
 */
public class EscapedNames extends DefaultTerminalConverters {

	private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private Set<String> keywords;

	@ValueConverter(rule = "Name")
	public IValueConverter<String> Name() {
		return converter(false);
	}

	@ValueConverter(rule = "QualifiedName")
	public IValueConverter<String> QualifiedName() {
		return converter(true);
	}

	/** A called function's name: {@code ^length(name)} is {@code length}, and {@code length} is written back plain. */
	@ValueConverter(rule = "FunctionName")
	public IValueConverter<String> FunctionName() {
		return converter(false, "FunctionName");
	}

	@ValueConverter(rule = "QualifiedNameWithWildcard")
	public IValueConverter<String> QualifiedNameWithWildcard() {
		return converter(true);
	}

	private IValueConverter<String> converter(boolean qualified) {
		return converter(qualified, "Name");
	}

	/** {@code rule} names the rule whose keywords need no {@code ^}. */
	private IValueConverter<String> converter(boolean qualified, String rule) {
		return new AbstractNullSafeConverter<>() {
			@Override
			protected String internalToValue(String text, INode node) {
				if (text.indexOf('`') >= 0) {
					return text.replace("`", "");
				}
				return qualified ? text.replaceAll("(^|\\.)\\^", "$1") : text.startsWith("^") ? text.substring(1) : text;
			}

			@Override
			protected String internalToString(String value) {
				if (!qualified) {
					return escaped(value, rule);
				}
				StringBuilder out = new StringBuilder();
				for (String segment : value.split("\\.", -1)) {
					out.append(out.isEmpty() ? "" : ".").append(escaped(segment, rule));
				}
				return out.toString();
			}
		};
	}

	private String escaped(String segment, String rule) {
		if (!WORD.matcher(segment).matches() && !segment.isEmpty()) {
			return "`" + segment + "`";
		}
		return WORD.matcher(segment).matches() && keywords().contains(segment) && !Keywords.usableAs(getGrammar(), rule).contains(segment)
				? "^" + segment : segment;
	}

	private Set<String> keywords() {
		if (keywords == null) {
			keywords = GrammarUtil.getAllKeywords(getGrammar());
		}
		return keywords;
	}
}
