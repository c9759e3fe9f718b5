package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.FileSourceOnJournal.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON file in a watched directory is checked whole, then read an element at a time, in batches, its checkpoint
 * counting elements: read whole, a JSON export of a few hundred MB was a tree several times its size, and the
 * runner, ended by the OutOfMemoryError, met it again at each start. On a real directory and a real (H2 file)
 * journal. Seen failing before the change: the array came as one batch of all its elements, whatever the batch size.
 */
class FileSourceJsonArrayTest {

	@TempDir
	Path root;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private FileSource source(Path inbox) throws Exception {
		return FileSourceOnJournal.open(root, "P.rows", inbox, "*.json", StandardCharsets.UTF_8, logged);
	}

	private static String array(int size) {
		StringBuilder text = new StringBuilder("[\n");
		for (int i = 0; i < size; i++) {
			text.append(i == 0 ? "" : ",\n").append("{\"id\": ").append(i).append(", \"name\": \"r-").append(i).append("\"}");
		}
		return text.append("\n]\n").toString();
	}

	private static List<String> origins(List<Input> inputs) {
		return inputs.stream().map(Input::origin).toList();
	}

	private static List<String> origins(int from, int to) {
		return IntStream.range(from, to).mapToObj(i -> "file:inbox/a.json#" + i).toList();
	}

	@Test
	void anArrayIsReadInBatchesAndARestartGoesOnAtTheNextElement() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Files.writeString(inbox.resolve("a.json"), array(2_500));
		List<Input> first;
		try (Journal journal = FileSourceOnJournal.journal(root); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			first = batch(source, c, 1_000);
			source.close();
		}
		assertEquals(origins(0, 1_000), origins(first));
		assertEquals("r-999", first.get(999).json().get("name").asText());
		assertTrue(Files.exists(inbox.resolve("a.json")), "not finished: still in the directory");

		List<Integer> sizes = new ArrayList<>();
		List<Input> rest = new ArrayList<>();
		try (Journal journal = FileSourceOnJournal.journal(root); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			for (List<Input> inputs; (inputs = batch(source, c, 1_000)) != null;) {
				sizes.add(inputs.size());
				rest.addAll(inputs);
			}
			source.close();
		}
		assertEquals(List.of(1_000, 500), sizes, "the rest in batches of at most 1,000");
		assertEquals(origins(1_000, 2_500), origins(rest), "every element once, in order, named by its index");
		assertEquals(2_499, rest.get(rest.size() - 1).json().get("id").asInt());
		assertTrue(Files.exists(inbox.resolve("done/a.json")), String.valueOf(logged));
	}

	@Test
	void aMalformedElementFarDownTakesNoRecordOfTheFile() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		String text = array(3_000).replace("{\"id\": 2500,", "{\"id\": 2500, \"id\": 2501,");
		Files.writeString(inbox.resolve("a.json"), text);
		try (Journal journal = FileSourceOnJournal.journal(root); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			assertEquals(List.of(), FileSourceOnJournal.drain(source, c, 1_000));
			source.close();
		}
		String reason = Files.readString(inbox.resolve("failed/a.json.reason.txt"));
		assertTrue(reason.contains("the field \"id\" is named twice in one object"), reason);
	}

	@Test
	void oneRecordTooLongForTheJournalIsADeadLetterKeepingItsStart() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Files.writeString(inbox.resolve("a.json"), "{\"id\": 1, \"name\": \"" + "x".repeat(1_200_000) + "\"}\n");
		List<Input> read;
		try (Journal journal = FileSourceOnJournal.journal(root); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			read = FileSourceOnJournal.drain(source, c, 1_000);
			source.close();
		}
		assertEquals(1, read.size());
		assertNull(read.get(0).json());
		assertEquals("the record has 1200021 characters, more than the 1000000 the journal keeps; it was not processed, and is whole at"
				+ " file:inbox/a.json", read.get(0).problem());
		assertTrue(read.get(0).text().length() < 10_010, "its start kept, not the whole");
	}
}
