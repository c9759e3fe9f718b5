package dev.isthmus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow schema takes an endpoint's {@code "format": "form"} (a record the runner sends form-encoded), as the
 * generator writes it for a {@code form} record; a format the runner does not know is still refused.
 */
class FormFormatSchemaTest {

	private static final String CSV = "\"format\": \"csv\"";

	@TempDir
	Path copy;

	@BeforeEach
	void copyGolden() throws Exception {
		GoldenCopy.into(copy);
	}

	@Test
	void formLoads() throws Exception {
		withFormat("form");
		assertEquals("form", ConfigurationLoader.load(copy).flows().get("shop.Orders").at("/endpoints/shop.Books.entries/format").asText());
	}

	@Test
	void anUnknownFormatIsRefused() throws Exception {
		withFormat("xml");
		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertTrue(e.pointer().startsWith("/endpoints/shop.Books.entries/format"), e.pointer() + ": " + e.getMessage());
	}

	private void withFormat(String format) throws Exception {
		GoldenCopy.editFlow(copy, CSV, "\"format\": \"" + format + "\"");
	}
}
