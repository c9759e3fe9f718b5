package dev.isthmus.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.IslFile;

/**
 * Syntax errors that say what to write (review 37's cosmetic findings and their kin): each was the parser's bare "no
 * viable alternative at input …" or "mismatched input …" before.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class SyntaxHintsTest {

	@Inject
	private ParseHelper<IslFile> parser;

	private static final String SHOP = "package acme\nsystem Shop kind product {\n    record Order json {\n        id : string\n    }\n"
			+ "    endpoint orders file \"in\" receives Order\n    endpoint ledger http post \"https://erp.example/orders\" sends Order\n}\n";

	/** The first error's line and message. */
	private String firstError(String text, int line) throws Exception {
		var errors = parser.parse(text).eResource().getErrors();
		assertTrue(!errors.isEmpty(), "an error: " + text);
		assertEquals(line, errors.get(0).getLine(), errors::toString);
		return errors.get(0).getMessage();
	}

	@Test
	void anEnumAsARecordFieldsTypeSaysToMapAString() throws Exception {
		String message = firstError("package acme\nenum Status { OPEN PAID }\nsystem S kind erp {\n    record R json {\n        id : string\n"
				+ "        status : Status\n    }\n}\n", 6);
		assertTrue(message.contains("a record field's type is one of string, integer, number, decimal, boolean, date, timestamp")
				&& message.contains("if 'Status' is an enum or a model, keep the field a string here and make it a Status in a mapping"), message);
		// in a nested object too
		message = firstError("package acme\nsystem S kind erp {\n    record R json {\n        lines : { data : [ { amount : Money } ] }\n"
				+ "    }\n}\n", 4);
		assertTrue(message.contains("if 'Money' is an enum or a model"), message);
	}

	@Test
	void aModelsTypeInARecordAndARecordsTypeInAModelSayWhichToWrite() throws Exception {
		String message = firstError("package acme\nsystem S kind erp {\n    record R json {\n        total : Decimal\n    }\n}\n", 4);
		assertTrue(message.contains("a record's field types are its payload's, in lower case") && message.endsWith("write decimal"), message);
		message = firstError("package acme\nmodel Invoice {\n    key id : string\n}\n", 3);
		assertTrue(message.contains("a model's field types are String, Integer, Long") && message.contains("write String"), message);
	}

	@Test
	void commasBetweenAnEnumsLiteralsSayHowToWriteIt() throws Exception {
		String message = firstError("package acme\nenum Status { OPEN, PAID, VOID }\n", 2);
		assertTrue(message.endsWith("an enum's literals are separated by spaces or line breaks, not commas: enum Status { OPEN PAID VOID }"),
				message);
	}

	@Test
	void anEndpointsOptionOnAFlowsTargetSaysWhereItGoes() throws Exception {
		String message = firstError(SHOP + "flow Post {\n    from Shop.orders\n    to Shop.ledger [timeout 2s concurrency 2]\n}\n", 11);
		assertTrue(message.contains("'concurrency' is an endpoint's option, not a flow's: a target's [ … ] takes retry, timeout, rate and"
				+ " dead-letter"), message);
	}

	@Test
	void aFlowsPolicyOnAnEndpointSaysWhereItGoes() throws Exception {
		String message = firstError("package acme\nsystem Shop kind product {\n    record Order json {\n        id : string\n    }\n"
				+ "    endpoint ledger http post \"https://erp.example/orders\" sends Order\n        retry 3 times\n}\n", 7);
		assertTrue(message.contains("'retry' is a flow's policy, not an endpoint's: write it in the flow, on its target"), message);
	}

	/** Names the hints do not know are left to the parser's words (and a keyword-as-name hint to its own). */
	@Test
	void aTypoElsewhereGetsNoHint() throws Exception {
		String message = firstError(SHOP + "flow Post {\n    from Shop.orders\n    to Shop.ledger [timeout 2s retries 2]\n}\n", 11);
		assertTrue(!message.contains("endpoint's option"), message);
	}

	/** Review 38: a misspelt keyword got the parser's words alone ("mismatched input 'deadletter' expecting '}'"). */
	@Test
	void aMisspeltKeywordSaysWhichItMeans() throws Exception {
		String message = firstError(SHOP + "flow Post {\n    from Shop.orders\n    to Shop.ledger\n    deadletter\n}\n", 12);
		assertTrue(message.endsWith("did you mean 'dead-letter'?"), message);
	}

	/** Review 38: 'idempotent on id' without its time said "expecting 'for'" of the next line's word. */
	@Test
	void aStepWrittenWronglySaysHowItIsWritten() throws Exception {
		String message = firstError(SHOP + "flow Post {\n    from Shop.orders\n    idempotent by id for 7d\n    to Shop.ledger\n}\n", 11);
		assertTrue(message.endsWith("write idempotent on <key> for <how long>, e.g. idempotent on id for 7d"), message);
		message = firstError(SHOP + "flow Post {\n    from Shop.orders\n    to Shop.ledger\n    retry 3 backoff fixed from 1s to 1s\n}\n", 12);
		assertTrue(message.contains("write retry <n> times"), message);
	}

	/** Review 38: a misspelt field type was offered as an enum or a model, a misspelt format got no hint at all. */
	@Test
	void aMisspeltRecordTypeOrFormatSaysWhichItMeans() throws Exception {
		String message = firstError(SHOP.replace("id : string", "id : strng"), 4);
		assertTrue(message.contains("did you mean 'string'? A record field's type is one of string, integer,"), message);
		message = firstError(SHOP.replace("record Order json", "record Order jsn"), 3);
		assertTrue(message.endsWith("did you mean 'json'? a record's format follows its name: json, ndjson, csv or form"), message);
		message = firstError(SHOP.replace("record Order json", "record Order xml"), 3);
		assertTrue(message.endsWith(": a record's format follows its name: json, ndjson, csv or form"), message);
	}

	/** An endpoint's option before its record (the unsigned-webhook warning says 'signature none', not where). */
	@Test
	void anEndpointsOptionBeforeItsRecordSaysTheOrder() throws Exception {
		String message = firstError(SHOP.replace("endpoint orders file \"in\" receives Order",
				"endpoint orders webhook \"/orders\" signature none receives Order"), 6);
		assertTrue(message.endsWith("an endpoint's options come after the record it receives or sends: write endpoint orders webhook"
				+ " \"/orders\" receives Order signature none"), message);
		message = firstError(SHOP.replace("post \"https://erp.example/orders\" sends", "post \"https://erp.example/orders\" timeout 5s sends"), 7);
		assertTrue(message.endsWith("write endpoint ledger http post \"https://erp.example/orders\" sends Order timeout 5s"), message);
	}
}
