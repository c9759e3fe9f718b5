package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.NotRunYetValidator;

/**
 * Steps the runner does not run yet were accepted without a word (review 21): a flow enriching its records by calling
 * an endpoint delivered them without the field. It is a warning now, saying what happens instead. ('dead-letter into'
 * was one too, until the runner sent the dead letters there: see DeadLetterEndpointRulesTest.)
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class NotRunYetRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static final String HEAD = "package acme\nflow F {\n    from Billing.events\n";

	@Test
	void enrichingByACallIsWarnedOf() throws Exception {
		Issue issue = fixture.single(HEAD + "    enrich amount with call Billing.out\n}\n", NotRunYetValidator.NOT_RUN_YET, 4,
				"'enrich amount with call …' is not run yet: the runner refuses to start with this flow in its configuration, and 'isthmus test'"
						+ " leaves amount as it is;"
						+ " compute it with an expression (enrich amount with …)");
		assertEquals(Severity.WARNING, issue.getSeverity());
	}
}
