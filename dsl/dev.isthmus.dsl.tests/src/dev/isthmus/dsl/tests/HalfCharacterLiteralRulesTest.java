package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.TextLiteralValidator;

/**
 * A text literal holding a lone surrogate ({@code "\uDE00"}, {@code "\uD83D"}) can never be delivered: no encoding
 * writes it. {@code isthmus generate} failed on it with a bare "Input length = 1"; validation now says where it is
 * and what to write instead.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class HalfCharacterLiteralRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String mapping(String memo) {
		return "package acme\nmapping M : Billing.BillInvoice -> Invoice {\n    id <- id\n"
				+ "    total <- minorToDecimal(amount, currency)\n    currency <- currency\n"
				+ "    lines <- each lines as l { sku <- l.sku  amount <- minorToDecimal(l.amount, currency) }\n"
				+ "    memo <- " + memo + "\n}\n";
	}

	@Test
	void aLoneLowSurrogateIsAnErrorAtTheLiteral() throws Exception {
		Issue issue = fixture.single(mapping("\"\\uDE00\""), TextLiteralValidator.HALF_A_CHARACTER, 7,
				"a text literal holds half a character (U+DE00)");
		assertEquals("\"\\uDE00\"".length(), issue.getLength());
	}

	@Test
	void aHighSurrogateWithoutItsLowHalfIsAnError() throws Exception {
		fixture.single(mapping("concat(note, \"ok \\uD83D\")"), TextLiteralValidator.HALF_A_CHARACTER, 7,
				"half a character (U+D83D): a surrogate that no low surrogate follows");
	}

	@Test
	void aWholeCharacterWrittenAsAPairOrAsItselfIsFine() throws Exception {
		fixture.none(mapping("concat(note, \"\\uD83D\\uDE00 😀 \\u00e9\")"));
	}

	@Test
	void otherLiteralsAreCheckedToo() throws Exception {
		// The header's own rule (ASCII only) has its say too; this one names the half character.
		List<Issue> issues = halves("package acme\nsystem S kind s {\n    record R json { id : string }\n"
				+ "    endpoint out http post \"${env:URL}/x\" sends R header \"X-Tag\" \"a\\uDBFF\"\n}\n");
		assertEquals(1, issues.size(), issues::toString);
		assertEquals(4, issues.get(0).getLineNumber());
		assertTrue(issues.get(0).getMessage().contains("(U+DBFF)"), issues.get(0)::getMessage);
	}

	/** A test's given data may hold half a character on purpose: to see the flow refuse such a record. */
	@Test
	void aTestsGivenDataIsLeftAlone() throws Exception {
		assertEquals(List.of(), halves("package acme\nflow F {\n    from Billing.events\n    map BillToInvoice\n    map InvoiceToJournal\n"
				+ "    to Erp.journals\n}\ntest \"half\" for F {\n    given { \"id\": \"a\\uDE00\", \"amount\": 1, \"currency\": \"EUR\","
				+ " \"created\": 1, \"lines\": [] }\n    expect dead-lettered\n}\n"));
	}

	private List<Issue> halves(String source) throws Exception {
		return fixture.issues(source).stream().filter(i -> TextLiteralValidator.HALF_A_CHARACTER.equals(i.getCode())).toList();
	}
}
