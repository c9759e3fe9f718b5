package dev.isthmus.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import dev.isthmus.library.IslType.ListType;
import dev.isthmus.library.IslType.Scalar;

class AssignabilityTest {

	@Test
	void wholeNumbersWidenAndStringsBecomeCurrencies() {
		assertNull(Assignability.problem(IslType.INTEGER, IslType.DECIMAL));
		assertNull(Assignability.problem(IslType.LONG, Scalar.decimal(2)));
		assertNull(Assignability.problem(IslType.STRING, IslType.CURRENCY));
	}

	@Test
	void decimalsDoNotLoseDigitsSilently() {
		assertEquals("a Decimal(4) has more fraction digits than Decimal(2) keeps; round it explicitly, e.g. round(…, 2)",
				Assignability.problem(Scalar.decimal(4), Scalar.decimal(2)));
		assertNull(Assignability.problem(Scalar.decimal(2), Scalar.decimal(4)));
	}

	@Test
	void optionalIntoRequiredNeedsADefault() {
		assertEquals("a String? may be missing but String is required; give a default with ?? or make the target optional",
				Assignability.problem(IslType.STRING.optional(), IslType.STRING));
		assertNull(Assignability.problem(IslType.STRING, IslType.STRING.optional()));
		assertEquals("null cannot go into a required String", Assignability.problem(IslType.NULL, IslType.STRING));
	}

	@Test
	void listsAndScalarsDoNotMix() {
		assertEquals("a list (List<String>) cannot go into the single value String; pick one element, e.g. with first(…)",
				Assignability.problem(new ListType(IslType.STRING), IslType.STRING));
		assertEquals("a Boolean cannot go into Long", Assignability.problem(IslType.BOOLEAN, IslType.LONG));
	}
}
