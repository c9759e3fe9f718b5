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
		// a comment after the ';' hid it (review 20); a comment alone at the end is fine
		fixture.single(polled("SELECT SEQ FROM EVENTS; -- done"), SystemValidator.BAD_ENDPOINT, 4, "the query ends with ';'");
		fixture.none(polled("SELECT SEQ FROM EVENTS -- every event"));
	}

	/**
	 * A review's query with LIMIT 3 read three rows and then nothing ever again, silently: the runner pages by the key
	 * itself, so validate refuses a clause that limits the rows. Seen failing before the fix.
	 */
	@Test
	void aQueryLimitingItsRowsIsRefused() throws Exception {
		fixture.single(polled("SELECT SEQ AS seq_no, V AS v FROM EV_INT WHERE SEQ IS NOT NULL ORDER BY SEQ LIMIT 3"),
				SystemValidator.BAD_ENDPOINT, 4, "the query has LIMIT, and the runner reads the query in batches by its key itself");
		fixture.single(polled("SELECT SEQ FROM EVENTS ORDER BY SEQ fetch\n first 10 ROWS ONLY"), SystemValidator.BAD_ENDPOINT, 4,
				"remove the FETCH FIRST");
		fixture.single(polled("SELECT SEQ FROM EVENTS ORDER BY SEQ OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY"), SystemValidator.BAD_ENDPOINT, 4,
				"the query has OFFSET");
		fixture.single(polled("SELECT Top 5 SEQ FROM EVENTS"), SystemValidator.BAD_ENDPOINT, 4, "the query has TOP");
		fixture.none(polled("SELECT SEQ, LIMIT_COUNT, \\\"limit\\\" FROM EVENTS WHERE NOTE <> 'LIMIT 3' -- no limit here"));
	}
}
