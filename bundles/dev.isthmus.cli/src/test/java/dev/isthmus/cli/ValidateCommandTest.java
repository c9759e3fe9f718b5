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

/** Runs {@code isthmus validate} in-process on real files: the bundled example and broken copies in a temp dir. */
class ValidateCommandTest {

	/** Tests run with the bundle folder as working directory; the example is at the top of the repository. */
	private static final Path EXAMPLE = Path.of("../../examples/revenue-ops");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void theBundledExampleHasNoProblems() {
		int exit = cli.run("validate", EXAMPLE.toString());

		assertEquals("", text(err));
		assertEquals(IsthmusCommandLine.OK, exit, text(out));
		assertTrue(text(out).matches("(?s).*: \\d+ files, 0 errors, 0 warnings\\n"), text(out));
	}

	@Test
	void problemsArePrintedWithFileLineAndColumnAndFailTheRun(@TempDir Path project) throws Exception {
		Files.writeString(project.resolve("common.isl"), """
				package acme.common
				model Customer { key id : String }
				""");
		Path invoices = project.resolve("invoices.isl");
		Files.writeString(invoices, """
				package acme.revenue
				import acme.common.*
				model Invoice {
				    key id   : String
				    customer : ref Customr
				}
				""");

		int exit = cli.run("validate", project.toString());

		assertEquals(IsthmusCommandLine.PROBLEMS, exit);
		String report = text(out);
		assertTrue(report.startsWith(invoices + ":5:20: error: there is no model, enum or other element named 'Customr' here; did you mean 'Customer'?"), report);
		assertTrue(report.endsWith(project + ": 2 files, 1 error, 0 warnings\n"), report);
	}

	/** Review 38: files were listed by name, so a syntax error that other files' errors follow from could come last. */
	@Test
	void aFileWithASyntaxErrorIsListedFirst(@TempDir Path project) throws Exception {
		Files.writeString(project.resolve("a-flows.isl"), """
				package acme
				flow Copy {
				    from Shop.orders
				    to Shop.ledger
				}
				""");
		Path systems = project.resolve("z-systems.isl");
		Files.writeString(systems, """
				package acme
				system Shop kind product {
				    record Order json { id : string }
				    endpoint orders webhook "/orders" signature none receives Order
				    endpoint ledger file "out" sends Order
				}
				""");

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("validate", project.toString()));
		String report = text(out);
		assertTrue(report.startsWith(systems + ":4:39: error: no viable alternative at input 'signature': an endpoint's options come after"),
				report);
		// the parser lost the next endpoint too: the flow's error follows from the first
		assertTrue(report.contains("\n" + project.resolve("a-flows.isl") + ":4:8: error: there is no endpoint named 'Shop.ledger' here"), report);
	}

	@Test
	void jsonFormatIsOneDocumentForTools(@TempDir Path project) throws Exception {
		Files.writeString(project.resolve("m.isl"), "package acme\nmodel M {\n  key id : Strin\n}\n");

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("validate", project.toString(), "--format", "json"));
		com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text(out));
		assertEquals(1, report.get("errors").asInt());
		assertEquals(1, report.get("files").asInt());
		com.fasterxml.jackson.databind.JsonNode diagnostic = report.get("diagnostics").get(0);
		assertEquals(3, diagnostic.get("line").asInt());
		assertEquals("error", diagnostic.get("severity").asText());
		assertTrue(diagnostic.get("message").asText().contains("did you mean 'String'?")
				|| diagnostic.get("message").asText().contains("'Strin'"), diagnostic.toString());
	}

	@Test
	void aFolderWithoutIslFilesIsAUsageError(@TempDir Path empty) {
		assertEquals(IsthmusCommandLine.USAGE, cli.run("validate", empty.toString()));
		assertEquals("isthmus validate: no .isl files below " + empty + ". Is this the project folder?\n", text(err));
	}

	@Test
	void aMissingFolderIsAUsageError() {
		assertEquals(IsthmusCommandLine.USAGE, cli.run("validate", "no/such/project"));
		assertTrue(text(err).startsWith("isthmus validate: no/such/project is not a folder."), text(err));
	}
}
