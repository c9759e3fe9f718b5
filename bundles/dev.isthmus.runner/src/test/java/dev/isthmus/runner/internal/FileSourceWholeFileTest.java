package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.FileSourceOnJournal.batch;
import static dev.isthmus.runner.internal.FileSourceOnJournal.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file with a byte that is not text in its encoding is not half delivered: it is checked whole before a record of it
 * is read, and goes to failed/ saying so. Where the bad bytes came only after lines of it were read (written to the
 * file while it was read), the reason names the lines that went on, and asks for the lines after them alone.
 */
class FileSourceWholeFileTest {

	private static final Charset CP1252 = Charset.forName("windows-1252");

	@TempDir
	Path root;

	private FileSource source(Path inbox, String pattern, Charset charset) throws Exception {
		return FileSourceOnJournal.open(root, "P.events", inbox, pattern, charset, new ByteArrayOutputStream());
	}

	private Journal journal() throws Exception {
		return FileSourceOnJournal.journal(root);
	}

	@Test
	void aUtf8NdjsonFileWithABadByteNearItsEndDeliversNothing() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		StringBuilder text = new StringBuilder();
		for (int i = 1; i <= 3000; i++) {
			text.append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\"}\n");
		}
		byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
		byte[] bad = java.util.Arrays.copyOf(good, good.length + 2);
		bad[good.length] = (byte) 0xff; // line 3001
		bad[good.length + 1] = '\n';
		Files.write(inbox.resolve("a.ndjson"), bad);
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = drain(source(inbox, "*.ndjson", StandardCharsets.UTF_8), c, 10);

			assertEquals(List.of(), rows, "no record of a file that is not all text");
			assertEquals("inbox/a.ndjson: the file is not UTF-8 text (line 3001, byte " + good.length + " (0xff)), so no record of it was"
					+ " read; save it as UTF-8 and drop it in again, or, if its files are written in another encoding (a spreadsheet's export is often windows-1252), give the endpoint's file line that encoding (file \"…\" encoding \"windows-1252\") and generate again", Files.readString(inbox.resolve("failed/a.ndjson.reason.txt")).strip());
		}
	}

	@Test
	void badBytesWrittenWhileTheFileWasReadNameTheLinesThatWentOnAndAskForTheRest() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("a.csv");
		Files.write(file, "id,name\n1,Zo\u00eb\n2,b\n3,c\n".getBytes(CP1252));
		try (Journal journal = journal(); Connection c = journal.connect()) {
			FileSource source = source(inbox, "*.csv", CP1252);
			List<Input> rows = new ArrayList<>(batch(source, c, 2));
			// The exporting program writes on while the runner reads: its next rows hold a byte no windows-1252.
			Files.write(file, new byte[] { '4', ',', 'd', '\n', '5', ',', (byte) 0x81, '\n' }, StandardOpenOption.APPEND);
			rows.addAll(drain(source, c, 2));

			// Lines 1 to 3 (the header and two rows) went on with the first batch; the batch with the bad byte went nowhere.
			assertEquals(List.of("Zo\u00eb", "b"), rows.stream().map(i -> i.json().get("name").asText()).toList());
			String reason = Files.readString(inbox.resolve("failed/a.csv.reason.txt")).strip();
			assertTrue(reason.startsWith("inbox/a.csv: the file is not windows-1252 text (line 6, byte "), reason);
			assertTrue(reason.contains("; lines 1 to 3 of it were read before that was found (the file grew while it was read, or a run"
					+ " before read them) and their records went on: drop in only the lines after line 3, corrected and saved as windows-1252,"
					+ " in a new file under the header row (the whole file again would deliver those lines' records twice)"), reason);
			assertFalse(reason.contains("no record of it was read"), reason);
		}
	}
}
