package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * An empty string and a missing value in CSV, as PostgreSQL's COPY (and others) tell them apart: {@code ""} is the
 * empty string, an empty unquoted cell is no value. Both used to be an empty cell, written and read, so a record with
 * an empty required string came back from Isthmus's own CSV as a dead letter. On a real directory and journal.
 */
class CsvEmptyStringTest {

	private static final String SHAPE = """
			{"properties": {"id": {"type": "string"}, "text": {"type": "string"}, "note": {"type": ["string", "null"]},
			 "n": {"type": ["integer", "null"]}, "ts": {"type": ["string", "null"], "format": "date-time"}},
			 "required": ["id", "text"]}""";

	@TempDir
	Path root;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	@Test
	void theSinkWritesAnEmptyStringAsTwoQuotesAndNoValueAsAnEmptyCell() throws Exception {
		FileSink sink = new FileSink(root.resolve("out"), null, "csv", new ObjectMapper().readTree(SHAPE), "F.out", "j1");
		Files.createDirectories(root.resolve("out"));

		sink.deliver(List.of(pending(1, "{\"id\":\"c8\",\"text\":\"\",\"note\":null,\"n\":null}"),
				pending(2, "{\"id\":\"c9\",\"text\":\"x\",\"note\":\"\"}")));

		assertEquals("""
				id,text,note,n,ts
				c8,"",,,
				c9,x,"",,
				""", Files.readString(root.resolve("out/out-j1-000000000001.csv")));
	}

	@Test
	void aQuotedEmptyCellIsTheEmptyStringAndAnUnquotedOneIsNoValueWhoseReasonSaysTheCellIsEmpty() throws Exception {
		Path in = Files.createDirectories(root.resolve("in"));
		Files.writeString(in.resolve("a.csv"), "id,text,note,n,ts\nc8,\"\",\"\",\"\",\"\"\nc9,,,,\nc10,\"x\",\"\"\"\",1,\n"
				+ "\"\",\"multi\nline\",\"\",,\n");

		List<Input> rows = read(in);

		assertEquals(List.of("{\"id\":\"c8\",\"text\":\"\",\"note\":\"\"}",
				"in/a.csv:3: text is required, and its CSV cell is empty (write \"\" for an empty string, or declare it `text : …?`"
						+ " if it may be absent)",
				"{\"id\":\"c10\",\"text\":\"x\",\"note\":\"\\\"\",\"n\":1}",
				"{\"id\":\"\",\"text\":\"multi\\nline\",\"note\":\"\"}"),
				rows.stream().map(i -> i.json() == null ? i.problem() : i.json().toString()).toList());
	}

	@Test
	void whatTheSinkWritesTheSourceReadsBackAsItWas() throws Exception {
		Path out = Files.createDirectories(root.resolve("in"));
		new FileSink(out, "rows-*.csv", "csv", new ObjectMapper().readTree(SHAPE), "F.out", "j1")
				.deliver(List.of(pending(1, "{\"id\":\"c8\",\"text\":\"\"}"), pending(2, "{\"id\":\"c9\",\"text\":\" \",\"note\":\"\"}")));

		assertEquals(List.of("{\"id\":\"c8\",\"text\":\"\"}", "{\"id\":\"c9\",\"text\":\" \",\"note\":\"\"}"),
				read(out).stream().map(i -> i.json() == null ? i.problem() : i.json().toString()).toList());
	}

	private List<Input> read(Path in) throws Exception {
		FileSource source = new FileSource("f", "F.src", in, "*.csv", "csv", new CsvRecords(new ObjectMapper().readTree(SHAPE)),
				new Roots(root), new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new Environment(name -> null)),
				Duration.ZERO);
		List<Input> all = new ArrayList<>();
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			for (int round = 0; round < 100; round++) {
				Source.Batch batch = source.next(c, 100);
				if (batch == Source.Batch.EMPTY) {
					return all;
				}
				batch.inTransaction().run(c);
				c.commit();
				batch.afterCommit().run();
				all.addAll(batch.inputs());
			}
		}
		throw new AssertionError("the source never ran dry: " + all);
	}

	private static Sink.Pending pending(long id, String record) {
		return new Sink.Pending(id, "F.Out", record, null, null, null, 0, null, id, java.time.Instant.EPOCH, 0);
	}
}
