package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.IslFile;

/** The errors a syntax error brings after it are left out (review 38): the first says what to fix. */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class FollowOnErrorsTest {

	@Inject
	private ParseHelper<IslFile> parser;

	@Inject
	private ValidationTestHelper validation;

	private static final String SHOP = "package acme\nsystem Shop kind product {\n    record Order json {\n        id : string\n"
			+ "        total : decimal\n    }\n    endpoint orders file \"in\" receives Order\n"
			+ "    endpoint ledger http post \"https://erp.example/orders\" sends Order\n}\n"
			+ "flow Post {\n    from Shop.orders\n    to Shop.ledger\n    retry 5 times backoff exponential from 1s to 10s\n}\n";

	private List<String> errors(String text) throws Exception {
		IslFile file = parser.parse(text);
		return validation.validate(file).stream().filter(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
				.sorted(java.util.Comparator.comparingInt(Issue::getLineNumber)).map(i -> i.getLineNumber() + ": " + i.getMessage()).toList();
	}

	@Test
	void theRestOfALineAfterASyntaxErrorIsNotReported() throws Exception {
		assertEquals(List.of(), errors(SHOP));
		// 'to 10' was read as the flow's target: "no viable alternative at input '10'", "there is no endpoint named '10'"
		List<String> errors = errors(SHOP.replace("from 1s to 10s", "from 1 to 10"));
		assertEquals(1, errors.size(), errors::toString);
		assertTrue(errors.get(0).startsWith("13: mismatched input '1' expecting a duration such as 30s"), errors::toString);
	}

	@Test
	void anErrorRightAfterASyntaxErrorIsNotReported() throws Exception {
		// the next line's field name was "extraneous input 'total' expecting ':'"
		List<String> errors = errors(SHOP.replace("id : string", "id : strng"));
		assertEquals(1, errors.size(), errors::toString);
		assertTrue(errors.get(0).startsWith("4: no viable alternative at input 'strng': did you mean 'string'?"), errors::toString);
	}

	/** A webhook whose signature came before its record was also warned of as naming no signature. */
	@Test
	void aWarningAboutAnElementReadInPartIsNotReported() throws Exception {
		String signed = SHOP.replace("endpoint orders file \"in\" receives Order", "endpoint orders webhook \"/orders\" receives Order signature none");
		IslFile file = parser.parse(signed);
		assertEquals(List.of(), validation.validate(file).stream().map(Issue::getMessage).toList());
		file = parser.parse(signed.replace("receives Order signature none", "signature none receives Order"));
		List<String> issues = validation.validate(file).stream().map(i -> i.getSeverity() + " " + i.getLineNumber() + ": " + i.getMessage())
				.toList();
		assertEquals(1, issues.stream().filter(i -> i.contains(" 7: ")).count(), issues::toString);
		assertTrue(issues.stream().noneMatch(i -> i.contains("names no signature")), issues::toString);
	}

	@Test
	void errorsElsewhereStay() throws Exception {
		// two syntax errors on lines of their own, and an unknown endpoint after them
		List<String> errors = errors(SHOP.replace("id : string", "id : strng").replace("from 1s to 10s", "from 1 to 10s")
				.replace("to Shop.ledger", "to Shop.ledgr"));
		assertEquals(3, errors.size(), errors::toString);
		assertTrue(errors.get(2).startsWith("13: mismatched input '1'"), errors::toString);
		assertTrue(errors.get(1).contains("ledgr"), errors::toString);
	}
}
