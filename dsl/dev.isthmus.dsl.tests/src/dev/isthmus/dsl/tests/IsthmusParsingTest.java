package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.BuiltinType;
import dev.isthmus.dsl.isthmus.BuiltinTypeRef;
import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.ElementTypeRef;
import dev.isthmus.dsl.isthmus.EnumType;
import dev.isthmus.dsl.isthmus.IslFile;

@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class IsthmusParsingTest {

	@Inject
	private ParseHelper<IslFile> parseHelper;

	@Test
	void parsesModelsEnumsAndTheirFields() throws Exception {
		IslFile file = parseHelper.parse("""
				package acme.revenue

				enum LegalEntity { US01 DE01 SG01 }

				system NetSuite kind erp { }

				model Customer owner NetSuite version 2 {
				    key id      : String
				    email       : String?
				    legalEntity : LegalEntity
				}
				""");

		assertTrue(file.eResource().getErrors().isEmpty(), () -> "syntax errors: " + file.eResource().getErrors());
		assertEquals("acme.revenue", file.getName());
		EnumType legalEntity = (EnumType) file.getElements().get(0);
		assertEquals(3, legalEntity.getLiterals().size());

		DataModel customer = (DataModel) file.getElements().get(2);
		assertEquals(file.getElements().get(1), customer.getOwner());
		assertEquals("2", customer.getVersion());
		assertTrue(customer.getFields().get(0).isKey());
		assertEquals(BuiltinType.STRING, ((BuiltinTypeRef) customer.getFields().get(0).getType()).getBuiltin());
		assertTrue(customer.getFields().get(1).isOptional());
		assertEquals(legalEntity, ((ElementTypeRef) customer.getFields().get(2).getType()).getElement());
	}

	@Inject
	private org.eclipse.xtext.documentation.IEObjectDocumentationProvider documentation;

	@Test
	void docCommentsAttachToTheElementBelowThem() throws Exception {
		IslFile file = parseHelper.parse("""
				package acme
				/** The customer master: the ERP is its system of record. */
				model Customer {
				    /** The ERP's id. */
				    key id : String
				}
				// a plain comment is no documentation
				enum Status { ACTIVE }
				""");

		DataModel customer = (DataModel) file.getElements().get(0);
		assertEquals("The customer master: the ERP is its system of record.", documentation.getDocumentation(customer));
		assertEquals("The ERP's id.", documentation.getDocumentation(customer.getFields().get(0)));
		assertEquals(null, documentation.getDocumentation(file.getElements().get(1)));
	}

	@Test
	void reportsASyntaxErrorWithItsLine() throws Exception {
		IslFile file = parseHelper.parse("""
				model Customer {
				    key id String
				}
				""");

		assertEquals(1, file.eResource().getErrors().size(), () -> "errors: " + file.eResource().getErrors());
		assertEquals(2, file.eResource().getErrors().get(0).getLine());
	}
}
