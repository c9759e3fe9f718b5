package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.EnrichCallValidator;
import dev.isthmus.dsl.validation.FlowValidator;

/**
 * {@code enrich field with call Endpoint} as the runner runs it: a GET to an endpoint that receives records, its URL
 * filled from the flow's record, the answer put whole into a field of the answer's type. Each way of writing one the
 * runner cannot run is an error at the step, saying what to declare.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class EnrichCallRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static final String CRM = """
			package acme
			system Crm kind crm {
			    record Account json { id : string, name : string }
			    endpoint byId http get "${env:CRM}/accounts/{id}" receives Account
			    endpoint byNote http get "${env:CRM}/accounts/{note}" receives Account
			    endpoint byLines http get "${env:CRM}/accounts/{lines}" receives Account
			    endpoint byNam http get "${env:CRM}/accounts/{nam}" receives Account
			    endpoint create http post "${env:CRM}/accounts" sends Account
			    endpoint both http get "${env:CRM}/accounts/{id}?name={name}" exchanges Account
			}
			model Billed { key id : String  note : String?  account : Crm.Account?  name : String?  lines : String[] }
			mapping ToBilled : Billing.BillInvoice -> Billed { id <- id  lines <- [] }
			flow F {
			    from Billing.events
			    map ToBilled
			""";

	/** The line of the step after {@link #CRM}. */
	private static final int STEP = 16;

	@Test
	void aCallToAGetThatReceivesIntoAFieldOfItsRecordIsValid() throws Exception {
		fixture.none(CRM + "    enrich account with call Crm.byId\n}\n");
	}

	@Test
	void theEndpointMustBeAnHttpGet() throws Exception {
		fixture.single(CRM + "    enrich account with call Crm.create\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"a call asks its endpoint with an HTTP GET and takes its answer, but create is an http post endpoint; call an endpoint"
						+ " declared http get \"https://…/{id}\" receives <Record>");
		fixture.single(CRM + "    enrich account with call Billing.events\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"but events is a webhook (it receives what is sent to it)");
	}

	@Test
	void theEndpointMustReceive() throws Exception {
		fixture.single(CRM + "    enrich account with call Crm.both\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"both exchanges, but a call's endpoint answers records the flow receives; declare it 'receives'");
	}

	@Test
	void theUrlIsFilledFromTheFlowsRecord() throws Exception {
		fixture.single(CRM + "    enrich account with call Crm.byNam\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"the URL of byNam names {nam}, which the records here (Billed) have not; a call fills the URL from the flow's record;"
						+ " did you mean 'name'?");
		fixture.single(CRM + "    enrich account with call Crm.byLines\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"the URL of byLines names {lines}, which is List<String> here, and a URL takes a single value");
		Issue optional = fixture.single(CRM + "    enrich account with call Crm.byNote\n}\n", EnrichCallValidator.OPTIONAL_CALL_FIELD,
				STEP, "names {note}, which is optional here: a record without note becomes a dead letter, since the URL cannot be built"
						+ " for it");
		assertEquals(Severity.WARNING, optional.getSeverity());
	}

	@Test
	void theFieldTakesTheAnswerWhole() throws Exception {
		fixture.single(CRM + "    enrich name with call Crm.byId\n}\n", FlowValidator.SHAPE_MISMATCH, STEP,
				"'name' is String?, but byId answers Account records, which the field takes whole; declare it as one (name : Crm.Account?),"
						+ " or enrich a field of that type");
		fixture.single(CRM + "    enrich acount with call Crm.byId\n}\n", FlowValidator.SHAPE_MISMATCH, STEP,
				"Billed has no field 'acount' to enrich; did you mean 'account'?");
	}

	@Test
	void aTestGivesACallsAnswer() throws Exception {
		fixture.none(CRM + "    enrich account with call Crm.byId\n}\n"
				+ "test \"t\" for F {\n  given Billing.events { \"id\": \"x\" }\n  given Crm.byId { \"id\": \"x\", \"name\": \"X\" }\n}\n");
	}
}
