package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** A CSV file sink on a real directory: the shape's columns in order, values quoted only where CSV needs it. */
class FileSinkCsvTest {

	@TempDir
	Path out;

	@Test
	void aBatchIsOneFileWithTheShapesColumnsQuotedOnlyWhereNeeded() throws Exception {
		var shape = new ObjectMapper().readTree("""
				{"properties": {"document": {}, "memo": {}, "amount": {}}}""");
		FileSink sink = new FileSink(out, null, "csv", shape, "acme.Operations.late", "j1");

		sink.deliver(List.of(pending(7, "{\"document\":\"in_1Pgc6tB7WZ01zgkWu9fdqL6I\",\"memo\":\"plain\",\"amount\":10.5}"),
				pending(8, "{\"document\":\"in_old_0001\",\"memo\":\"a, b \\\"c\\\"\",\"amount\":3}")));

		assertEquals("""
				document,memo,amount
				in_1Pgc6tB7WZ01zgkWu9fdqL6I,plain,10.5
				in_old_0001,"a, b ""c\"\"",3
				""", Files.readString(out.resolve("late-j1-000000000007.csv")));
	}

	private static Sink.Pending pending(long id, String record) {
		return new Sink.Pending(id, "acme.Late", record, null, null, null, 0, null, 7L, java.time.Instant.EPOCH, 0);
	}
}
