package dev.isthmus.dsl.tests;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.DeadLetterEndpointValidator;

/**
 * The runner sends a flow's dead letters into its {@code dead-letter into} endpoint as records of the endpoint's shape:
 * each field that shape declares must be one a dead letter has, of its kind, and optional where not every dead letter
 * has it, or every such record would fail at the endpoint.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class DeadLetterEndpointRulesTest {

	@Inject
	private ValidationFixture fixture;

	/** A file with an Ops system whose DeadLetter record has {@code fields}, and a flow sending its dead letters there (line 8). */
	private static String project(String fields) {
		return "package acme\nsystem Ops kind ops {\n    record DeadLetter json { " + fields + " }\n"
				+ "    endpoint letters file \"dead\" sends DeadLetter\n}\nflow F {\n    from Billing.events\n    dead-letter into Ops.letters\n}\n";
	}

	@Test
	void aRecordOfDeadLetterFieldsIsAccepted() throws Exception {
		fixture.none(project("deadLetterId : integer, flowName : string, letterKind : string, step : string, reason : string,"
				+ " correlationId : string, deadLetteredAt : timestamp, attempts : integer, origin : string?, source : string?, target : string?,"
				+ " details : string?, payload : { }?"));
		fixture.none(project("flowName : string, deadLetteredAt : string, payload : string"));
	}

	@Test
	void aFieldNoDeadLetterHasIsAnError() throws Exception {
		fixture.single(project("flowName : string, customer : string"), DeadLetterEndpointValidator.DEAD_LETTER_RECORD, 8,
				"letters receives the flow's dead letters as DeadLetter records, whose field 'customer' is nothing a dead letter says; remove it,"
						+ " or declare one of deadLetterId, flowName, letterKind, step, reason, correlationId, deadLetteredAt, attempts, origin,"
						+ " source, target, details, payload");
	}

	@Test
	void aFieldOfAnotherKindIsAnErrorSayingWhatToDeclare() throws Exception {
		fixture.single(project("attempts : decimal"), DeadLetterEndpointValidator.DEAD_LETTER_RECORD, 8,
				"whose field 'attempts' is the delivery attempts made; 0 for a record that failed in its flow: declare it as integer"
						+ " ('attempts : integer')");
		fixture.single(project("deadLetteredAt : date?"), DeadLetterEndpointValidator.DEAD_LETTER_RECORD, 8,
				"declare it as timestamp or string ('deadLetteredAt : timestamp?')");
		fixture.single(project("payload : { id : string }?"), DeadLetterEndpointValidator.DEAD_LETTER_RECORD, 8,
				"declare it as string or { } ('payload : string?')");
	}

	@Test
	void aFieldNotEveryDeadLetterHasMustBeOptional() throws Exception {
		fixture.single(project("target : string"), DeadLetterEndpointValidator.DEAD_LETTER_RECORD, 8,
				"whose field 'target' (the target a delivery was for) is not in every dead letter: declare it optional ('target : string?')");
		// a record's text is in every dead letter; the record as JSON only where it is a JSON object
		fixture.single(project("payload : { }"), DeadLetterEndpointValidator.DEAD_LETTER_RECORD, 8,
				"is not in every dead letter as { }: declare it optional ('payload : { }?')");
	}
}
