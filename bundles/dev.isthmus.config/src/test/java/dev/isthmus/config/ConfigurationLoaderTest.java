package dev.isthmus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the generator's golden output (the contract as the generator writes it) and hand-broken copies of it.
 */
class ConfigurationLoaderTest {


	@TempDir
	Path copy;

	@BeforeEach
	void copyGolden() throws Exception {
		GoldenCopy.into(copy);
	}

	@Test
	void theGeneratedProjectLoads() throws Exception {
		GeneratedProject project = ConfigurationLoader.load(copy);
		assertEquals("1.0", project.manifest().get("format").asText());
		assertEquals(java.util.List.of("shop.Orders"), java.util.List.copyOf(project.flows().keySet()));
		assertEquals("shop.Till.orders", project.flows().get("shop.Orders").at("/source/endpoint").asText());
	}

	@Test
	void aHandBrokenStepIsRefusedWithItsPointer() throws Exception {
		Path flow = copy.resolve("flows/shop.Orders.json");
		Files.writeString(flow, Files.readString(flow).replace("\"step\": \"map\"", "\"step\": \"teleport\""));

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertEquals(flow, e.file());
		assertEquals("/steps/0/step", e.pointer());
		assertTrue(e.getMessage().endsWith("correct it in the file, or generate the project again from its .isl files (isthmus generate writes"
				+ " these files; they are not meant to be edited by hand)"), e.getMessage());
	}

	/** A listed schema deleted: refused, not run without the record's declared type checks (it was). */
	@Test
	void aMissingSchemaFileIsRefused() throws Exception {
		com.fasterxml.jackson.databind.JsonNode files = new com.fasterxml.jackson.databind.ObjectMapper()
				.readTree(copy.resolve(ConfigurationLoader.MANIFEST).toFile()).path("files");
		int schema = 0;
		while (!files.get(schema).asText().startsWith("schemas/")) {
			schema++;
		}
		Files.delete(copy.resolve(files.get(schema).asText()));

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertEquals("/files/" + schema, e.pointer());
		assertTrue(e.getMessage().contains(files.get(schema).asText() + " is missing; generate the project again"), e.getMessage());
	}

	@Test
	void anUnknownFieldIsRefused() throws Exception {
		Path flow = copy.resolve("flows/shop.Orders.json");
		Files.writeString(flow, Files.readString(flow).replaceFirst("\"flow\": \"shop.Orders\",", "\"flow\": \"shop.Orders\", \"password\": \"x\","));

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertTrue(e.getMessage().contains("password"), e.getMessage());
	}

	@Test
	void aNewerMajorFormatIsRefused() throws Exception {
		Path manifest = copy.resolve(ConfigurationLoader.MANIFEST);
		Files.writeString(manifest, Files.readString(manifest).replace("\"format\": \"1.0\"", "\"format\": \"2.0\""));

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertEquals("/format", e.pointer());
		assertTrue(e.getMessage().contains("format 2.0 is newer than this reader (1.x)"), e.getMessage());
	}

	@Test
	void brokenJsonSaysWhere() throws Exception {
		Path flow = copy.resolve("flows/shop.Orders.json");
		Files.writeString(flow, "{\n  \"format\": \"1.0\",\n  \"flow\": \n}\n");

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertTrue(e.getMessage().startsWith(flow + ": not valid JSON at line 4, column 1: "), e.getMessage());
	}

	/** A project's folder given for a generated one: not told to generate into the project itself (was). */
	@Test
	void aProjectFolderGivenForAGeneratedOneSaysToGenerateElsewhere(@TempDir Path project) throws Exception {
		Path folder = Files.createDirectories(project.resolve("revenue-ops"));
		Files.writeString(folder.resolve("flows.isl"), "package ops\n");
		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(folder));
		assertTrue(e.getMessage().endsWith("this is an Isthmus project (it holds .isl files: flows.isl), not a generated one; run 'isthmus"
				+ " generate " + folder + " -o target/revenue-ops' and then use target/revenue-ops"), e.getMessage());
		// A file deeper down is some project's below it, not this folder's (review 39: /tmp was called a project).
		Path above = Files.createDirectories(project.resolve("above"));
		Files.createDirectories(above.resolve("a/b")).resolve("x.isl").toFile().createNewFile();
		e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(above));
		assertTrue(e.getMessage().endsWith("no manifest here; run 'isthmus generate <project> -o " + above + "' first"), e.getMessage());
	}

	/** An empty manifest said: expected a format version such as "1.0", found (nothing). */
	@Test
	void anEmptyFileSaysSo() throws Exception {
		Files.writeString(copy.resolve("isthmus-manifest.json"), "");
		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertTrue(e.getMessage().endsWith("the file is empty; generate the project again"), e.getMessage());
	}

	@Test
	void aMissingManifestSaysWhatToRun(@TempDir Path empty) {
		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(empty));
		assertTrue(e.getMessage().endsWith("no manifest here; run 'isthmus generate <project> -o " + empty + "' first"),
				e.getMessage());
	}
}
