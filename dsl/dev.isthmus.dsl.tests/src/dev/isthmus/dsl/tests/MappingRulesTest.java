package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.typing.Calls;
import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.MappingRules;

/** Each typing rule of mappings: a failing input with its message and line, and its fixed version. */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class MappingRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String mapping(String rules) {
		return "package acme\nmapping M : Billing.BillInvoice -> Invoice {\n" + rules + "\n}\n";
	}

	private static final String COMPLETE = """
			    id <- id
			    total <- minorToDecimal(amount, currency)
			    currency <- currency
			    lines <- each lines as l { sku <- l.sku  amount <- minorToDecimal(l.amount, currency) }""";

	/** A misspelt enum literal was said to be no field of the source, without a word of the enum's literals. */
	@Test
	void aMisspeltEnumLiteralIsNamedWithTheEnumsLiterals() throws Exception {
		String source = "package e\nenum Status { OPEN PAID VOID }\nmodel Invoice owner S {\n    key id : String\n    status : Status\n}\n"
				+ "system S kind erp {\n    record R json { id : string }\n}\n"
				+ "mapping RToInvoice : S.R -> Invoice {\n    id <- id\n    status <- PAYED\n}\n";
		Issue issue = fixture.single(source, ExpressionTyper.UNKNOWN_NAME, 12,
				"'PAYED' is not a field of R nor a literal of Status (OPEN, PAID, VOID); did you mean 'PAID'?");
		assertEquals("PAID", issue.getData()[1], "the quick fix's replacement");
		// A literal wins a tie with a field (VIOD is as far from id as from VOID).
		fixture.single(source.replace("PAYED", "VIOD"), ExpressionTyper.UNKNOWN_NAME, 12,
				"'VIOD' is not a field of R nor a literal of Status (OPEN, PAID, VOID); did you mean 'VOID'?");
		// Where no enum is expected, any literal of the project may be what was meant.
		fixture.single(source.replace("status <- PAYED", "status <- if PAYED == PAID then OPEN else VOID"), ExpressionTyper.UNKNOWN_NAME, 12,
				"'PAYED' is not a field of R; did you mean 'PAID'?");
	}

	@Test
	void theSharedProjectItselfIsClean() throws Exception {
		fixture.none("package acme\n");
	}

	@Test
	void unknownSourceFieldSuggestsTheClosest() throws Exception {
		Issue issue = fixture.single(mapping(COMPLETE.replace("id <- id", "id <- idd")), ExpressionTyper.UNKNOWN_NAME, 3,
				"'idd' is not a field of BillInvoice; did you mean 'id'?");
		assertEquals("id", issue.getData()[1]);
		fixture.none(mapping(COMPLETE));
	}

	@Test
	void unknownTargetFieldSuggestsTheClosest() throws Exception {
		fixture.single(mapping(COMPLETE + "\n    memmo <- note"), MappingRules.UNKNOWN_TARGET_FIELD, 7,
				"Invoice has no field 'memmo'; did you mean 'memo'?");
		fixture.none(mapping(COMPLETE + "\n    memo <- note"));
	}

	@Test
	void unknownNestedFieldIsReportedOnTheNavigation() throws Exception {
		fixture.single(mapping(COMPLETE.replace("l.sku", "l.skuu")), ExpressionTyper.UNKNOWN_FIELD, 6,
				"has no field 'skuu'; did you mean 'sku'?");
	}

	@Test
	void requiredTargetFieldsMustBeMapped() throws Exception {
		fixture.single(mapping(COMPLETE.replace("total <- minorToDecimal(amount, currency)\n", "")),
				MappingRules.UNMAPPED_REQUIRED, 2, "required field 'total' of Invoice is not mapped; add 'total <- …'");
	}

	@Test
	void fieldsWithDefaultsOrOptionalNeedNoRule() throws Exception {
		// entity has a default, memo is optional: neither is reported.
		fixture.none(mapping(COMPLETE));
	}

	@Test
	void wrongValueTypeNamesBothTypes() throws Exception {
		fixture.single(mapping(COMPLETE.replace("total <- minorToDecimal(amount, currency)", "total <- created > 0")),
				ExpressionTyper.TYPE_MISMATCH, 4, "'total': a Boolean cannot go into Decimal(2)");
	}

	@Test
	void optionalIntoRequiredNeedsADefault() throws Exception {
		fixture.single(mapping(COMPLETE.replace("id <- id", "id <- note")), ExpressionTyper.TYPE_MISMATCH, 3,
				"a String? may be missing but String is required; give a default with ??");
		fixture.none(mapping(COMPLETE.replace("id <- id", "id <- note ?? id")));
	}

	@Test
	void decimalScaleMustNotShrinkSilently() throws Exception {
		fixture.single(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "12.345")),
				ExpressionTyper.TYPE_MISMATCH, 4, "a Decimal(3) has more fraction digits than Decimal(2) keeps");
		fixture.none(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "round(12.345, 2)")));
	}

	/**
	 * A product's scale is its factors' added: a fee of 1.5% on whole cents has three fraction digits, refused by
	 * Decimal(2) here rather than record by record at run time (review 38). A quotient validates, with a warning.
	 */
	@Test
	void productsAndQuotientsIntoAFixedScale() throws Exception {
		fixture.single(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "amount * 0.015")),
				ExpressionTyper.TYPE_MISMATCH, 4,
				"'total': a Decimal(3) has more fraction digits than Decimal(2) keeps; round it explicitly, e.g. round(…, 2)");
		fixture.none(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "amount * 0.5 + 0.25")));
		fixture.none(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "round(amount * 0.015, 2)")));
		Issue quotient = fixture.single(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "amount / 3")),
				MappingRules.UNROUNDED_QUOTIENT, 4, "'total': a quotient keeps as many fraction digits as it needs (10 / 3 is"
						+ " 3.333…) and Decimal(2) keeps 2, so a record whose quotient does not come out even is dead-lettered;"
						+ " round it, e.g. round(…, 2)");
		assertEquals(org.eclipse.xtext.diagnostics.Severity.WARNING, quotient.getSeverity());
		fixture.none(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "round(amount / 3, 2)")));
	}

	@Test
	void listIntoScalarIsAnError() throws Exception {
		fixture.single(mapping(COMPLETE.replace("id <- id", "id <- map(lines, x -> x.sku)")),
				ExpressionTyper.TYPE_MISMATCH, 3, "a list (List<String>) cannot go into the single value String");
		fixture.none(mapping(COMPLETE.replace("id <- id", "id <- first(map(lines, x -> x.sku)) ?? id")));
	}

	@Test
	void unknownFunctionSuggestsTheClosest() throws Exception {
		fixture.single(mapping(COMPLETE.replace("upper", "uper").replace("currency <- currency", "currency <- uper(currency)")),
				Calls.UNKNOWN_FUNCTION, 5, "there is no function or lookup 'uper'; did you mean 'upper'?");
	}

	@Test
	void wrongArgumentCountShowsTheSignature() throws Exception {
		fixture.single(mapping(COMPLETE.replace("currency <- currency", "currency <- upper(currency, id)")),
				Calls.WRONG_ARGUMENTS, 5, "upper takes 1 argument, not 2: upper(text: String): String");
	}

	@Test
	void wrongArgumentTypeShowsTheSignature() throws Exception {
		fixture.single(mapping(COMPLETE.replace("minorToDecimal(amount, currency)", "minorToDecimal(currency, currency)")),
				ExpressionTyper.TYPE_MISMATCH, 4, "argument of minorToDecimal: a String cannot go into Long");
	}

	@Test
	void dateLiteralsAreCheckedAtOnce() throws Exception {
		fixture.single("package acme\nmodel D { d : Date = date(\"2026-13-01\") }\n".replace("model D { d : Date = date(\"2026-13-01\") }",
				"mapping X : Billing.BillInvoice -> Erp.Journal { externalId <- toString(date(\"2026-13-01\"))  total <- 1 }"),
				ExpressionTyper.TYPE_MISMATCH, 2, "'2026-13-01' is not an ISO date such as \"2026-01-31\"");
	}
}
