package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that changes between being read to its end and being moved to done/, on a real directory and a real (H2 file)
 * journal: a file renamed over the name is read, not moved unread; lines written to the end are read, not lost.
 */
class FileSourceChangeTest {

	@TempDir
	Path root;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private FileSource source(Path inbox) throws Exception {
		return source(inbox, Duration.ZERO);
	}

	private FileSource source(Path inbox, Duration quiet) throws Exception {
		return new FileSource("f", "P.events", inbox, "*.ndjson", "json", null, new Roots(root),
				new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new Environment(name -> null)), quiet);
	}

	/** Takes the next batch and commits it as the flow's worker does, doing {@code meanwhile} before the move. */
	private List<Input> commit(FileSource source, Connection c, Runnable meanwhile) throws Exception {
		Source.Batch batch = source.next(c, 100);
		batch.inTransaction().run(c);
		c.commit();
		meanwhile.run();
		batch.afterCommit().run();
		return batch.inputs();
	}

	private static void write(Path file, String... eventIds) throws Exception {
		StringBuilder text = new StringBuilder();
		for (String id : eventIds) {
			text.append("{\"eventId\":\"").append(id).append("\"}\n");
		}
		Files.writeString(file, text);
	}

	private static List<String> ids(List<Input> inputs) {
		return inputs.stream().map(i -> i.json().get("eventId").asText()).toList();
	}

	/**
	 * An endpoint of JSON records reads its .ndjson files by lines, and such a file whose last line is not ended waits as
	 * a CSV file does: it was read after the quiet time, the half line a dead letter and the rest of it, written after
	 * the move, lost in done/ (review 26, High).
	 */
	@Test
	void anNdjsonFileOfJsonRecordsWithItsLastLineUnendedWaits() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("events.ndjson");
		Files.writeString(file, "{\"eventId\":\"a1\"}\n{\"eventId\":\"a");
		Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(10)));
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			FileSource source = source(inbox, Duration.ofSeconds(2));
			assertEquals(List.of(), source.next(c, 100).inputs(), "the file waits for its last line");
			assertTrue(logged.toString(StandardCharsets.UTF_8).contains("\"event\":\"file.unfinished\""), logged.toString(StandardCharsets.UTF_8));
			Files.writeString(file, "2\"}\n", java.nio.file.StandardOpenOption.APPEND);
			Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(10)));
			assertEquals(List.of("a1", "a2"), ids(commit(source, c, () -> {
			})));
		}
	}

	/**
	 * A producer that pauses longer than the quiet time and writes on writes into the file moved to done/: what it
	 * wrote there was lost without a word (review 26). The log says so, with what to do.
	 */
	@Test
	void aFileThatGrowsAfterItWasMovedIsSaidToHave() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		write(inbox.resolve("events.ndjson"), "a1", "a2");
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			assertEquals(List.of("a1", "a2"), ids(commit(source, c, () -> {
			})));
			Path done = inbox.resolve("done/events.ndjson");
			assertTrue(Files.exists(done));
			Files.writeString(done, "{\"eventId\":\"a3\"}\n", java.nio.file.StandardOpenOption.APPEND);
			assertEquals(List.of(), source.next(c, 100).inputs());
			String log = logged.toString(StandardCharsets.UTF_8);
			assertTrue(log.contains("\"event\":\"file.grew-after-move\"") && log.contains("what it wrote since is not read")
					&& log.contains("move the file back into inbox"), log);
		}
	}

	@Test
	void aFileRenamedOverTheNameWhileTheOldOneWasReadIsReadNotMovedUnread() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("events.ndjson");
		write(file, "a1", "a2");
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			List<Input> first = commit(source, c, () -> {
				try {
					Path next = inbox.resolve("events.ndjson.tmp");
					write(next, "b1", "b2", "b3");
					Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				} catch (Exception e) {
					throw new IllegalStateException(e);
				}
			});
			assertEquals(List.of("a1", "a2"), ids(first));
			assertTrue(Files.exists(file), "the new file stays to be read");
			assertFalse(Files.exists(inbox.resolve("done")), "nothing moved to done/");
			assertTrue(logged.toString(StandardCharsets.UTF_8).contains("file.replaced"), logged.toString(StandardCharsets.UTF_8));

			List<Input> second = commit(source, c, () -> {
			});
			assertEquals(List.of("b1", "b2", "b3"), ids(second), "read from its start");
			assertFalse(Files.exists(file));
			assertEquals(List.of("b1", "b2", "b3"), Files.readAllLines(inbox.resolve("done/events.ndjson")).stream()
					.map(l -> l.replaceAll(".*\"(b\\d)\".*", "$1")).toList());
		}
	}

	@Test
	void linesWrittenToAFileWhileItWasReadAreReadNextNotLostInDone() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("events.ndjson");
		write(file, "a1", "a2");
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			Runnable append = () -> {
				try {
					Files.writeString(file, "{\"eventId\":\"a3\"}\n", StandardOpenOption.APPEND);
				} catch (Exception e) {
					throw new IllegalStateException(e);
				}
			};
			assertEquals(List.of("a1", "a2"), ids(commit(source, c, append)));
			assertTrue(Files.exists(file), "the grown file stays");
			assertTrue(logged.toString(StandardCharsets.UTF_8).contains("file.changed"), logged.toString(StandardCharsets.UTF_8));

			// It grows again before it is opened: read on from line 3 all the same.
			Files.writeString(file, "{\"eventId\":\"a4\"}\n", StandardOpenOption.APPEND);
			List<Input> rest = commit(source, c, () -> {
			});
			assertEquals(List.of("a3", "a4"), ids(rest));
			assertEquals(List.of("file:inbox/events.ndjson:3", "file:inbox/events.ndjson:4"), rest.stream().map(Input::origin).toList());
			assertFalse(Files.exists(file));
			assertEquals(4, Files.readAllLines(inbox.resolve("done/events.ndjson")).size());
		}
	}

	@Test
	void aFileWhoseTimeIsAheadOfTheClockIsReadOnceSeenUnchangedAndSaidSo() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("events.ndjson");
		write(file, "a1");
		Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plus(Duration.ofDays(1))));
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			FileSource source = source(inbox, Duration.ofMillis(300));
			assertEquals(Source.Batch.EMPTY, source.next(c, 100), "not yet seen unchanged for the quiet time");
			String log = logged.toString(StandardCharsets.UTF_8);
			assertTrue(log.contains("file.future-time") && log.contains("events.ndjson"), log);
			Thread.sleep(400);
			assertEquals(List.of("a1"), ids(commit(source, c, () -> {
			})));
			assertEquals(1, logged.toString(StandardCharsets.UTF_8).split("file.future-time", -1).length - 1, "said once");
		}
	}
}
