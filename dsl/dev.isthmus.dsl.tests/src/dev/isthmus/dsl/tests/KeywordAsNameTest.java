package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.ExternalSystem;
import dev.isthmus.dsl.isthmus.IslFile;

/**
 * A field named like a keyword ({@code at}) was a bare "mismatched input 'at' expecting '}'" followed by errors about
 * the lines after it; the first error now says how to write the name.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class KeywordAsNameTest {

	@Inject
	private ParseHelper<IslFile> parser;

	@Test
	void aKeywordAsAFieldNameSaysToEscapeIt() throws Exception {
		IslFile file = parser.parse("package acme\nsystem S kind erp {\n    record R json {\n        id : string\n"
				+ "        at : timestamp\n    }\n}\n");
		var errors = file.eResource().getErrors();
		assertTrue(!errors.isEmpty());
		assertEquals(5, errors.get(0).getLine(), errors::toString);
		assertTrue(errors.get(0).getMessage().contains("'at' is a keyword; to use it as a name, write ^at"), errors.get(0)::getMessage);
	}

	/** The parser's names of terminals are said in words ("expecting RULE_INT" before, review 37). */
	@Test
	void aMissingNumberIsSaidInWords() throws Exception {
		IslFile file = parser.parse("package acme\nsystem S kind erp {\n    record R json { id : string }\n"
				+ "    endpoint e http post \"https://erp.example/x\" sends R\n        concurrency -1\n}\n");
		String message = file.eResource().getErrors().get(0).getMessage();
		assertTrue(message.contains("expecting a whole number") && !message.contains("RULE_"), message);
	}

	@Test
	void aKeywordAsAMappingTargetOrMember() throws Exception {
		IslFile file = parser.parse("package acme\nmapping M : A -> B {\n    at <- when\n}\n");
		assertTrue(file.eResource().getErrors().get(0).getMessage().contains("write ^at"), file.eResource().getErrors()::toString);
		file = parser.parse("package acme\nmapping M : A -> B {\n    x <- a.at\n}\n");
		assertTrue(file.eResource().getErrors().get(0).getMessage().contains("write ^at"), file.eResource().getErrors()::toString);
	}

	@Test
	void aKeywordDeclaredAsANameSaysToEscapeIt() throws Exception {
		IslFile file = parser.parse("package acme\nsystem S kind erp {\n    record R json {\n        id : string\n    }\n"
				+ "    endpoint routed webhook \"/r\" receives R\n}\n");
		assertTrue(file.eResource().getErrors().get(0).getMessage().contains("'routed' is a keyword; to use it as a name, write ^routed"),
				file.eResource().getErrors()::toString);
	}

	/** A system's kind is a name too: {@code kind test} was a bare "no viable alternative at input 'test'". */
	@Test
	void aKeywordAsASystemsKindSaysToEscapeIt() throws Exception {
		IslFile file = parser.parse("package acme\nsystem A kind test {\n    record R json {\n        id : string\n    }\n}\n");
		assertTrue(file.eResource().getErrors().get(0).getMessage().contains("'test' is a keyword; to use it as a name, write ^test"),
				file.eResource().getErrors()::toString);
		file = parser.parse("package acme\nsystem A kind ^test {\n    record R json {\n        id : string\n    }\n}\n");
		assertEquals(java.util.List.of(), file.eResource().getErrors());
		assertEquals("test", ((ExternalSystem) file.getElements().get(0)).getKind());
	}

	/** A package named by a keyword was a bare "no viable alternative at input 'outage'" (review 27). */
	@Test
	void aKeywordAsAPackageNameSaysToEscapeIt() throws Exception {
		IslFile file = parser.parse("package outage\nmodel M {\n    key id : String\n}\n");
		assertTrue(file.eResource().getErrors().get(0).getMessage().contains("'outage' is a keyword; to use it as a name, write ^outage"),
				file.eResource().getErrors()::toString);
		assertEquals(java.util.List.of(), parser.parse("package ^outage\nmodel M {\n    key id : String\n}\n").eResource().getErrors());
	}

	@Test
	void theEscapedNameIsTheField() throws Exception {
		IslFile file = parser.parse("package acme\nsystem S kind erp {\n    record R json {\n        id : string\n"
				+ "        ^at : timestamp\n    }\n}\n");
		assertEquals(java.util.List.of(), file.eResource().getErrors());
		assertEquals("at", ((ExternalSystem) file.getElements().get(0)).getRecords().get(0).getFields().get(1).getName());
	}

	@Test
	void otherSyntaxErrorsKeepTheirMessage() throws Exception {
		IslFile file = parser.parse("package acme\nmodel Customer {\n    key id String\n}\n");
		assertTrue(!file.eResource().getErrors().get(0).getMessage().contains("keyword"), file.eResource().getErrors()::toString);
	}
}
