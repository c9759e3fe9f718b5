package dev.isthmus.cli;

import static dev.isthmus.cli.IsthmusCommandLineTest.print;
import static dev.isthmus.cli.IsthmusCommandLineTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void theExampleGeneratesItsManifestAndSchemas(@TempDir Path output) throws Exception {
		assertEquals(IsthmusCommandLine.OK, cli.run("generate", "../../examples/revenue-ops", "-o", output.toString()),
				text(err));
		assertTrue(Files.isRegularFile(output.resolve("isthmus-manifest.json")));
		assertTrue(Files.isRegularFile(output.resolve("schemas/acme.revenue.Customer.schema.json")));
		assertTrue(text(out).matches("(?s).*: wrote \\d+ files to .*\\n"), text(out));

		// The contract end to end: what the generator wrote is what the format's schemas accept.
		dev.isthmus.config.GeneratedProject loaded = dev.isthmus.config.ConfigurationLoader.load(output);
		assertEquals(6, loaded.flows().size());
		assertEquals("acme.revenue.Stripe.events", loaded.flows().get("acme.revenue.InvoicePosting").at("/source/endpoint").asText());
	}

	@Test
	void errorsWriteNothing(@TempDir Path project, @TempDir Path output) throws Exception {
		Files.writeString(project.resolve("m.isl"), "package acme\nmodel M { key id : Strng }\n");

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("generate", project.toString(), "-o", output.toString()));
		assertTrue(text(err).contains("1 error in " + project + "; nothing was written. Fix it (isthmus validate lists it too)"), text(err));
		try (var files = Files.list(output)) {
			assertFalse(files.findAny().isPresent(), "something was written");
		}
	}
}
