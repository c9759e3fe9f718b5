package dev.isthmus.runner.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A file source of {@code {id, name}} records opened as the runner opens one, on a real directory under {@code root}
 * and a real (H2 file) journal there, its batches committed as the flow's worker commits them. Opening a second source
 * on the same journal is how a test stops and starts the runner again.
 */
final class FileSourceOnJournal {

	private static final String ID_AND_NAME = "{\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"}}}";

	private FileSourceOnJournal() {
	}

	/** A source for {@code endpoint} reading {@code pattern} in {@code inbox}, logging its JSON lines to {@code log}. */
	static FileSource open(Path root, String endpoint, Path inbox, String pattern, Charset charset, OutputStream log) throws Exception {
		return new FileSource("f", endpoint, inbox, pattern, "json", new CsvRecords(new ObjectMapper().readTree(ID_AND_NAME)), new Roots(root),
				new JsonLog(new PrintStream(log, true, StandardCharsets.UTF_8), new Environment(name -> null)), Duration.ZERO,
				new UnreadFiles(), charset);
	}

	static Journal journal(Path root) throws Exception {
		return Journal.open("jdbc:h2:" + root.resolve("journal"));
	}

	/** One batch of at most {@code max} records, committed as the flow's worker does; {@code null} when none is left. */
	static List<Input> batch(FileSource source, Connection c, int max) throws Exception {
		Source.Batch batch = source.next(c, max);
		if (batch == Source.Batch.EMPTY) {
			return null;
		}
		batch.inTransaction().run(c);
		c.commit();
		batch.afterCommit().run();
		return batch.inputs();
	}

	/** Every batch of at most {@code max} records until none is left. */
	static List<Input> drain(FileSource source, Connection c, int max) throws Exception {
		List<Input> all = new ArrayList<>();
		for (int round = 0; round < 1000; round++) {
			List<Input> inputs = batch(source, c, max);
			if (inputs == null) {
				return all;
			}
			all.addAll(inputs);
		}
		throw new AssertionError("the source never ran dry (" + all.size() + " records read)");
	}
}
