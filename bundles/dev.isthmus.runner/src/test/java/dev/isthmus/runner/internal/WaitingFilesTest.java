package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of a real directory a file source reads next, and in what order. */
class WaitingFilesTest {

	@TempDir
	Path root;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private WaitingFiles waiting(Path inbox, Duration quiet) throws Exception {
		return waiting(inbox, "*.ndjson", quiet);
	}

	private WaitingFiles waiting(Path inbox, String pattern, Duration quiet) throws Exception {
		return new WaitingFiles("f", "P.events", inbox, pattern, new Roots(root),
				new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new Environment(name -> null)), quiet);
	}

	private static Path write(Path file, String text) throws Exception {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, text);
	}

	private static List<String> names(List<Path> files) {
		return files.stream().map(f -> f.getFileName().toString()).toList();
	}

	@Test
	void matchingRegularFilesInNameOrderNotHiddenTemporaryOrDirectories() throws Exception {
		Path inbox = root.resolve("inbox");
		// Created out of order, so that a directory listed in the order of creation, or its reverse, is not sorted.
		write(inbox.resolve("c.ndjson"), "{}\n");
		write(inbox.resolve("a.ndjson"), "{}\n");
		write(inbox.resolve("b.ndjson"), "{}\n");
		write(inbox.resolve(".d.ndjson"), "{}\n");
		write(inbox.resolve("e.ndjson.tmp"), "{}\n");
		write(inbox.resolve("f.csv"), "x\n");
		Files.createDirectories(inbox.resolve("g.ndjson"));

		assertEquals(List.of("a.ndjson", "b.ndjson", "c.ndjson"), names(waiting(inbox, Duration.ZERO).list()));
		// Without a pattern every file matches, but not hidden or .tmp ones (written under such a name, then renamed).
		assertEquals(List.of("a.ndjson", "b.ndjson", "c.ndjson", "f.csv"), names(waiting(inbox, null, Duration.ZERO).list()));
	}

	/**
	 * A file of lines whose last line has no line break yet is still being written: it waits a minute unchanged, not the
	 * two seconds of a whole one (review 20: a producer pausing mid-line had its half line dead-lettered, the file moved
	 * to done/ and the rest it wrote lost there). Without the wait it was listed at once.
	 */
	@Test
	void aFileOfLinesWithItsLastLineUnendedWaitsLonger() throws Exception {
		Path inbox = root.resolve("inbox");
		Instant tenSecondsAgo = Instant.now().minusSeconds(10);
		Path half = write(inbox.resolve("half.ndjson"), "{\"id\":\"1\"}\n{\"id\":");
		Path whole = write(inbox.resolve("whole.ndjson"), "{\"id\":\"1\"}\n");
		Path utf16 = inbox.resolve("utf16.ndjson");
		Files.write(utf16, "{\"id\":\"1\"}\n".getBytes(StandardCharsets.UTF_16LE));
		for (Path f : List.of(half, whole, utf16)) {
			Files.setLastModifiedTime(f, FileTime.from(tenSecondsAgo));
		}
		WaitingFiles waiting = waiting(inbox, Duration.ofSeconds(2));
		waiting.awaitLastLineBreak(file -> true);
		assertEquals(List.of("utf16.ndjson", "whole.ndjson"), names(waiting.list()));
		Files.setLastModifiedTime(half, FileTime.from(Instant.now().minusSeconds(61)));
		assertEquals(List.of("half.ndjson", "utf16.ndjson", "whole.ndjson"), names(waiting.list()));
		// A whole JSON document need not end with a line break: without lines, read after the quiet time.
		Files.setLastModifiedTime(half, FileTime.from(tenSecondsAgo));
		assertEquals(List.of("half.ndjson", "utf16.ndjson", "whole.ndjson"), names(waiting(inbox, Duration.ofSeconds(2)).list()));
	}

	@Test
	void aStuckFileIsLeftAloneUntilItChanges() throws Exception {
		Path inbox = root.resolve("inbox");
		Path a = write(inbox.resolve("a.ndjson"), "{}\n");
		WaitingFiles waiting = waiting(inbox, Duration.ZERO);

		waiting.stick(a);
		assertEquals(List.of(), waiting.list());

		// A new file by that name (another size and time) is another file: it is read.
		write(a, "{}\n{}\n");
		assertEquals(List.of("a.ndjson"), names(waiting.list()));
	}

	@Test
	void aFileJustWrittenWaitsForTheQuietTimeAnOlderOneDoesNot() throws Exception {
		Path inbox = root.resolve("inbox");
		Path fresh = write(inbox.resolve("new.ndjson"), "{}\n");
		// Its time set by this JVM's clock, as the old one's is: the two clocks need not agree.
		Files.setLastModifiedTime(fresh, FileTime.from(Instant.now()));
		Path old = write(inbox.resolve("old.ndjson"), "{}\n");
		Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));

		WaitingFiles waiting = waiting(inbox, Duration.ofMinutes(1));
		assertEquals(List.of("old.ndjson"), names(waiting.list()));
	}
}
