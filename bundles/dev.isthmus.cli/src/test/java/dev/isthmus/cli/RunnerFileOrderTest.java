package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * A file target's batches land in the order their records were written, through retries: a batch waiting for its
 * retry holds back the later ones. Before, a later record's batch, failing once, was retried after a second and
 * written while the earlier batch, on its third attempt, still waited four seconds — a consumer reading the directory
 * as files appear saw b before a. The target fails here because its directory is a regular file (the tests run as
 * root, for whom a directory without write permission is no failure); put back, both are written. Seen failing
 * without the fix (b's file older than a's).
 */
class RunnerFileOrderTest {

	@Test
	void aBatchWaitingForItsRetryHoldsBackTheLaterFiles(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate("runner-file-order", generated);
		Path out = root.resolve("out");
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1)
				.withEnvironment(Map.<String, String>of()::get).withLog(print(log));
		try (Runner runner = Runner.start(options)) {
			// made a file after the start, which refuses a target directory that is a file (below)
			Files.delete(out);
			Files.writeString(out, "not a directory");
			drop(root.resolve("in"), "a.ndjson", "{\"id\":\"a\",\"amount\":1}\n");
			// a's third attempt failed: its next one is four seconds or more away (the log says only the first retry of a
			// reason at once, so the journal is asked: the runner's own embedded database, in this JVM)
			await("a's third attempt", () -> attempts(options.journal()) >= 3);
			drop(root.resolve("in"), "b.ndjson", "{\"id\":\"b\",\"amount\":2}\n");
			await("b read", () -> Files.exists(root.resolve("in/done/b.ndjson")));

			Files.delete(out);
			Files.createDirectories(out);
			await("a and b written", () -> written(out).size() == 2);
			List<Path> files = written(out);
			assertEquals(List.of("a", "b"), files.stream().map(RunnerFileOrderTest::id).toList(),
					"the files in the order they were written: " + files);
		}
	}

	@Test
	void aTargetDirectoryThatIsAFileIsRefusedAtTheStartInWords(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate("runner-file-order", generated);
		Files.writeString(root.resolve("out"), "not a directory");
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1)
				.withEnvironment(Map.<String, String>of()::get).withLog(print(new ByteArrayOutputStream()));
		StartupException refused = assertThrows(StartupException.class, () -> Runner.start(options).close());
		// It said only the path ("StartupException: /tmp/…/out").
		assertTrue(refused.getMessage().contains("directory \"out\" cannot be made: " + root.resolve("out") + " is a file, not a directory;"
				+ " move the file away, or point the endpoint at another directory"), refused.getMessage());
	}

	/** The most attempts a row of the outbox has had. */
	private static int attempts(String journal) {
		try (java.sql.Connection c = java.sql.DriverManager.getConnection(journal);
				java.sql.ResultSet r = c.createStatement().executeQuery("SELECT COALESCE(MAX(ATTEMPTS), 0) FROM ISTHMUS_OUTBOX")) {
			r.next();
			return r.getInt(1);
		} catch (java.sql.SQLException e) {
			return 0;
		}
	}

	/** A file dropped into a directory, old enough to be read at once (a running runner waits for files to be quiet). */
	private static void drop(Path dir, String name, String content) throws IOException {
		Path file = Files.writeString(Files.createDirectories(dir).resolve(name + ".tmp"), content);
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
		Files.move(file, dir.resolve(name));
	}

	/** The target's files, oldest first by their time of writing (names go by batch, not by when a batch landed). */
	private static List<Path> written(Path dir) {
		try (Stream<Path> files = Files.list(dir)) {
			List<Path> all = new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).toList());
			// File times are the kernel's coarse clock (a few ms): two files written within one tick share a time, which
			// cannot tell their order (a CI run listed b's file first so); they are then taken in the order of their names,
			// numbered in journal order, and such a run proves less.
			all.sort(Comparator.comparing(RunnerFileOrderTest::writtenAt).thenComparing(f -> f.getFileName().toString()));
			return all;
		} catch (IOException | UncheckedIOException e) {
			return List.of();
		}
	}

	private static Instant writtenAt(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String id(Path file) {
		try {
			String text = Files.readString(file);
			assertTrue(text.lines().count() == 1, text);
			return text.contains("\"a\"") ? "a" : text.contains("\"b\"") ? "b" : text;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
