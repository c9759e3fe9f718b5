package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.FileSourceOnJournal.batch;
import static dev.isthmus.runner.internal.FileSourceOnJournal.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file endpoint's encoding, on a real directory and a real (H2 file) journal: files read in it (and read on after a
 * restart mid-file, the checkpoint counting lines whatever the encoding's width), files that are not in it failed
 * with where and what to do, files written in it, and a record it cannot write refused alone rather than written
 * with a {@code ?}.
 */
class FileSourceEncodingTest {

	private static final Charset CP1252 = Charset.forName("windows-1252");

	@TempDir
	Path root;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private FileSource source(Path inbox, String pattern, Charset charset) throws Exception {
		return FileSourceOnJournal.open(root, "P.events", inbox, pattern, charset, logged);
	}

	private static List<String> names(List<Input> inputs) {
		return inputs.stream().map(i -> i.json() == null ? i.problem() : i.json().get("name").asText()).toList();
	}

	private Journal journal() throws Exception {
		return FileSourceOnJournal.journal(root);
	}

	private Path inbox() throws Exception {
		return Files.createDirectories(root.resolve("inbox"));
	}

	@Test
	void aWindows1252CsvIsReadAsItsCharactersAndARestartMidFileGoesOnAtTheNextRow() throws Exception {
		Path inbox = inbox();
		Files.write(inbox.resolve("a.csv"), "id,name\n1,Zo\u00eb\n2,M\u00fcller\n3,\u20ac 5\n".getBytes(CP1252));
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = new ArrayList<>(batch(source(inbox, "*.csv", CP1252), c, 1));
			// A new source, as after a kill: it opens the file again and goes on from its checkpoint.
			rows.addAll(drain(source(inbox, "*.csv", CP1252), c, 1));

			assertEquals(List.of("Zo\u00eb", "M\u00fcller", "\u20ac 5"), names(rows));
			assertEquals("file:inbox/a.csv:2 (windows-1252)", rows.get(0).origin(), "the origin tells 'isthmus dlq' how to read the file");
			assertTrue(Files.exists(inbox.resolve("done/a.csv")));
		}
	}

	@Test
	void aUtf16NdjsonFileIsReadAcrossARestartMidFile() throws Exception {
		Path inbox = inbox();
		// Java's UTF-16 writes a byte order mark, and every character in two bytes: a line is not a count of bytes.
		Files.write(inbox.resolve("b.ndjson"), "{\"id\":1,\"name\":\"Zo\u00eb\"}\n{\"id\":2,\"name\":\"\u65e5\u672c\"}\n{\"id\":3,\"name\":\"\u20ac\"}\n"
				.getBytes(StandardCharsets.UTF_16));
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = new ArrayList<>(batch(source(inbox, "*.ndjson", StandardCharsets.UTF_16), c, 2));
			rows.addAll(drain(source(inbox, "*.ndjson", StandardCharsets.UTF_16), c, 2));

			assertEquals(List.of("Zo\u00eb", "\u65e5\u672c", "\u20ac"), names(rows));
			assertFalse(Files.exists(inbox.resolve("failed")));
		}
	}

	/** A UTF-16 file (a spreadsheet's "Unicode text") in a UTF-8 endpoint says what it is (review 23: "byte 0 (0xff)" alone). */
	@Test
	void aUtf16FileInAUtf8EndpointSaysItIsUtf16() throws Exception {
		Path inbox = inbox();
		byte[] text = "id,name\n1,ann\n".getBytes(StandardCharsets.UTF_16LE);
		byte[] marked = new byte[text.length + 2];
		marked[0] = (byte) 0xff;
		marked[1] = (byte) 0xfe;
		System.arraycopy(text, 0, marked, 2, text.length);
		Files.write(inbox.resolve("u.csv"), marked);
		try (Journal journal = journal(); Connection c = journal.connect()) {
			assertEquals(List.of(), drain(source(inbox, "*.csv", StandardCharsets.UTF_8), c, 100));
			String reason = Files.readString(inbox.resolve("failed/u.csv.reason.txt"));
			assertTrue(reason.contains("the file is not UTF-8 text") && reason.contains("it starts with UTF-16's byte order mark: a UTF-16 file"
					+ " (encoding \"UTF-16\" reads it)"), reason);
		}
	}

	/**
	 * A UTF-8 file in a windows-1252 endpoint is text in both (every byte is a windows-1252 character), and went on
	 * garbled ("5 â‚¬ cafÃ©"), or, with Excel's byte order mark, with its header's first column not found (review 23):
	 * it fails, saying why, and a windows-1252 file, or an ASCII one, is read.
	 */
	@Test
	void aUtf8FileInAWindows1252EndpointFailsTheFile() throws Exception {
		Path inbox = inbox();
		Files.write(inbox.resolve("a.csv"), "id,name\n1,5 \u20ac caf\u00e9\n".getBytes(StandardCharsets.UTF_8));
		Files.write(inbox.resolve("b.csv"), "\ufeffid,name\n2,x\n".getBytes(StandardCharsets.UTF_8));
		Files.write(inbox.resolve("c.csv"), "id,name\n3,caf\u00e9\n".getBytes(CP1252));
		Files.write(inbox.resolve("d.csv"), "id,name\n4,plain\n".getBytes(StandardCharsets.US_ASCII));
		// Genuine windows-1252 whose bytes pair as UTF-8, to characters nobody writing windows-1252 means (review 24).
		Files.write(inbox.resolve("e.csv"), "id,name\n5,NESTL\u00c9\u00ae\n6,2\u00d7\u00bd\n".getBytes(CP1252));
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = drain(source(inbox, "*.csv", CP1252), c, 100);

			assertEquals(List.of("caf\u00e9", "plain", "NESTL\u00c9\u00ae", "2\u00d7\u00bd"), names(rows));
			assertEquals("inbox/a.csv: the file looks like UTF-8, not windows-1252 text, the encoding endpoint P.events reads its files in:"
					+ " it is UTF-8 text throughout, with characters beyond ASCII (the first at byte 12: \"\u20ac\" in UTF-8, \"\u00e2\u201a\u00ac\""
					+ " read as windows-1252); so no record of it was read: save it as windows-1252 and drop it in again, or, if its files"
					+ " are written in UTF-8, set the endpoint's encoding to \"UTF-8\"", Files.readString(inbox.resolve("failed/a.csv.reason.txt")).strip());
			assertTrue(Files.readString(inbox.resolve("failed/b.csv.reason.txt")).contains("it starts with UTF-8's byte order mark"));
		}
	}

	@Test
	void aByteThatIsNotWindows1252FailsTheFileNamingLineByteAndEncodingAndTheNextFileIsRead() throws Exception {
		Path inbox = inbox();
		byte[] head = "id,name\n1,Zo\u00eb\n2,x".getBytes(CP1252);
		byte[] all = java.util.Arrays.copyOf(head, head.length + 2);
		all[head.length] = (byte) 0x81; // no character in windows-1252
		all[head.length + 1] = '\n';
		Files.write(inbox.resolve("a.csv"), all);
		Files.write(inbox.resolve("b.csv"), "id,name\n4,Fran\u00e7ois\n".getBytes(CP1252));
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = drain(source(inbox, "*.csv", CP1252), c, 100);

			assertEquals(List.of("Fran\u00e7ois"), names(rows), "the runner goes on with the next file");
			assertEquals("inbox/a.csv: the file is not windows-1252 text (line 3, byte " + head.length + " (0x81)), the encoding endpoint"
					+ " P.events reads its files in, so no record of it was read; save it as windows-1252 and drop it in again, or, if its files are written in"
					+ " another encoding, set the endpoint's encoding to that one (encoding \"UTF-8\", say)",
					Files.readString(inbox.resolve("failed/a.csv.reason.txt")).strip());
		}
	}

	@Test
	void aUtf8FileReadAsUtf16IsFailedNotReadAsChinese() throws Exception {
		Path inbox = inbox();
		// Even in length: read as UTF-16 each pair of bytes is some character, and no decoder complains.
		Files.writeString(inbox.resolve("c.ndjson"), "{\"id\":1,\"name\":\"ab\"}\n");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = drain(source(inbox, "*.ndjson", StandardCharsets.UTF_16), c, 100);

			assertEquals(List.of(), rows);
			String reason = Files.readString(inbox.resolve("failed/c.ndjson.reason.txt"));
			assertTrue(reason.startsWith("inbox/c.ndjson: the file is not UTF-16 text (line 1, byte 0 (0x7b): "), reason);
			assertTrue(reason.contains("set the endpoint's encoding"), reason);
		}
	}

	@Test
	void aUtf8EndpointSaysWhatItAlwaysSaid() throws Exception {
		Path inbox = inbox();
		Files.write(inbox.resolve("d.csv"), "id,name\n1,Zo\u00eb\n".getBytes(CP1252));
		try (Journal journal = journal(); Connection c = journal.connect()) {
			drain(source(inbox, "*.csv", StandardCharsets.UTF_8), c, 100);

			assertEquals("inbox/d.csv: the file is not UTF-8 text (line 2, byte 12 (0xeb)), so no record of it was read; save it as UTF-8 and drop it in again, or, if its files are written in another encoding (a spreadsheet's export is often windows-1252), give the endpoint's file line that encoding (file \"…\" encoding \"windows-1252\") and generate again",
					Files.readString(inbox.resolve("failed/d.csv.reason.txt")).strip());
		}
	}

	@Test
	void aTargetWritesItsEncodingAndARecordItCannotWriteIsRefusedAloneNamingFieldCharacterAndEncoding() throws Exception {
		Path out = Files.createDirectories(root.resolve("out"));
		FileSink sink = new FileSink(out, "x-*.ndjson", "json", null, "acme.Ledger.files", "j1", new Roots(root), CP1252);
		List<Sink.Result> results = sink.deliver(List.of(pending(7, "{\"id\":1,\"name\":\"Zo\u00eb\"}"),
				pending(8, "{\"id\":2,\"name\":\"\u03a9mega\",\"city\":\"x\"}"), pending(9, "{\"id\":3,\"name\":\"\u20ac\"}")));

		assertEquals(List.of(Sink.Kind.OK, Sink.Kind.PERMANENT, Sink.Kind.OK), results.stream().map(Sink.Result::kind).toList());
		assertEquals("the field name holds \"\u03a9\" (U+03A9), which windows-1252 cannot write; the record was not written (the others"
				+ " were): change the value, or set the endpoint's encoding to one that has the character (encoding \"UTF-8\" has every one)",
				results.get(1).detail());
		assertArrayEquals("{\"id\":1,\"name\":\"Zo\u00eb\"}\n{\"id\":3,\"name\":\"\u20ac\"}\n".getBytes(CP1252),
				Files.readAllBytes(out.resolve("x-j1-000000000007.ndjson")));
	}

	@Test
	void aCsvTargetWritesItsEncodingAndAnUnwritableCharacterBeyondTheBasicPlaneIsNamedWhole() throws Exception {
		Path out = Files.createDirectories(root.resolve("out"));
		Charset latin1 = StandardCharsets.ISO_8859_1;
		FileSink sink = new FileSink(out, "y-*.csv", "csv", null, "acme.Ledger.files", "j1", new Roots(root), latin1);
		List<Sink.Result> results = sink.deliver(List.of(pending(3, "{\"id\":1,\"name\":\"M\u00fcller\"}"),
				pending(4, "{\"id\":2,\"name\":\"ok \uD83D\uDE00\"}")));

		assertNull(results.get(0).detail());
		assertTrue(results.get(1).detail().startsWith("the field name holds \"\uD83D\uDE00\" (U+1F600), which ISO-8859-1 cannot write"),
				results.get(1).detail());
		assertArrayEquals("id,name\n1,M\u00fcller\n".getBytes(latin1), Files.readAllBytes(out.resolve("y-j1-000000000003.csv")));
	}

	@Test
	void aBatchOfRecordsNoneOfWhichCanBeWrittenWritesNoFile() throws Exception {
		Path out = Files.createDirectories(root.resolve("out"));
		FileSink sink = new FileSink(out, "z-*.json", "json", null, "acme.Ledger.files", "j1", new Roots(root), StandardCharsets.US_ASCII);
		List<Sink.Result> results = sink.deliver(List.of(pending(5, "{\"tags\":[\"a\",\"Zo\u00eb\"]}")));

		assertEquals(Sink.Kind.PERMANENT, results.get(0).kind());
		assertTrue(results.get(0).detail().startsWith("the field tags[1] holds \"\u00eb\" (U+00EB), which US-ASCII cannot write"),
				results.get(0).detail());
		try (var files = Files.list(out)) {
			assertEquals(List.of(), files.toList());
		}
	}

	private static Sink.Pending pending(long id, String record) {
		return new Sink.Pending(id, "acme.Ledger", record, null, null, null, 0, null, id, java.time.Instant.EPOCH, 0);
	}
}
