package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.SqlNameValidator;

/**
 * A jdbc endpoint's table and key columns are names the runner takes: validate said 0 errors of table "my-table", which
 * the runner then refused at start (as a review found). Now validate refuses, where the name is written, each name the
 * runner refuses.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class SqlNameRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String endpoint(String transport, String direction) {
		return "package acme\nsystem S kind database {\n  record R json { seq : integer, note : string }\n"
				+ "  endpoint e jdbc embedded\n    " + transport + "\n    " + direction + " R\n}\n";
	}

	@Test
	void aTableThatIsNoPlainSqlNameIsRefusedWhereItIsWritten() throws Exception {
		fixture.single(endpoint("table \"my-table\" key \"SEQ\"", "receives"), SqlNameValidator.BAD_SQL_NAME, 5,
				"table \"my-table\" is not a plain SQL name, and the runner would refuse it: it names a table by letters A-Z or a-z,"
						+ " digits and '_', not starting with a digit, with its schema before a '.' if needed");
		fixture.single(endpoint("table \"my table\"", "sends"), SqlNameValidator.BAD_SQL_NAME, 5, "create a view of such a name");
		fixture.single(endpoint("table \"a.b.c\"", "sends"), SqlNameValidator.BAD_SQL_NAME, 5, "table \"a.b.c\" is not a plain SQL name");
		fixture.single(endpoint("table \"1st\"", "sends"), SqlNameValidator.BAD_SQL_NAME, 5, "table \"1st\"");
		fixture.none(endpoint("table \"MixedCase\" key \"SEQ\"", "receives"));
		fixture.none(endpoint("table \"sales.Orders_2\"", "sends"));
	}

	@Test
	void aKeyColumnThatIsNoPlainNameOrNoFieldOfTheWrittenRecordIsRefused() throws Exception {
		fixture.single(endpoint("query \"SELECT * FROM T\" key \"SEQ\", \"row-id\"", "receives"), SqlNameValidator.BAD_SQL_NAME, 5,
				"key column \"row-id\" is not a plain SQL name, and the runner would refuse it: it names a column by letters A-Z or a-z,"
						+ " digits and '_', not starting with a digit, without a '.'; select the column under such a name in the query"
						+ " (SELECT \"row-id\" AS ROW_ID, …)");
		fixture.single(endpoint("table \"T\" key \"T.SEQ\"", "receives"), SqlNameValidator.BAD_SQL_NAME, 5, "without a '.'");
		fixture.single(endpoint("table \"T\" key \"ID\"", "sends"), SqlNameValidator.BAD_SQL_NAME, 5,
				"key column \"ID\" is not a field of record R (its fields: seq, note)");
		fixture.none(endpoint("table \"T\" key \"SEQ\"", "sends"));
	}

	@Test
	void aPolledTableOrQueryNeedsAKeyColumn() throws Exception {
		fixture.single(endpoint("table \"T\"", "receives"), SqlNameValidator.BAD_SQL_NAME, 5, "add its key column, e.g. key \"ID\"");
		fixture.single(endpoint("query \"SELECT SEQ FROM T\"", "receives"), SqlNameValidator.BAD_SQL_NAME, 5, "names none");
	}

	@Test
	void fieldsOfATableTargetDifferingInCaseOnlyAreRefused() throws Exception {
		String twoIds = "package acme\nsystem S kind database {\n  record R json { id : integer, ID : string }\n"
				+ "  endpoint e jdbc embedded table \"T\"\n    sends R\n}\n";
		fixture.single(twoIds, SqlNameValidator.BAD_SQL_NAME, 5, "fields 'id' and 'ID' of record R differ in case only, and the runner"
				+ " writes each field into the column of its name in upper case (ID), one column for both");
		fixture.none(twoIds.replace("sends R", "receives R").replace("table \"T\"", "table \"T\" key \"id\""));
	}

	/** The runner's SqlNames.PLAIN, which refuses the same at start, is pinned to the same text by its own test. */
	@Test
	void thePlainNameIsTheRunners() {
		assertEquals("[A-Za-z_][A-Za-z0-9_]*", SqlNameValidator.PLAIN);
	}
}
