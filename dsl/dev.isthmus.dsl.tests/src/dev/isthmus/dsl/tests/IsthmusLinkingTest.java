package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.ElementTypeRef;
import dev.isthmus.dsl.isthmus.IslFile;

/** References across the files of one project, through a wildcard import. */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class IsthmusLinkingTest {

	@Inject
	private ParseHelper<IslFile> parseHelper;

	@Inject
	private ValidationTestHelper validation;

	@Inject
	private Provider<ResourceSet> resourceSets;

	@Test
	void wildcardImportResolvesAModelOfAnotherFile() throws Exception {
		ResourceSet project = resourceSets.get();
		IslFile common = parseHelper.parse("""
				package acme.common
				model Customer { key id : String }
				""", project);
		IslFile invoices = parseHelper.parse("""
				package acme.revenue
				import acme.common.*
				model Invoice {
				    key id   : String
				    customer : ref Customer
				}
				""", project);

		validation.assertNoIssues(invoices);
		DataModel invoice = (DataModel) invoices.getElements().get(0);
		ElementTypeRef customer = (ElementTypeRef) invoice.getFields().get(1).getType();
		assertFalse(customer.getElement().eIsProxy());
		assertEquals(common.getElements().get(0), customer.getElement());
	}

	@Test
	void filesOfOnePackageSeeEachOtherWithoutImport() throws Exception {
		ResourceSet project = resourceSets.get();
		parseHelper.parse("package acme.revenue\nmodel Customer { key id : String }\n", project);
		IslFile invoices = parseHelper.parse("""
				package acme.revenue
				model Invoice { customer : ref Customer }
				""", project);

		validation.assertNoIssues(invoices);
	}

	@Test
	void anImportOfAnUnknownPackageSuggestsTheClosest() throws Exception {
		ResourceSet project = resourceSets.get();
		parseHelper.parse("package acme.common\nmodel Customer { key id : String }\n", project);
		IslFile invoices = parseHelper.parse("package acme.revenue\nimport acme.comon.*\nmodel Invoice { key id : String }\n", project);

		java.util.List<org.eclipse.xtext.validation.Issue> issues = validation.validate(invoices);
		assertEquals(1, issues.size(), issues::toString);
		assertEquals(2, issues.get(0).getLineNumber());
		assertEquals("import acme.comon.* matches nothing in this project; did you mean 'acme.common'?",
				issues.get(0).getMessage());
	}

	@Test
	void oneQualifiedNameInTwoFilesIsADuplicate() throws Exception {
		ResourceSet project = resourceSets.get();
		parseHelper.parse("package acme\nmodel Customer { key id : String }\n", project);
		IslFile second = parseHelper.parse("package acme\nmodel Customer { key id : String }\n", project);

		java.util.List<org.eclipse.xtext.validation.Issue> issues = validation.validate(second);
		assertEquals(1, issues.size(), issues::toString);
		assertEquals("acme.Customer is also declared in __synthetic0.isl; rename one of them", issues.get(0).getMessage());
	}

	@Test
	void aNameTwoImportsSupplyIsAmbiguous() throws Exception {
		ResourceSet project = resourceSets.get();
		parseHelper.parse("package acme.a\nmodel Customer { key id : String }\n", project);
		parseHelper.parse("package acme.b\nmodel Customer { key id : String }\n", project);
		IslFile user = parseHelper.parse("package acme.c\nimport acme.a.*\nimport acme.b.*\nmodel Invoice {\n  key id : String\n  customer : ref Customer\n}\n", project);

		java.util.List<org.eclipse.xtext.validation.Issue> issues = validation.validate(user).stream()
				.filter(i -> "dev.isthmus.dsl.ambiguousName".equals(i.getCode())).toList();
		assertEquals(1, issues.size(), issues::toString);
		assertEquals(6, issues.get(0).getLineNumber());
		assertEquals("'Customer' is ambiguous: it is acme.a.Customer and acme.b.Customer; write the full name you mean",
				issues.get(0).getMessage());
	}

	@Test
	void usingADeprecatedModelWarns() throws Exception {
		IslFile file = parseHelper.parse("""
				package acme
				deprecated "use CustomerV2" model Customer { key id : String }
				model Invoice { key id : String  customer : ref Customer }
				""", resourceSets.get());
		java.util.List<org.eclipse.xtext.validation.Issue> issues = validation.validate(file);
		assertEquals(1, issues.size(), issues::toString);
		assertEquals("Customer is deprecated: use CustomerV2", issues.get(0).getMessage());
		assertEquals(3, issues.get(0).getLineNumber());
	}

	@Test
	void withoutTheImportTheNameDoesNotResolve() throws Exception {
		ResourceSet project = resourceSets.get();
		parseHelper.parse("package acme.common\nmodel Customer { key id : String }\n", project);
		IslFile invoices = parseHelper.parse("""
				package acme.revenue
				model Invoice { customer : ref Customer }
				""", project);

		assertEquals(1, validation.validate(invoices).size());
	}
}
