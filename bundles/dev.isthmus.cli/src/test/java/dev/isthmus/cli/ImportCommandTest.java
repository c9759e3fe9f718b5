package dev.isthmus.cli;

import static dev.isthmus.cli.IsthmusCommandLineTest.print;
import static dev.isthmus.cli.IsthmusCommandLineTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports real payloads (shared/samples) and proves the printed declarations are valid Isthmus: pasted into a
 * system of a project, they validate without a problem.
 */
class ImportCommandTest {

	private static final Path SAMPLES = Path.of("../../../shared/samples");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void importedRecordsValidateAsPartOfASystem(@TempDir Path project) throws Exception {
		StringBuilder records = new StringBuilder();
		String[][] imports = {
				{ "json", "stripe/fixtures3.json", "--name", "StripeInvoice", "--pointer", "/resources/invoice" },
				{ "json", "stripe/fixtures3.json", "--name", "StripeEvent", "--pointer", "/resources/event" },
				{ "json", "stripe/fixtures3.json", "--name", "StripeCreditNote", "--pointer", "/resources/credit_note" },
				{ "json", "netsuite/journal_entries.json", "--name", "NsJournalEntry" },
				{ "json", "netsuite/customers.json", "--name", "NsCustomer" } };
		for (String[] args : imports) {
			out.reset();
			String[] command = new String[args.length + 1];
			command[0] = "import";
			System.arraycopy(args, 0, command, 1, args.length);
			command[2] = SAMPLES.resolve(args[1]).toString();
			assertEquals(IsthmusCommandLine.OK, cli.run(command), () -> text(err));
			records.append(text(out).indent(4));
		}
		Files.writeString(project.resolve("systems.isl"), "package acme\nsystem Imported kind billing {\n" + records + "}\n");

		out.reset();
		int exit = cli.run("validate", project.toString());
		assertEquals(IsthmusCommandLine.OK, exit, text(out));
		assertTrue(text(out).endsWith(": 1 file, 0 errors, 0 warnings\n"), text(out));
	}

	@Test
	void aFileThatIsNotJsonSaysWhere(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("bad.json");
		Files.writeString(file, "{ \"id\": }");
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("import", "json", file.toString()));
		assertTrue(text(err).startsWith("isthmus import: " + file + ":1:9: not valid JSON: "), text(err));
	}

	@Test
	void anUnknownFormatIsAUsageError() {
		assertEquals(IsthmusCommandLine.USAGE, cli.run("import", "xml", "x.xml"));
		assertTrue(text(err).startsWith("isthmus import: expected a format (json, ndjson, csv or jsonschema) and a file."));
	}
}
