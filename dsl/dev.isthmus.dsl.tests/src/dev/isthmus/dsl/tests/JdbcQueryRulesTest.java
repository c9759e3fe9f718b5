package dev.isthmus.dsl.tests;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.SystemValidator;

/**
 * A polled query runs as a subquery, where a closing ';' is a syntax error: validate says so where it is written,
 * not first the runner at its start (as a review found).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class JdbcQueryRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String polled(String query) {
		return "package acme\nsystem S kind database {\n  record R json { seq : integer }\n"
				+ "  endpoint e jdbc embedded query \"" + query + "\" key \"SEQ\" receives R\n}\n";
	}

	@Test
	void aQueryEndingInASemicolonIsRefused() throws Exception {
		fixture.single(polled("SELECT SEQ FROM EVENTS ; "), SystemValidator.BAD_ENDPOINT, 4, "the query ends with ';'");
		fixture.none(polled("SELECT SEQ FROM EVENTS WHERE NOTE <> ';'"));
	}
}
