package dev.isthmus.dsl.tests;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.MappingRules;

/**
 * A quoted record field ({@code "Net Amount" : decimal}) is named in backticks where it is read or mapped; the
 * messages about such fields write them so (they suggested {@code add 'Net Amount <- …'}, which does not parse).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class QuotedNamesRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String mapping(String rules) {
		return "package acme\nsystem S kind erp {\n  record Row csv { \"Order ID\" : string, \"unit price\" : decimal }\n"
				+ "  record Line json { \"Order #\" : string, \"Net Amount\" : decimal }\n}\n"
				+ "mapping RowToLine : S.Row -> S.Line {\n" + rules + "}\n";
	}

	@Test
	void backtickedNamesAreReadAndMapped() throws Exception {
		fixture.none(mapping("  `Order #` <- `Order ID`\n  `Net Amount` <- `unit price` * 2\n"));
	}

	@Test
	void messagesWriteSuchNamesInBackticks() throws Exception {
		fixture.single(mapping("  `Order #` <- `Order ID`\n"), MappingRules.UNMAPPED_REQUIRED, 6,
				"required field 'Net Amount' of Line is not mapped; add '`Net Amount` <- …'");
		fixture.single(mapping("  `Order #` <- `Order ID`\n  `Net Amount` <- `unit prize`\n"), ExpressionTyper.UNKNOWN_NAME, 8,
				"did you mean '`unit price`'?");
	}
}
