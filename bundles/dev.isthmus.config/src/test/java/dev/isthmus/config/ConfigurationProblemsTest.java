package dev.isthmus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration with several problems in several files is refused naming every one: a review that had hand-edited
 * three values was shown the first and "(and 2 more problems)", with the JSON pointer printed twice, and found the
 * others one start at a time. Seen failing before the fix.
 */
class ConfigurationProblemsTest {


	@TempDir
	Path copy;

	@BeforeEach
	void copyGolden() throws Exception {
		GoldenCopy.into(copy);
	}

	@Test
	void everySchemaProblemOfEveryFileIsNamedWithItsPointerOnce() throws Exception {
		Path manifest = copy.resolve(ConfigurationLoader.MANIFEST);
		Files.writeString(manifest, Files.readString(manifest).replace("\"generator\": \"0.1.0.test\"", "\"generator\": 42"));
		Path flow = copy.resolve("flows/shop.Orders.json");
		Files.writeString(flow, Files.readString(flow).replace("\"step\": \"map\"", "\"step\": \"teleport\"")
				.replace("\"format\": \"csv\"", "\"format\": \"xml\""));
		Files.delete(copy.resolve("schemas/shop.Line.schema.json"));

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));

		List<String> where = e.problems().stream().map(p -> copy.relativize(p.file()) + " " + p.pointer()).toList();
		assertEquals(List.of("isthmus-manifest.json /generator", "isthmus-manifest.json /files/3",
				"flows/shop.Orders.json /endpoints/shop.Books.entries/format", "flows/shop.Orders.json /steps/0/step"), where);
		for (ConfigurationException.Problem p : e.problems()) {
			assertFalse(p.message().contains(p.pointer()), "the pointer once: " + p);
			assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
		}
		assertTrue(e.problems().get(3).message().startsWith("does not have a value in the enumeration [\"map\""), e.getMessage());
		assertTrue(e.problems().get(3).message().endsWith("; correct it in the file, or generate the project again from its .isl files"
				+ " (isthmus generate writes these files; they are not meant to be edited by hand)"), e.getMessage());
		assertTrue(e.problems().get(1).message().endsWith("schemas/shop.Line.schema.json is missing; generate the project again"),
				e.getMessage());
		assertFalse(e.getMessage().contains("more problems"), e.getMessage());
	}

	@Test
	void aFlowFileThatIsNotJsonIsOneProblemAmongTheOthers() throws Exception {
		Path manifest = copy.resolve(ConfigurationLoader.MANIFEST);
		Files.writeString(manifest, Files.readString(manifest).replace("\"generator\": \"0.1.0.test\"", "\"generator\": 42"));
		Path flow = copy.resolve("flows/shop.Orders.json");
		Files.writeString(flow, "{\"format\": \"1.0\",\n");

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));

		assertEquals(2, e.problems().size(), e.getMessage());
		assertEquals("/generator", e.problems().get(0).pointer());
		assertEquals(flow, e.problems().get(1).file());
		assertTrue(e.problems().get(1).message().startsWith("not valid JSON at line"), e.getMessage());
	}
}
