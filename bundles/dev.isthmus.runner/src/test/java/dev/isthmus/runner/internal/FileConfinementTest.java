package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run root's confinement of file endpoints, with real directories and symbolic links: where a path leads, a
 * source's done/ and failed/ linked out of the root (at the start, and while a file is read), and a target's
 * directory replaced by a link out of it.
 */
class FileConfinementTest {

	@TempDir
	Path root;
	@TempDir
	Path outside;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private FileSource source(Path inbox) throws Exception {
		return new FileSource("f", "P.events", inbox, "*.ndjson", "json", null, new Roots(root),
				new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new Environment(name -> null)), Duration.ZERO);
	}

	private String log() {
		return logged.toString(StandardCharsets.UTF_8);
	}

	@Test
	void aPathLeadsWhereItsLinksLeadEvenWhenItIsNotThereYet() throws Exception {
		Roots roots = new Roots(root);
		Files.createDirectories(root.resolve("data/real"));
		Files.createSymbolicLink(root.resolve("inside"), root.resolve("data/real"));
		Files.createSymbolicLink(root.resolve("out"), outside);
		Files.createSymbolicLink(root.resolve("nowhere"), outside.resolve("gone/deeper"));
		Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
		assertNull(roots.outside(root.resolve("not/there/yet")));
		assertNull(roots.outside(root.resolve("inside/done")));
		assertEquals(outside.toRealPath().resolve("done"), roots.outside(root.resolve("out/done")));
		assertEquals(outside.toRealPath().resolve("gone/deeper/done"), roots.outside(root.resolve("nowhere/done")));
		assertTrue(roots.outside(root.resolve("loop/done")) != null, "a loop of links leads nowhere known to be inside");
	}

	@Test
	void aDoneFolderLinkedOutOfTheRootIsRefusedAtTheStart() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Files.createSymbolicLink(inbox.resolve("done"), outside);
		IOException refused = assertThrows(IOException.class, () -> source(inbox));
		assertEquals("flow f, source P.events: directory \"inbox/done\" is a symbolic link to " + outside.toRealPath() + ", outside the root "
				+ root + "; replace the link with a directory, or give a --root that holds what it points to", refused.getMessage());
	}

	/** Linked out while the file was read: the file stays, its records journaled, rather than moving out of the root. */
	@Test
	void aFileReadToItsEndIsNotMovedIntoADoneFolderLinkedOutMeanwhile() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Files.writeString(inbox.resolve("events.ndjson"), "{\"eventId\":\"a1\"}\n");
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			Source.Batch batch = source.next(c, 100);
			batch.inTransaction().run(c);
			c.commit();
			Files.createSymbolicLink(inbox.resolve("done"), outside);
			batch.afterCommit().run();
			assertEquals(1, batch.inputs().size());
			assertTrue(Files.exists(inbox.resolve("events.ndjson")), "the file stays where it is");
			assertEquals(List.of(), list(outside));
			assertTrue(log().contains("\"file.move-refused\"") && log().contains("inbox/done now leads to " + outside.toRealPath()), log());
			assertTrue(source.next(c, 100).inputs().isEmpty(), "not read again");
		}
	}

	@Test
	void aFileThatCannotBeReadGoesNowhereOutsideTheRoot() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Files.write(inbox.resolve("broken.ndjson"), new byte[] { (byte) 0xff, (byte) 0xfe, '\n' }); // not UTF-8: to failed/
		try (Journal journal = Journal.open("jdbc:h2:" + root.resolve("journal")); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			Source.Batch batch = source.next(c, 100);
			Files.createSymbolicLink(inbox.resolve("failed"), outside);
			batch.afterCommit().run();
			assertTrue(Files.exists(inbox.resolve("broken.ndjson")), "the file stays where it is");
			assertEquals(List.of(), list(outside), "neither the file nor its note outside the root");
		}
	}

	@Test
	void aSourceDirectoryReplacedByALinkOutOfTheRootIsNotListed() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Roots roots = new Roots(root);
		WaitingFiles waiting = new WaitingFiles("f", "P.events", inbox, "*.ndjson", roots,
				new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new Environment(name -> null)), Duration.ZERO);
		Files.writeString(outside.resolve("z.ndjson"), "{}\n");
		Files.delete(inbox);
		Files.createSymbolicLink(inbox, outside);
		assertEquals(List.of(), waiting.list());
		assertEquals(List.of(), waiting.list());
		assertEquals(1, log().split("file.directory-refused", -1).length - 1, "said once, not at each look: " + log());
		Files.delete(inbox);
		Files.createDirectories(inbox);
		Files.writeString(inbox.resolve("a.ndjson"), "{}\n");
		assertEquals(List.of(inbox.resolve("a.ndjson")), waiting.list());
	}

	@Test
	void aTargetDirectoryReplacedByALinkOutOfTheRootIsNotWrittenThrough() throws Exception {
		Path out = Files.createDirectories(root.resolve("out"));
		FileSink sink = new FileSink(out, "x-*.json", "json", null, "acme.Ledger.files", "j1", new Roots(root));
		Files.delete(out);
		Files.createSymbolicLink(out, outside);
		IOException refused = assertThrows(IOException.class, () -> sink.deliver(List.of(pending(5, "{\"id\":\"d\"}"))));
		assertTrue(refused.getMessage().startsWith("out now leads to " + outside.toRealPath() + ", outside the root " + root), refused.getMessage());
		assertEquals(List.of(), list(outside));
		Files.delete(out);
		sink.deliver(List.of(pending(5, "{\"id\":\"d\"}")));
		assertTrue(Files.exists(out.resolve("x-j1-000000000005.json")), "made again inside the root");
		assertFalse(Files.isSymbolicLink(out));
	}

	/**
	 * Review 20: the temporary file's name is predictable, and it was opened through a symbolic link planted there:
	 * the record landed outside the root, and the output file became a link to it.
	 */
	@Test
	void aLinkPlantedAtTheTemporaryNameIsNotFollowed() throws Exception {
		Path out = Files.createDirectories(root.resolve("out"));
		FileSink sink = new FileSink(out, "x-*.json", "json", null, "acme.Ledger.files", "j1", new Roots(root));
		Files.createSymbolicLink(out.resolve(".x-j1-000000000005.json.tmp"), outside.resolve("stolen.json"));
		sink.deliver(List.of(pending(5, "{\"id\":\"d\"}")));
		assertEquals(List.of(), list(outside), "nothing written outside the root");
		Path written = out.resolve("x-j1-000000000005.json");
		assertFalse(Files.isSymbolicLink(written), "a regular file");
		assertTrue(Files.readString(written).contains("\"d\""));
		assertEquals(List.of("x-j1-000000000005.json"), list(out), "the link is gone");
	}

	@Test
	void aLinkPlantedAtTheOutputNameIsNeitherFollowedNorReplaced() throws Exception {
		Path out = Files.createDirectories(root.resolve("out"));
		FileSink sink = new FileSink(out, "x-*.json", "json", null, "acme.Ledger.files", "j1", new Roots(root));
		Path victim = Files.writeString(outside.resolve("victim.json"), "keep");
		Files.createSymbolicLink(out.resolve("x-j1-000000000005.json"), victim);
		IOException refused = assertThrows(IOException.class, () -> sink.deliver(List.of(pending(5, "{\"id\":\"d\"}"))));
		assertTrue(refused.getMessage().startsWith(out.resolve("x-j1-000000000005.json") + " is a symbolic link (to " + victim
				+ "), not a file the runner wrote; nothing was written: remove the link"), refused.getMessage());
		assertEquals("keep", Files.readString(victim));
		assertTrue(Files.isSymbolicLink(out.resolve("x-j1-000000000005.json")), "left for its owner to look at");
		assertEquals(List.of("x-j1-000000000005.json"), list(out), "no temporary file left");
	}

	private static Sink.Pending pending(long id, String record) {
		return new Sink.Pending(id, "acme.Ledger", record, null, null, null, 0, null, id, java.time.Instant.EPOCH, 0);
	}

	private static List<String> list(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(f -> f.getFileName().toString()).sorted().toList();
		}
	}
}
