package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.BoundedWaits.waitFor;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * The run root confines file endpoints, with real directories and real symbolic links: a source's done/ or failed/
 * linked out of the root is refused at the start, and a directory replaced by a link out of the root while the
 * runner runs is not followed — nothing is written, read or moved outside the root, and nothing is lost once the
 * directory is put back.
 */
class RunnerSymlinkConfinementTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate("runner-confined", generated);
	}

	private static RunnerOptions options(Path root, ByteArrayOutputStream log) {
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(Map.<String, String>of()::get)
				.withLog(print(log));
	}

	@Test
	void doneOrFailedLinkedOutOfTheRootIsRefusedAtTheStart(@TempDir Path root, @TempDir Path outside) throws Exception {
		Path file = drop(root.resolve("in"), "a.ndjson", "{\"id\":\"a\",\"amount\":1}\n");
		for (String folder : List.of("done", "failed")) {
			Path elsewhere = Files.createDirectories(outside.resolve(folder));
			Path link = Files.createSymbolicLink(root.resolve("in").resolve(folder), elsewhere);
			StartupException refused = assertThrows(StartupException.class, () -> Runner.once(options(root, new ByteArrayOutputStream())));
			assertTrue(refused.getMessage().contains("directory \"in/" + folder + "\" is a symbolic link to " + elsewhere.toRealPath()
					+ ", outside the root " + root + "; replace the link with a directory"), refused.getMessage());
			assertTrue(Files.exists(file), "the file stays where it is");
			assertEquals(List.of(), list(elsewhere));
			Files.delete(link);
		}
	}

	@Test
	void aTargetDirectoryReplacedByALinkOutOfTheRootIsNotWrittenThrough(@TempDir Path root, @TempDir Path outside) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Runner runner = Runner.start(options(root, log))) {
			drop(root.resolve("in"), "a.ndjson", "{\"id\":\"a\",\"amount\":1}\n");
			await("a written to out/", () -> written(root.resolve("out")).contains("\"a\""));

			Path elsewhere = Files.createDirectories(outside.resolve("outx"));
			delete(root.resolve("out"));
			Files.createSymbolicLink(root.resolve("out"), elsewhere);
			drop(root.resolve("in"), "b.ndjson", "{\"id\":\"b\",\"amount\":2}\n");
			waitFor(() -> text(log).contains("out now leads to " + elsewhere.toRealPath()));
			assertEquals(List.of(), list(elsewhere), "nothing written outside the root");
			assertTrue(text(log).contains("out now leads to " + elsewhere.toRealPath() + ", outside the root"), text(log));

			// Put back, the directory receives what waited: the delivery was retried, not lost.
			Files.delete(root.resolve("out"));
			Files.createDirectories(root.resolve("out"));
			await("b written to out/ once it is a directory again", () -> written(root.resolve("out")).contains("\"b\""));
			assertEquals(List.of(), list(elsewhere));
		}
	}

	@Test
	void aSourceDirectoryReplacedByALinkOutOfTheRootIsNeitherReadNorMovedFrom(@TempDir Path root, @TempDir Path outside) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Runner runner = Runner.start(options(root, log))) {
			Path in = root.resolve("in");
			drop(in, "a.ndjson", "{\"id\":\"a\",\"amount\":1}\n");
			await("a moved to done/", () -> Files.exists(in.resolve("done/a.ndjson")));

			Path elsewhere = Files.createDirectories(outside.resolve("inz"));
			drop(elsewhere, "z.ndjson", "{\"id\":\"z\",\"amount\":26}\n");
			drop(elsewhere, "bad.ndjson", "not a record at all\n");
			Files.move(in, root.resolve("in.orig"));
			Files.createSymbolicLink(in, elsewhere);
			waitFor(() -> text(log).contains("\"file.directory-refused\""));
			assertEquals(List.of("bad.ndjson", "z.ndjson"), list(elsewhere), "nothing read, moved or noted outside the root");
			assertTrue(text(log).contains("in now leads to " + elsewhere.toRealPath() + ", outside the root"), text(log));

			// Put back, the directory is read again: files dropped then are read, so the runner looked at it past the link.
			Files.delete(in);
			Files.move(root.resolve("in.orig"), in);
			drop(in, "c.ndjson", "{\"id\":\"c\",\"amount\":3}\n");
			await("c moved to done/ and written to out/",
					() -> Files.exists(in.resolve("done/c.ndjson")) && written(root.resolve("out")).contains("\"c\""));
			assertEquals(List.of("bad.ndjson", "z.ndjson"), list(elsewhere), "nothing read, moved or noted outside the root");
			assertFalse(written(root.resolve("out")).contains("\"z\""), written(root.resolve("out")));
		}
	}

	/** A file dropped into a directory, old enough to be read at once (a running runner waits for files to be quiet). */
	private static Path drop(Path dir, String name, String content) throws IOException {
		Path file = Files.writeString(Files.createDirectories(dir).resolve(name + ".tmp"), content);
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
		return Files.move(file, dir.resolve(name));
	}

	/** All that the files of a target directory hold; empty while there is none. */
	private static String written(Path dir) {
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).toList()) {
				all.append(Files.readString(f));
			}
		} catch (IOException | UncheckedIOException e) {
			return "";
		}
		return all.toString();
	}

	private static List<String> list(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(f -> f.getFileName().toString()).sorted().toList();
		}
	}

	private static void delete(Path dir) throws IOException {
		try (Stream<Path> all = Files.walk(dir)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
