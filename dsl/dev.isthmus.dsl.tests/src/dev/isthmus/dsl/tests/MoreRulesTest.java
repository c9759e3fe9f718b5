package dev.isthmus.dsl.tests;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.MappingRules;
import dev.isthmus.dsl.validation.FlowValidator;
import dev.isthmus.dsl.validation.IsthmusValidator;
import dev.isthmus.dsl.validation.ModelValidator;
import dev.isthmus.dsl.validation.SystemValidator;
import dev.isthmus.dsl.validation.TestScenarioValidator;

/** The remaining rules, each with a failing input (message and line) and, where not obvious, its fix. */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class MoreRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static final String MAPPING = "package acme\nmapping M : Billing.BillInvoice -> Invoice {\n"
			+ "    id <- id\n    total <- minorToDecimal(amount, currency)\n    currency <- currency\n"
			+ "    lines <- each lines as l { sku <- l.sku  amount <- minorToDecimal(l.amount, currency) }\n";

	@Test
	void aFieldMappedTwice() throws Exception {
		fixture.single(MAPPING + "    id <- currency\n}\n", MappingRules.DUPLICATE_RULE, 7,
				"'id' is already mapped above; keep one rule per field");
	}

	@Test
	void appendingToAScalarAndNestingIntoAScalar() throws Exception {
		fixture.single(MAPPING + "    memo += { }\n}\n", ExpressionTyper.TYPE_MISMATCH, 7,
				"'memo' is a String?, not a list; '+=' appends to lists, assign with '<-'");
		fixture.single(MAPPING + "    memo { x <- 1 }\n}\n", ExpressionTyper.TYPE_MISMATCH, 7,
				"'memo' is a String?, not an object; assign it with 'memo <- …'");
	}

	@Test
	void matchBranchesOfDifferentTypes() throws Exception {
		fixture.single(MAPPING + "    memo <- match currency { \"usd\" -> \"dollar\"  else -> 5 }\n}\n",
				ExpressionTyper.TYPE_MISMATCH, 7, "the branches give String and Integer; every branch must give the same type");
		fixture.none(MAPPING + "    memo <- match currency { \"usd\" -> \"dollar\"  else -> \"other\" }\n}\n");
	}

	@Test
	void conditionsAreBooleansAndOperandsFit() throws Exception {
		fixture.single(MAPPING + "    memo <- if currency then \"a\" else \"b\"\n}\n", ExpressionTyper.TYPE_MISMATCH, 7,
				"the condition of if must be a Boolean, but is a String");
		fixture.single(MAPPING + "    memo <- currency + \"x\"\n}\n", ExpressionTyper.TYPE_MISMATCH, 7,
				"'+' does not apply to a String and a String; join texts with concat(…)");
		fixture.single(MAPPING + "    memo <- if amount == \"5\" then \"a\" else \"b\"\n}\n", ExpressionTyper.TYPE_MISMATCH, 7,
				"a Long is never equal to a String");
	}

	@Test
	void refToAnEnum() throws Exception {
		fixture.single("package acme\nmodel R {\n  key id : String\n  e : ref LegalEntity\n}\n",
				IsthmusValidator.REF_WITHOUT_KEY, 4, "'LegalEntity' is not a model; drop 'ref'");
	}

	@Test
	void aListAsKeyAndAOneOfOfTheWrongType() throws Exception {
		fixture.single("package acme\nmodel K {\n  key ids : String[]\n}\n", ModelValidator.BAD_KEY, 3,
				"key field 'ids' must be a single, required value");
		fixture.single("package acme\nmodel K {\n  key id : String one of (\"a\", 2)\n}\n", ModelValidator.BAD_CONSTRAINT, 3,
				"'one of' value: an Integer cannot go into String");
	}

	@Test
	void lookupKeyListedTwiceAndUnknownZone() throws Exception {
		fixture.single("package acme\nlookup L : String -> String {\n  \"a\" -> \"1\"\n  \"a\" -> \"2\"\n}\n",
				ModelValidator.BAD_ENTRY, 4, "the key \"a\" is listed twice; keep one entry");
		// a text key written bare: 'GOLD' (an enum's literal) was suggested, not the quotes (review 38)
		fixture.single("package acme\nenum Tier { GOLD SILVER }\nlookup T : String -> Tier {\n  gold -> GOLD\n}\n",
				ExpressionTyper.UNKNOWN_NAME, 4, "'gold' is not known here; a text is written in quotes: \"gold\"");
		fixture.single("package acme\ncalendar C {\n  zone \"Mars/Olympus\"\n  periods monthly\n}\n", ModelValidator.BAD_ZONE, 3,
				"'Mars/Olympus' is not a time zone id");
	}

	@Test
	void aWebhookThatSends() throws Exception {
		fixture.single("package acme\nsystem S kind erp {\n  record R json { id : string }\n  endpoint e webhook \"/h\" sends R\n}\n",
				SystemValidator.BAD_ENDPOINT, 4, "a webhook receives records; declare it 'receives'");
	}

	@Test
	void flowStepsThatCannotWork() throws Exception {
		String head = "package acme\nflow F {\n    from Billing.events\n";
		fixture.single(head + "    split id\n}\n", FlowValidator.SHAPE_MISMATCH, 4, "split needs a list, but this is a String");
		fixture.single(head + "    enrich colour with \"red\"\n}\n", FlowValidator.SHAPE_MISMATCH, 4,
				"BillInvoice has no field 'colour' to enrich");
		fixture.single(head + "    timeout 0s\n}\n", FlowValidator.BAD_POLICY, 4, "a timeout must be longer than 0");
		fixture.single(head + "    dead-letter into Billing.events\n}\n", FlowValidator.WRONG_DIRECTION, 4,
				"dead letters go to an endpoint that sends; events only receives");
		fixture.single(head + "    aggregate by id every 1h { amont <- sum(amount) }\n}\n", MappingRules.UNKNOWN_TARGET_FIELD, 4,
				"BillInvoice has no field 'amont'; did you mean 'amount'?");
		fixture.none(head + "    split lines\n    aggregate by sku every 1h { amount <- sum(amount) }\n}\n");
	}

	@Test
	void mappingTestsNeitherRouteNorDeadLetter() throws Exception {
		fixture.single("package acme\ntest \"t\" for BillToInvoice {\n  given { \"id\": \"x\" }\n  expect routed to Erp.journals\n}\n",
				TestScenarioValidator.BAD_SUBJECT, 4, "a mapping routes nothing; test routes on a flow");
		fixture.single("package acme\ntest \"t\" for LegalEntity {\n  given { \"id\": \"x\" }\n}\n",
				TestScenarioValidator.BAD_SUBJECT, 2, "a test runs a flow or a mapping; LegalEntity is neither");
	}
}
