package dev.isthmus.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.studio.internal.views.MappingPreviewRun;
import dev.isthmus.studio.internal.views.MappingPreviewRun.Result;

/**
 * The Mapping preview reads a sample in the encoding the runner reads it in: that of the file endpoint its flow's
 * source is, when the mapping maps that endpoint's record — and says which encoding it used, and why. Runs
 * {@link MappingPreviewRun} on a copy of the model views' shop (fixtures in {@code resources/model-views}) whose
 * till drops orders as windows-1252 files; no workbench needed.
 */
class MappingPreviewEncodingTest {

	private static final String[] FIXTURES = { "models.isl", "systems.isl", "mappings.isl", "flows.isl" };
	private static final String WEBHOOK = "endpoint orders webhook \"/till/orders\" receives TillOrder";
	/** An order whose item is a "Caf\u00e9" blend: 0xE9 in windows-1252, not UTF-8 at all. */
	private static final String ORDER = "{\"id\": \"O-1\", \"amount\": 1250, \"currency\": \"eur\", \"items\": [{\"sku\": \"Caf\u00e9\", \"qty\": 2}]}\n";

	private Path project;

	@BeforeEach
	void copyShop() throws IOException {
		project = Files.createTempDirectory("preview-encoding");
		for (String fixture : FIXTURES) {
			URL entry = Platform.getBundle("dev.isthmus.studio.tests").getEntry("resources/model-views/" + fixture);
			assertNotNull(entry, "fixture " + fixture + " is not in the test bundle (build.properties bin.includes)");
			try (InputStream in = entry.openStream()) {
				Files.write(project.resolve(fixture), in.readAllBytes());
			}
		}
		Files.createDirectories(project.resolve("samples"));
	}

	@AfterEach
	void deleteShop() throws IOException {
		try (Stream<Path> files = Files.walk(project)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	@Test
	void aSampleIsReadInTheEncodingOfTheFlowsSourceEndpoint() throws Exception {
		replace("systems.isl", WEBHOOK, "endpoint orders file \"inbox\" pattern \"*.ndjson\" encoding \"Cp1252\" receives TillOrder");
		Path sample = sample("orders.ndjson", ORDER, Charset.forName("windows-1252"));

		Result result = MappingPreviewRun.run(project, "shop.TillToOrder", sample, () -> false);

		assertNull(result.problem(), result.problem());
		assertEquals(1, result.records().size(), result.toString());
		assertNull(result.records().get(0).error(), result.records().get(0).error());
		assertEquals("Caf\u00e9", json(result.records().get(0).output()).at("/lines/0/sku").asText());
		assertEquals("read as windows-1252, the encoding of endpoint shop.Till.orders, the source of flow shop.Orders",
				result.reading(), "the canonical name, and where it comes from");
	}

	@Test
	void aSampleIsUtf8WhenTheSourceEndpointNamesNoEncoding() throws Exception {
		Path sample = sample("orders.ndjson", ORDER, Charset.forName("windows-1252"));

		Result result = MappingPreviewRun.run(project, "shop.TillToOrder", sample, () -> false);

		assertNotNull(result.problem(), "a windows-1252 byte is no UTF-8: " + result);
		assertTrue(result.problem().contains("byte") && result.problem().contains("0xe9") && result.problem().contains("UTF-8"),
				result.problem());
		assertEquals("read as UTF-8: endpoint shop.Till.orders, the source of flow shop.Orders, is a webhook endpoint"
				+ " (only a file endpoint names an encoding)", result.reading());

		Files.writeString(sample, ORDER, StandardCharsets.UTF_8);
		Result utf8 = MappingPreviewRun.run(project, "shop.TillToOrder", sample, () -> false);
		assertNull(utf8.problem(), utf8.problem());
		assertEquals("Caf\u00e9", json(utf8.records().get(0).output()).at("/lines/0/sku").asText());

		replace("systems.isl", WEBHOOK, "endpoint orders file \"inbox\" receives TillOrder");
		Result file = MappingPreviewRun.run(project, "shop.TillToOrder", sample, () -> false);
		assertNull(file.problem(), file.problem());
		assertEquals("read as UTF-8: endpoint shop.Till.orders, the source of flow shop.Orders, names no encoding",
				file.reading());
	}

	@Test
	void aMappingOfARecordNoSourceReadsIsPreviewedOnUtf8() throws Exception {
		replace("systems.isl", WEBHOOK, "endpoint orders file \"inbox\" encoding \"windows-1252\" receives TillOrder");
		Path sample = sample("order.json", "{\"id\": \"O-1\", \"total\": 12.5, \"placedAt\": \"2026-01-02T03:04:05Z\"}",
				StandardCharsets.UTF_8);

		// OrderToEntry maps an Order, made by a step of the flow, never read from the till's files.
		Result result = MappingPreviewRun.run(project, "shop.OrderToEntry", sample, () -> false);

		assertNull(result.problem(), result.problem());
		assertEquals("read as UTF-8: no flow that uses mapping shop.OrderToEntry reads its source shop.Order from its"
				+ " source endpoint", result.reading());
	}

	@Test
	void flowsWhoseSourcesDisagreeArePickedByNameAndTheOthersNamed() throws Exception {
		replace("systems.isl", WEBHOOK, "endpoint orders file \"inbox\" encoding \"windows-1252\" receives TillOrder\n"
				+ "    endpoint archive file \"archive\" encoding \"latin1\" receives TillOrder\n"
				+ "    endpoint web webhook \"/till/web\" receives TillOrder");
		Files.writeString(project.resolve("more-flows.isl"), """
				package shop

				flow Web {
				    from Till.web
				    map TillToOrder
				    to Books.entries via OrderToEntry
				}

				flow Archive {
				    from Till.archive
				    map TillToOrder
				    to Books.entries via OrderToEntry
				}
				""");
		Path sample = sample("orders.ndjson", ORDER, StandardCharsets.ISO_8859_1);

		Result result = MappingPreviewRun.run(project, "shop.TillToOrder", sample, () -> false);

		assertNull(result.problem(), result.problem());
		assertEquals("shop.Archive", result.flow(), "the first by name of the flows that use it");
		assertEquals("Caf\u00e9", json(result.records().get(0).output()).at("/lines/0/sku").asText());
		assertEquals("read as ISO-8859-1, the encoding of endpoint shop.Till.archive, the source of flow shop.Archive"
				+ " (of the flows that use mapping shop.TillToOrder on the records of their source, the first by name;"
				+ " flow shop.Orders reads them as windows-1252, flow shop.Web as UTF-8)", result.reading());
	}

	@Test
	void withoutASampleThePreviewSaysHowOneWillBeRead() throws Exception {
		replace("systems.isl", WEBHOOK, "endpoint orders file \"inbox\" encoding \"windows-1252\" receives TillOrder");

		Result result = MappingPreviewRun.run(project, "shop.TillToOrder", null, () -> false);

		assertTrue(result.problem().startsWith("Choose a sample file"), result.problem());
		assertEquals("read as windows-1252, the encoding of endpoint shop.Till.orders, the source of flow shop.Orders",
				result.reading());
	}

	private void replace(String file, String text, String by) throws IOException {
		String source = Files.readString(project.resolve(file));
		assertTrue(source.contains(text), file + " holds " + text);
		Files.writeString(project.resolve(file), source.replace(text, by));
	}

	private Path sample(String name, String text, Charset charset) throws IOException {
		Path sample = project.resolve("samples").resolve(name);
		Files.write(sample, text.getBytes(charset));
		return sample;
	}

	private static JsonNode json(String text) throws IOException {
		return new ObjectMapper().readTree(text);
	}
}
