package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.validation.IsthmusValidator;

@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class IsthmusValidationTest {

	@Inject
	private ParseHelper<IslFile> parseHelper;

	@Inject
	private ValidationTestHelper validation;

	@Test
	void duplicateFieldIsAnErrorOnTheSecondDeclaration() throws Exception {
		List<Issue> issues = validation.validate(parseHelper.parse("""
				model Invoice {
				    key id : String
				    total  : Decimal
				    total  : Decimal
				}
				"""));

		assertEquals(1, issues.size(), () -> issues.toString());
		Issue issue = issues.get(0);
		assertEquals(Severity.ERROR, issue.getSeverity());
		assertEquals(IsthmusValidator.DUPLICATE_FIELD, issue.getCode());
		assertEquals(4, issue.getLineNumber());
		assertEquals("Field 'total' is declared more than once in model 'Invoice'; rename or remove one of them.",
				issue.getMessage());
	}

	@Test
	void duplicateFieldFixedHasNoIssues() throws Exception {
		validation.assertNoIssues(parseHelper.parse("""
				model Invoice {
				    key id : String
				    total  : Decimal
				}
				"""));
	}

	@Test
	void refToAModelWithoutKeyNamesTheModelAndTheFix() throws Exception {
		List<Issue> issues = validation.validate(parseHelper.parse("""
				model Customer { name : String }
				model Invoice {
				    key id   : String
				    customer : ref Customer
				}
				"""));

		assertEquals(1, issues.size(), () -> issues.toString());
		assertEquals(IsthmusValidator.REF_WITHOUT_KEY, issues.get(0).getCode());
		assertEquals(4, issues.get(0).getLineNumber());
		assertTrue(issues.get(0).getMessage().contains("needs model 'Customer' to declare a key"));
	}

	@Test
	void refToAModelWithKeyHasNoIssues() throws Exception {
		validation.assertNoIssues(parseHelper.parse("""
				model Customer { key id : String }
				model Invoice {
				    key id   : String
				    customer : ref Customer
				}
				"""));
	}

	@Test
	void unknownTypeIsALinkingErrorOnItsLine() throws Exception {
		List<Issue> issues = validation.validate(parseHelper.parse("""
				model Invoice {
				    key id   : String
				    currency : Curency
				}
				"""));

		assertEquals(1, issues.size(), () -> issues.toString());
		assertEquals(3, issues.get(0).getLineNumber());
		assertEquals("there is no model, enum or other element named 'Curency' here; declare it, or import the package "
				+ "that declares it", issues.get(0).getMessage());
	}

	@Test
	void unknownEndpointSuggestsTheClosest() throws Exception {
		List<Issue> issues = validation.validate(parseHelper.parse("""
				system S kind erp {
				    record R json { id : string }
				    endpoint journals http post "https://erp.example/j" sends R
				}
				flow F {
				    from S.journal
				}
				"""));

		assertTrue(issues.stream().anyMatch(i -> i.getLineNumber() == 6
				&& i.getMessage().equals("there is no endpoint named 'S.journal' here; did you mean 'S.journals'?")),
				issues::toString);
	}

	@Test
	void twoModelsWithOneNameAreDuplicates() throws Exception {
		List<Issue> issues = validation.validate(parseHelper.parse("""
				package acme
				model Customer { key id : String }
				model Customer { key id : String }
				"""));

		assertEquals(1, issues.size(), () -> issues.toString());
		assertEquals(IsthmusValidator.DUPLICATE_ELEMENT, issues.get(0).getCode());
		assertEquals(3, issues.get(0).getLineNumber());
		assertEquals("'Customer' is declared more than once in this file; rename or remove one of them.",
				issues.get(0).getMessage());
	}
}
