package dev.isthmus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow schema's request headers and file encoding: the generator's golden output (whose file target names an
 * encoding) with headers added by hand, as the generator writes them, and with header items the runner could not
 * read.
 */
class HeadersAndEncodingSchemaTest {

	private static final String ENTRIES = "\"shop.Books.entries\": {";

	@TempDir
	Path copy;

	@BeforeEach
	void copyGolden() throws Exception {
		GoldenCopy.into(copy);
	}

	@Test
	void anEncodingAndHeadersLoad() throws Exception {
		withHeaders("[{\"name\": \"Stripe-Version\", \"value\": \"2024-06-20\"}, {\"name\": \"X-Tenant-Token\", \"secret\": {\"env\": \"TENANT_TOKEN\"}}]");

		GeneratedProject project = ConfigurationLoader.load(copy);
		assertEquals("ISO-8859-1", project.flows().get("shop.Orders").at("/endpoints/shop.Books.entries/transport/encoding").asText());
		assertEquals("TENANT_TOKEN", project.flows().get("shop.Orders").at("/endpoints/shop.Books.entries/headers/1/secret/env").asText());
	}

	@Test
	void aHeaderWithBothValueAndSecretIsRefused() throws Exception {
		withHeaders("[{\"name\": \"X-Tenant\", \"value\": \"acme\", \"secret\": {\"env\": \"TENANT\"}}]");

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertTrue(e.pointer().startsWith("/endpoints/shop.Books.entries/headers/0"), e.pointer() + ": " + e.getMessage());
	}

	@Test
	void aHeaderWithNeitherValueNorSecretIsRefused() throws Exception {
		withHeaders("[{\"name\": \"X-Tenant\"}]");

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));
		assertTrue(e.pointer().startsWith("/endpoints/shop.Books.entries/headers/0"), e.pointer() + ": " + e.getMessage());
	}

	private void withHeaders(String headers) throws Exception {
		GoldenCopy.editFlow(copy, ENTRIES, ENTRIES + " \"headers\": " + headers + ",");
	}
}
