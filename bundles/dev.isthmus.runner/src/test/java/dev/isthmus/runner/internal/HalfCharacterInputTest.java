package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Half of a character (a JSON {@code \\ud800} escape alone) in a record read from a JSON document or sent to a
 * webhook is read as it is, the code unit kept: the engine refuses it where the record would be delivered (see
 * RunnerHalfCharacterDeliveryTest), so a flow filtering the record, or not delivering that field, is not hindered.
 */
class HalfCharacterInputTest {

	@TempDir
	Path root;

	@Test
	void aJsonDocumentsElementHoldingHalfACharacterIsReadKeepingIt() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Files.writeString(inbox.resolve("a.json"), "[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"tags\":[\"x\",\"\\udc00!\"]},{\"id\":3,\"name\":\"\\ud83d\\ude00\"}]");
		String shape = "{\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}}}";
		FileSource source = new FileSource("f", "P.events", inbox, "*.json", "json", new CsvRecords(new ObjectMapper().readTree(shape)),
				new Roots(root), new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
						new Environment(name -> null)), Duration.ZERO, new UnreadFiles(), StandardCharsets.UTF_8);
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			List<Input> inputs = source.next(c, 100).inputs();

			assertEquals(3, inputs.size());
			assertNull(inputs.get(0).problem());
			assertNull(inputs.get(1).problem());
			assertEquals("\uDC00!", inputs.get(1).json().get("tags").get(1).asText());
			assertEquals("\uD83D\uDE00", inputs.get(2).json().get("name").asText());
		}
	}

	@Test
	void aWebhookRecordHoldingHalfACharacterIsReadKeepingIt() {
		Input input = JsonInput.read("{\"n\":\"a\\ud800\"}", "", "webhook", "P.hook");

		assertNull(input.problem());
		assertEquals("a\uD800", input.json().get("n").asText());
		assertNull(JsonInput.read("{\"n\":\"\\u00e9\"}", "", "webhook", "P.hook").problem(), "an escape of a whole character is read");
	}
}
