package dev.isthmus.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.importer.RecordImporter.ImportException;
import dev.isthmus.importer.RecordImporter.Source;

/** Imports real payloads from shared/samples (beside the repository, as in CI) and small made-up inputs. */
class RecordImporterTest {

	private static final Path SAMPLES = Path.of("../../../shared/samples");
	private static final Path EXAMPLE = Path.of("../../examples/revenue-ops");
	private final RecordImporter importer = new RecordImporter(Set.of("from", "to", "record", "type")::contains);

	@Test
	void stripeInvoiceFromTheFixturesDocument() throws Exception {
		String record = importer.importRecord(Source.JSON, SAMPLES.resolve("stripe/fixtures3.json"), "StripeInvoice",
				"/resources/invoice");

		assertTrue(record.startsWith("record StripeInvoice json {\n"), record);
		assertTrue(record.contains("\n    amount_due : integer\n"), record);
		assertTrue(record.contains("\n    currency : string\n"), record);
		// null in the fixture: the guess is said where it is written
		assertTrue(record.contains("\n    description : string?  // only null seen: type guessed\n"), record);
		assertTrue(record.contains("\n    lines : {\n        data : [ {\n            amount : integer\n"), record);
	}

	/** A list empty in every sample was written [ string ] without a word (the notes' left-out). */
	@Test
	void aListEmptyInEverySampleSaysItsElementTypeIsAGuess(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("orders.ndjson"), "{\"id\":\"o1\",\"tags\":[],\"note\":null}\n{\"id\":\"o2\",\"tags\":[]}\n");
		assertEquals("""
				record Orders ndjson {
				    id : string
				    tags : [ string ]  // only empty lists seen: element type guessed
				    note : string?  // only null seen: type guessed
				}
				""", importer.importRecord(Source.NDJSON, file, "Orders", null));
	}

	@Test
	void stripeEventKeepsItsPayloadObject() throws Exception {
		String record = importer.importRecord(Source.JSON, SAMPLES.resolve("stripe/fixtures3.json"), "StripeEvent",
				"/resources/event");

		assertTrue(record.contains("\n    \"type\" : string\n"), "a keyword as field name is quoted: " + record);
		assertTrue(record.contains("\n    data : {\n        object : {\n"), record);
	}

	@Test
	void netsuiteJournalEntryWithItsLines() throws Exception {
		String record = importer.importRecord(Source.JSON, SAMPLES.resolve("netsuite/journal_entries.json"),
				"NsJournalEntry", null);

		assertTrue(record.contains("\n    lineList : [ {\n"), record);
		assertTrue(record.contains("\n            internalId : string?  // only null seen: type guessed\n"), record);
		assertTrue(record.contains("\n        credit : integer?\n") || record.contains("\n        credit : decimal?\n"), record);
	}

	@Test
	void ndjsonMergesLinesAndFindsTimestamps() throws Exception {
		String record = importer.importRecord(Source.NDJSON, EXAMPLE.resolve("samples/usage-events.ndjson"),
				"UsageEvent", null);

		assertEquals("""
				record UsageEvent ndjson {
				    eventId : string
				    customerId : string
				    sku : string
				    quantity : integer
				    occurredAt : timestamp
				}
				""", record);
	}

	@Test
	void csvColumnsAreTypedByTheirCells(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("late.csv");
		Files.writeString(file, "document,amount,posted,period,note\nin_1,12.50,2026-11-02,2026-10,\nin_2,3,2026-11-03,2026-10,late\n");

		assertEquals("""
				record Late csv {
				    document : string
				    amount : decimal
				    posted : date
				    period : string
				    note : string?
				}
				""", importer.importRecord(Source.CSV, file, "Late", null));
	}

	@Test
	void jsonSchemaWithRequiredRefsAndNullables(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("charge.schema.json");
		Files.writeString(file, """
				{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
				  "required": ["id", "amount", "created", "outcome"],
				  "properties": {
				    "id": { "type": "string" }, "amount": { "type": "integer" },
				    "created": { "type": "string", "format": "date-time" },
				    "failure_code": { "type": ["string", "null"] },
				    "outcome": { "$ref": "#/$defs/outcome" }
				  },
				  "$defs": { "outcome": { "type": "object", "required": ["type"],
				    "properties": { "type": { "type": "string" }, "risk_score": { "type": "number" } } } } }
				""");

		assertEquals("""
				record Charge json {
				    id : string
				    amount : integer
				    created : timestamp
				    failure_code : string?
				    outcome : {
				        "type" : string
				        risk_score : decimal?
				    }
				}
				""", importer.importRecord(Source.JSONSCHEMA, file, "Charge", null));
	}

	@Test
	void brokenInputSaysWhereAndWhy(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("broken.json");
		Files.writeString(file, "{\n  \"id\": \"x\",\n  \"amount\": \n}\n");
		ImportException broken = assertThrows(ImportException.class,
				() -> importer.importRecord(Source.JSON, file, "X", null));
		assertTrue(broken.getMessage().startsWith(file + ":4:1: not valid JSON: "), broken.getMessage());

		ImportException pointer = assertThrows(ImportException.class,
				() -> importer.importRecord(Source.JSON, SAMPLES.resolve("stripe/fixtures3.json"), "X", "/resources/nope"));
		assertTrue(pointer.getMessage().endsWith("nothing at JSON pointer /resources/nope; pointers look like "
				+ "/resources/invoice (object keys and array indexes, separated by /)"), pointer.getMessage());
	}

	@Test
	void recordNamesComeFromFileNames() {
		assertEquals("StripeInvoice", RecordImporter.nameFor(Path.of("stripe-invoice.json")));
		assertEquals("Imported2026Usage", RecordImporter.nameFor(Path.of("2026_usage.csv")));
	}
}
