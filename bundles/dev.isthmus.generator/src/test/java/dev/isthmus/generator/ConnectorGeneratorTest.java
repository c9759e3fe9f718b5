package dev.isthmus.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;

/**
 * Golden files: the small shop project and examples/revenue-ops in, their configurations out. To accept a deliberate change, run the
 * tests with -Disthmus.golden.update=true and review the diff of src/test/resources/golden.
 */
class ConnectorGeneratorTest {

	private static final Path PROJECT = Path.of("src/test/resources/project");
	private static final Path GOLDEN = Path.of("src/test/resources/golden");
	private static final Path EXAMPLE = Path.of("../../examples/revenue-ops");
	private static final String VERSION = "0.1.0.test";

	@Test
	void generatesTheGoldenFiles() throws Exception {
		assertGolden(PROJECT, GOLDEN);
	}

	@Test
	void generatesTheExamplesGoldenFiles() throws Exception {
		assertGolden(EXAMPLE, Path.of("src/test/resources/golden-revenue-ops"));
	}

	private static void assertGolden(Path source, Path golden) throws Exception {
		IslProject project = IslProject.load(source);
		assertEquals(List.of(), project.errors().stream().map(ProjectDiagnostic::format).toList());
		Map<String, String> files = new ConnectorGenerator(VERSION).generate(project);

		if (Boolean.getBoolean("isthmus.golden.update")) {
			ConnectorGenerator.write(files, golden);
		}
		try (var walk = Files.walk(golden)) {
			List<String> expected = walk.filter(Files::isRegularFile).map(p -> golden.relativize(p).toString()).sorted().toList();
			assertEquals(expected, List.copyOf(files.keySet()), "the generated files are not the golden ones in " + golden);
		}
		for (Map.Entry<String, String> file : files.entrySet()) {
			assertEquals(Files.readString(golden.resolve(file.getKey())), file.getValue(),
					golden.resolve(file.getKey()) + " differs; if the change is meant, rerun with -Disthmus.golden.update=true and review the diff");
		}
	}

	@Test
	void generatingTwiceIsByteIdentical() throws Exception {
		Map<String, String> first = new ConnectorGenerator(VERSION).generate(IslProject.load(EXAMPLE));
		Map<String, String> second = new ConnectorGenerator(VERSION).generate(IslProject.load(EXAMPLE));
		assertEquals(first, second);

		JsonNode manifest = new ObjectMapper().readTree(first.get(ConnectorGenerator.MANIFEST));
		assertEquals(6, manifest.get("flows").size(), manifest.toString());
		assertTrue(manifest.get("sourcesHash").asText().matches("sha256:[0-9a-f]{64}"));
		assertTrue(first.containsKey("schemas/acme.revenue.Invoice.schema.json"), first.keySet().toString());
		assertTrue(first.containsKey("schemas/acme.revenue.Stripe.StripeInvoice.schema.json"), first.keySet().toString());
	}

	@Test
	void theManifestFollowsTheFormatSchemaInTheRepository() throws Exception {
		ObjectMapper json = new ObjectMapper();
		JsonNode schema = json.readTree(Path.of("../dev.isthmus.config/src/main/resources/schema/isthmus-manifest.schema.json").toFile());
		JsonNode manifest = json.readTree(new ConnectorGenerator(VERSION).generate(IslProject.load(PROJECT))
				.get(ConnectorGenerator.MANIFEST));
		List<String> required = new java.util.ArrayList<>();
		schema.get("required").forEach(n -> required.add(n.asText()));
		List<String> present = new java.util.ArrayList<>();
		manifest.fieldNames().forEachRemaining(present::add);
		assertEquals(required, present, "the manifest's fields are the schema's, in its order");
		assertTrue(manifest.get("format").asText().matches(schema.at("/properties/format/pattern").asText()));
	}
}
