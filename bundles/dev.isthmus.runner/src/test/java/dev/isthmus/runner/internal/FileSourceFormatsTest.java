package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a file source makes of the text of its files, on a real directory and a real (H2 file) journal: CSV values
 * over several lines, broken quotes, NDJSON lines with more than one value, byte order marks, bytes that are not
 * UTF-8. Each case is what a user would see: the records delivered, the dead letters' reasons, where the file went.
 */
class FileSourceFormatsTest {

	@TempDir
	Path root;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private FileSource source(Path inbox, String pattern) throws Exception {
		return source(inbox, pattern, "{\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}}}");
	}

	private FileSource source(Path inbox, String pattern, String shape) throws Exception {
		return new FileSource("f", "P.events", inbox, pattern, "json", new CsvRecords(new ObjectMapper().readTree(shape)), new Roots(root),
				new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new Environment(name -> null)), Duration.ZERO);
	}

	/** Takes batches of at most {@code max} records and commits each as the flow's worker does, until none is left. */
	private static List<Input> drain(FileSource source, Connection c, int max) throws Exception {
		List<Input> all = new ArrayList<>();
		for (int round = 0; round < 100; round++) {
			Source.Batch batch = source.next(c, max);
			if (batch == Source.Batch.EMPTY) {
				return all;
			}
			batch.inTransaction().run(c);
			c.commit();
			batch.afterCommit().run();
			all.addAll(batch.inputs());
		}
		throw new AssertionError("the source never ran dry: " + all);
	}

	private Journal journal() throws Exception {
		return Journal.open("jdbc:h2:" + root.resolve("journal"));
	}

	private Path inbox() throws Exception {
		return Files.createDirectories(root.resolve("inbox"));
	}

	@Test
	void aQuotedCsvValueOverSeveralLinesIsOneValueAndARestartGoesOnAtTheNextRow() throws Exception {
		Path inbox = inbox();
		Files.writeString(inbox.resolve("a.csv"), "id,name,age\n7,\"multi\r\nline\",3\n8,x,4\n9,\"two\nmore\nlines\",5\n10,y,6\n");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			// One row a batch, and a new source (a restart) after the first: the checkpoint falls between rows.
			Source.Batch first = source(inbox, "*.csv").next(c, 1);
			first.inTransaction().run(c);
			c.commit();
			first.afterCommit().run();
			List<Input> rows = new ArrayList<>(first.inputs());
			rows.addAll(drain(source(inbox, "*.csv"), c, 1));

			assertEquals(List.of("7|multi\r\nline|3", "8|x|4", "9|two\nmore\nlines|5", "10|y|6"),
					rows.stream().map(i -> i.json() == null ? i.problem()
							: i.json().get("id").asText() + "|" + i.json().get("name").asText() + "|" + i.json().get("age").asText()).toList());
			assertEquals(List.of("file:inbox/a.csv:2", "file:inbox/a.csv:4", "file:inbox/a.csv:5", "file:inbox/a.csv:8"),
					rows.stream().map(Input::origin).toList(), "each row is named by the line it starts on");
			assertTrue(Files.isRegularFile(inbox.resolve("done/a.csv")));
		}
	}

	@Test
	void aQuoteThatIsNeverClosedMakesItsLineADeadLetterAndTheRowsAfterItAreRead() throws Exception {
		Path inbox = inbox();
		Files.writeString(inbox.resolve("b.csv"), "id,name,age\n6,w,2\n7,\"abc,3\n8,x,4\n9,\"y\"z,5\n10,v,6\n");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = drain(source(inbox, "*.csv"), c, 100);

			assertEquals(List.of("6", "8", "10"), rows.stream().filter(i -> i.json() != null).map(i -> i.json().get("id").asText()).toList());
			List<Input> dead = rows.stream().filter(i -> i.json() == null).toList();
			assertEquals(List.of("7,\"abc,3", "9,\"y\"z,5"), dead.stream().map(Input::text).toList(), "each bad line kept whole");
			assertEquals(List.of("file:inbox/b.csv:3", "file:inbox/b.csv:5"), dead.stream().map(Input::origin).toList());
			assertTrue(dead.get(0).problem().contains("inbox/b.csv:3") && dead.get(0).problem().contains("quote"), dead.get(0).problem());
			assertTrue(dead.get(1).problem().contains("inbox/b.csv:5"), dead.get(1).problem());
			assertTrue(Files.isRegularFile(inbox.resolve("done/b.csv")), "the file is read to its end, not retried");
		}
	}

	@Test
	void anNdjsonLineWithMoreThanOneValueOrTextAfterItIsADeadLetterKeptWhole() throws Exception {
		Path inbox = inbox();
		Files.writeString(inbox.resolve("c.ndjson"), "{\"id\":\"g1\"} trailing\n{\"id\":\"g2\",\"amount\":2}{\"id\":\"g3\",\"amount\":3}\n"
				+ "{\"id\":\"g4\"}  \n");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = drain(source(inbox, "*.ndjson"), c, 100);

			assertEquals(3, rows.size(), rows.toString());
			assertNull(rows.get(0).json());
			assertEquals("{\"id\":\"g1\"} trailing", rows.get(0).text());
			assertTrue(rows.get(0).problem().startsWith("line 1: text after the JSON value"), rows.get(0).problem());
			assertNull(rows.get(1).json());
			assertEquals("{\"id\":\"g2\",\"amount\":2}{\"id\":\"g3\",\"amount\":3}", rows.get(1).text());
			assertTrue(rows.get(1).problem().startsWith("line 2: more than one JSON value"), rows.get(1).problem());
			assertEquals("g4", rows.get(2).json().get("id").asText(), "spaces after the value are no text");
		}
	}

	/**
	 * A field named twice in one object was taken last-wins: {"amount":10,"amount":10000} went on as 10000, where
	 * another reader of the same file may take 10. An NDJSON line naming one twice is a dead letter kept whole, naming
	 * the field (the lines around it are read); a JSON file naming one twice fails, as any file its parser refuses.
	 */
	@Test
	void aFieldNamedTwiceInOneObjectIsRefused() throws Exception {
		Path inbox = inbox();
		Files.writeString(inbox.resolve("t.ndjson"), "{\"id\":\"h1\",\"amount\":1}\n{\"id\":\"h2\",\"amount\":10,\"amount\":10000}\n"
				+ "{\"id\":\"h3\",\"nested\":{\"a\":1,\"a\":2}}\n{\"id\":\"h4\",\"amount\":4}\n{\"id\":\"h8\",\"amount\":[1,2\n");
		Files.writeString(inbox.resolve("t.json"), "[{\"id\":\"h5\"},\n {\"id\":\"h6\",\"id\":\"h7\"}]");
		Files.writeString(inbox.resolve("u.json"), "{\"id\":\"h9\"}\n{\"id\":\"h10\"}\n");
		Files.writeString(inbox.resolve("v.json"), "{\"id\":\"h11\" /* a note */}");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = drain(source(inbox, "*.ndjson"), c, 100);

			String twice = " is named twice in one object (the second time just before column %d): which of its values is meant cannot be told;"
					+ " name each field once";
			// Any other refusal says where in the line, in the parser's words less those naming its own settings.
			assertEquals(List.of("h1", "line 2: the field \"amount\"" + twice.formatted(32), "line 3: the field \"a\"" + twice.formatted(31), "h4",
					"line 5: not JSON at column 25: Unexpected end-of-input: expected close marker for Array (start marker at [line: 1, column: 21])"),
					rows.stream().map(i -> i.json() == null ? i.problem() : i.json().get("id").asText()).toList());
			assertEquals("{\"id\":\"h2\",\"amount\":10,\"amount\":10000}", rows.get(1).text(), "kept whole");

			assertEquals(List.of(), drain(source(inbox, "*.json"), c, 100));
			String reason = Files.readString(inbox.resolve("failed/t.json.reason.txt"));
			assertTrue(reason.contains("t.json: the field \"id\" is named twice in one object (the second time just before line 2, column 17):"
					+ " which of its values is meant cannot be told; name each field once, and drop the file in again"), reason);
			// The parser's words for two documents in one file named its settings and a Java type (review 22); the hint
			// of .ndjson stays for that alone.
			assertEquals("more than one JSON value (the second starts at line 2, column 1): a JSON file is one document (an array of records, or"
					+ " one record); a record per line belongs in a file named .ndjson", Files.readString(inbox.resolve("failed/u.json.reason.txt")).strip());
			String comment = Files.readString(inbox.resolve("failed/v.json.reason.txt"));
			assertTrue(comment.contains("maybe a (non-standard) comment? (JSON has none)") && !comment.contains(".ndjson"), comment);
		}
	}

	@Test
	void aByteOrderMarkAtTheStartOfAFileIsNotPartOfItsFirstRecord() throws Exception {
		Path inbox = inbox();
		Files.writeString(inbox.resolve("d.csv"), "\uFEFFid,name,age\n7,a,3\n");
		Files.writeString(inbox.resolve("e.ndjson"), "\uFEFF{\"id\":8}\n");
		Files.writeString(inbox.resolve("f.json"), "\uFEFF{\"id\":9}");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> rows = new ArrayList<>(drain(source(inbox, "*.csv"), c, 100));
			rows.addAll(drain(source(inbox, "*.ndjson"), c, 100));
			rows.addAll(drain(source(inbox, "*.json"), c, 100));

			assertEquals(List.of("7", "8", "9"), rows.stream().map(i -> i.json() == null ? i.problem() : i.json().get("id").asText()).toList());
			assertFalse(Files.exists(inbox.resolve("failed")));
		}
	}

	@Test
	void aFileThatIsNotUtf8IsFailedNamingTheLineAndByteOfTheBadByte() throws Exception {
		Path inbox = inbox();
		StringBuilder text = new StringBuilder();
		for (int i = 1; i <= 4; i++) {
			text.append("{\"id\":").append(i).append("}\n");
		}
		byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
		byte[] latin1 = "{\"id\":5,\"name\":\"Jos\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
		byte[] all = new byte[head.length + latin1.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(latin1, 0, all, head.length, latin1.length);
		Files.write(inbox.resolve("g.ndjson"), all);
		try (Journal journal = journal(); Connection c = journal.connect()) {
			drain(source(inbox, "*.ndjson"), c, 100);

			String reason = Files.readString(inbox.resolve("failed/g.ndjson.reason.txt"));
			int offset = head.length + "{\"id\":5,\"name\":\"Jos".length();
			assertTrue(reason.contains("line 5") && reason.contains("byte " + offset), reason);
		}
	}

	/** Review 20: a column named twice was read last-wins, the first column's values dropped without a word. */
	@Test
	void aCsvHeaderNamingAColumnTwiceFailsTheFile() throws Exception {
		Path inbox = inbox();
		Files.writeString(inbox.resolve("d.csv"), "id,id,name\n1,2,ann\n");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			assertEquals(List.of(), drain(source(inbox, "*.csv"), c, 100));

			assertTrue(Files.exists(inbox.resolve("failed/d.csv")), "moved to failed/");
			String reason = Files.readString(inbox.resolve("failed/d.csv.reason.txt"));
			assertTrue(reason.contains("d.csv:1: the header names the column \"id\" twice (columns 1 and 2), so no record of the file"
					+ " was read: rename or remove one of them and drop the file in again"), reason);
		}
	}

	/**
	 * A header naming the record's field in another case (ID for id) made every row a dead letter saying "found no such
	 * field", with no word of the column (review 20): the file fails, saying which column and how to name it.
	 */
	@Test
	void aCsvHeaderNamingAFieldInAnotherCaseFailsTheFile() throws Exception {
		Path inbox = inbox();
		Files.writeString(inbox.resolve("e.csv"), "ID,name\n1,ann\n");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			assertEquals(List.of(), drain(source(inbox, "*.csv"), c, 100));

			String reason = Files.readString(inbox.resolve("failed/e.csv.reason.txt"));
			assertTrue(reason.contains("e.csv:1: the header's column \"ID\" is the record's field \"id\" in another case"), reason);
			assertTrue(reason.contains("name the column id and drop the file in again"), reason);
		}
	}

	/**
	 * A header without a column for a required field (another export's, a ';'-separated file read as one column) made
	 * every row a dead letter and the file "done" (review 23): the file fails, naming the columns, and the separator.
	 */
	@Test
	void aCsvHeaderWithoutARequiredFieldsColumnFailsTheFile() throws Exception {
		Path inbox = inbox();
		String shape = "{\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"age\":{\"type\":[\"integer\",\"null\"]}},"
				+ "\"required\":[\"id\",\"name\",\"age\"]}";
		Files.writeString(inbox.resolve("g.csv"), "id,age\n1,30\n");
		Files.writeString(inbox.resolve("h.csv"), "id;name;age\n1;ann;30\n");
		Files.writeString(inbox.resolve("i.csv"), "name,id\nann,1\n");
		try (Journal journal = journal(); Connection c = journal.connect()) {
			List<Input> read = drain(source(inbox, "*.csv", shape), c, 100);

			String reason = Files.readString(inbox.resolve("failed/g.csv.reason.txt"));
			assertTrue(reason.contains("g.csv:1: the header has no column name for the record's required field, so no record of the file was"
					+ " read: give the file that column (or declare a field `… : …?` if it may be absent) and drop it in again"), reason);
			reason = Files.readString(inbox.resolve("failed/h.csv.reason.txt"));
			assertTrue(reason.contains("h.csv:1: the header has no column id, name for the record's required fields, so no record of the"
					+ " file was read (the header is one column, \"id;name;age\": its values are separated by ';', and a CSV file's by commas)"),
					reason);
			// a column for an optional field (age may be null) may be left out
			assertEquals(1, read.size(), read.toString());
			assertEquals("ann,1", read.get(0).text());
			assertEquals("{\"name\":\"ann\",\"id\":1}", read.get(0).replayable(), "a dead letter keeps the row's JSON, which a replay reads back");
		}
	}
}
