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
			    endpoint byCity http get "${env:CRM}/accounts/{addr.city}" receives Account
			    endpoint byHost http get "https://{id}.crm.example/account" receives Account
			    endpoint byHostSigned http get "https://{id}.crm.example/account" receives Account auth bearer env CRM_TOKEN
			    record Row csv { id : string, name : string }
			    endpoint rows http get "${env:CRM}/rows/{id}" receives Row
			}
			model Billed { key id : String  note : String?  account : Crm.Account?  name : String?  lines : String[] }
			mapping ToBilled : Billing.BillInvoice -> Billed { id <- id  lines <- [] }
			flow F {
			    from Billing.events
			    map ToBilled
			""";

	/** The line of the step after {@link #CRM}. */
	private static final int STEP = 21;

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
				"the URL of byLines names {lines}, which is a list (List<String>) here, and a URL takes a single value");
		Issue optional = fixture.single(CRM + "    enrich account with call Crm.byNote\n}\n", EnrichCallValidator.OPTIONAL_CALL_FIELD,
				STEP, "names {note}, which is optional here: a record without note becomes a dead letter, since the URL cannot be built"
						+ " for it");
		assertEquals(Severity.WARNING, optional.getSeverity());
	}

	@Test
	void aUrlBraceTheRunnerDoesNotFillIsAnError() throws Exception {
		fixture.single(CRM + "    enrich account with call Crm.byCity\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"the URL of byCity: {addr.city}: the runner fills a URL from the record's top-level fields only (Billed: id, note, account,"
						+ " name, lines); map the value into a top-level field of the flow's record before this step");
	}

	@Test
	void aRecordChoosingTheServerIsWarnedOfAndRefusedWithCredentials() throws Exception {
		Issue warning = fixture.single(CRM + "    enrich account with call Crm.byHost\n}\n",
				dev.isthmus.dsl.validation.HttpUrlTemplateValidator.HOST_FROM_RECORD, STEP,
				"{id} is in the URL's scheme, host or port, so each record's data chooses the server it goes to; write the server in the"
						+ " URL (or ${env:NAME}) and put record fields in its path or query");
		assertEquals(Severity.WARNING, warning.getSeverity());
		fixture.single(CRM + "    enrich account with call Crm.byHostSigned\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"so each record's data chooses the server it goes to, with the endpoint's credentials;");
	}

	@Test
	void theAnswerIsJson() throws Exception {
		fixture.single(CRM + "    enrich account with call Crm.rows\n}\n", EnrichCallValidator.BAD_CALL, STEP,
				"rows answers Row, a csv record, and the runner reads a call's answer as JSON; declare the record json");
	}

	@Test
	void theFieldIsOptionalForTheCallFillsItLater() throws Exception {
		String read = "package acme\nsystem Src kind src {\n  record Item json { id : string, acc : { } }\n"
				+ "  endpoint items webhook \"/items\" receives Item signature none\n  endpoint single http get \"${env:S}/a/{id}\" receives Item\n}\n"
				+ "flow G {\n  from Src.items\n  enrich acc with call Src.single\n}\n";
		fixture.single(read, FlowValidator.SHAPE_MISMATCH, 9, "'acc' is required, but the call fills it after the record is read, where it"
				+ " would be missing (and the endpoint may have no such record); declare it optional (acc : { }?)");
		fixture.none(read.replace("acc : { }", "acc : { }?"));
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
