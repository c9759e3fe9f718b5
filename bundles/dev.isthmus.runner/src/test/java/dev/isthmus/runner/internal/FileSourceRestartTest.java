package dev.isthmus.runner.internal;

import static dev.isthmus.runner.internal.FileSourceOnJournal.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that changes while the runner is stopped, on a real directory and a real (H2 file) journal, the runner stopped
 * after part of the file and started again (a new source on the journal opened again): a file written on at its end is
 * read on from its checkpoint, every row once; bad bytes written to its end name the lines already read; a file put in
 * its place (renamed over the name, or truncated and written again) is read from its start.
 */
class FileSourceRestartTest {

	@TempDir
	Path root;

	private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

	private FileSource source(Path inbox) throws Exception {
		return FileSourceOnJournal.open(root, "P.rows", inbox, "*.csv", StandardCharsets.UTF_8, logged);
	}

	private Journal journal() throws Exception {
		return FileSourceOnJournal.journal(root);
	}

	private static List<Input> drain(FileSource source, Connection c) throws Exception {
		return FileSourceOnJournal.drain(source, c, 500);
	}

	private static String rows(int from, int to, String name) {
		StringBuilder text = new StringBuilder();
		for (int i = from; i <= to; i++) {
			text.append(i).append(',').append(name).append('-').append(String.format("%06d", i)).append('\n');
		}
		return text.toString();
	}

	private static List<String> names(List<Input> inputs) {
		return inputs.stream().map(i -> i.json().get("name").asText()).toList();
	}

	private static List<String> names(int from, int to, String name) {
		return IntStream.rangeClosed(from, to).mapToObj(i -> name + "-" + String.format("%06d", i)).toList();
	}

	/** Every row once, in order; said shortly where not (the lists are thousands long). */
	private static void assertRows(List<String> expected, List<String> actual) {
		if (!expected.equals(actual)) {
			fail(actual.size() + " rows (" + (actual.size() - new java.util.HashSet<>(actual).size()) + " of them a second time), "
					+ (actual.isEmpty() ? "" : "from " + actual.get(0) + " to " + actual.get(actual.size() - 1) + ", ") + "where "
					+ expected.size() + " rows from " + expected.get(0) + " to " + expected.get(expected.size() - 1) + " were expected");
		}
	}

	/** The first run: two batches of 500 (lines 1 to 1001 of the file, with its header), then a stop. */
	private List<Input> readPartThenStop(Path inbox) throws Exception {
		List<Input> read = new ArrayList<>();
		try (Journal journal = journal(); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			read.addAll(batch(source, c, 500));
			read.addAll(batch(source, c, 500));
			source.close();
		}
		assertRows(names(1, 1000, "n"), names(read));
		return read;
	}

	/** The inbox's big.csv of 3000 rows, read in part ({@link #readPartThenStop}) before the runner stopped. */
	private Path bigFileReadInPartThenStopped() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("big.csv");
		Files.writeString(file, "id,name\n" + rows(1, 3000, "n"));
		readPartThenStop(inbox);
		return file;
	}

	private List<Input> startAgainAndDrain(Path inbox) throws Exception {
		try (Journal journal = journal(); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			List<Input> rest = drain(source, c);
			source.close();
			return rest;
		}
	}

	private void aFileWrittenOnWhileStoppedIsReadOnFromItsCheckpoint(int rows) throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("big.csv");
		Files.writeString(file, "id,name\n" + rows(1, rows, "n"));
		List<Input> all = new ArrayList<>(readPartThenStop(inbox));

		Files.writeString(file, rows(rows + 1, rows + 10, "n"), StandardOpenOption.APPEND);
		all.addAll(startAgainAndDrain(inbox));

		assertRows(names(1, rows + 10, "n"), names(all));
		assertTrue(logged.toString(StandardCharsets.UTF_8).contains("\"fromLine\":1002"), logged.toString(StandardCharsets.UTF_8));
		assertFalse(Files.exists(file));
		assertTrue(Files.exists(inbox.resolve("done/big.csv")));
	}

	@Test
	void aFileWrittenOnWhileStoppedIsReadOnFromItsCheckpoint() throws Exception {
		aFileWrittenOnWhileStoppedIsReadOnFromItsCheckpoint(3000);
	}

	@Test
	void aFileLongerThanTheDigestedStartWrittenOnWhileStoppedIsReadOnFromItsCheckpoint() throws Exception {
		aFileWrittenOnWhileStoppedIsReadOnFromItsCheckpoint(8000); // about 130 KiB: more than the start compared
	}

	@Test
	void badBytesWrittenWhileStoppedNameTheLinesAlreadyRead() throws Exception {
		Path file = bigFileReadInPartThenStopped();
		Path inbox = file.getParent();

		Files.write(file, new byte[] { '3', '0', '0', '1', ',', (byte) 0xff, '\n' }, StandardOpenOption.APPEND);
		assertEquals(List.of(), startAgainAndDrain(inbox));

		String reason = Files.readString(inbox.resolve("failed/big.csv.reason.txt")).strip();
		assertTrue(reason.startsWith("inbox/big.csv: the file is not UTF-8 text (line 3002, byte "), reason);
		assertTrue(reason.contains("; lines 1 to 1001 of it were read before that was found"), reason);
		assertTrue(reason.contains("drop in only the lines after line 1001"), reason);
		assertFalse(reason.contains("no record of it was read"), reason);
	}

	@Test
	void aFileRenamedOverTheNameWhileStoppedIsReadFromItsStart() throws Exception {
		Path file = bigFileReadInPartThenStopped();
		Path inbox = file.getParent();

		// The same rows, and more: a producer that exports the whole table again. A new file is read whole.
		Path next = inbox.resolve("big.csv.tmp");
		Files.writeString(next, "id,name\n" + rows(1, 3010, "n"));
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

		assertRows(names(1, 3010, "n"), names(startAgainAndDrain(inbox)));
	}

	@Test
	void aFileTruncatedAndWrittenAgainWhileStoppedIsReadFromItsStart() throws Exception {
		// The same file (its inode), other rows, more of them than before.
		truncatedAndWrittenAgainWhileStoppedIsReadFromItsStart(4000, "m");
	}

	@Test
	void aFileTruncatedToFewerLinesWithTheSameStartIsReadFromItsStart() throws Exception {
		// Shorter than when it was read: not the file read, grown.
		truncatedAndWrittenAgainWhileStoppedIsReadFromItsStart(1200, "n");
	}

	/** The big file, read in part, truncated while stopped and written again with {@code rows} rows named {@code name}. */
	private void truncatedAndWrittenAgainWhileStoppedIsReadFromItsStart(int rows, String name) throws Exception {
		Path file = bigFileReadInPartThenStopped();
		Files.writeString(file, "id,name\n" + rows(1, rows, name), StandardOpenOption.TRUNCATE_EXISTING);
		assertRows(names(1, rows, name), names(startAgainAndDrain(file.getParent())));
	}

	/**
	 * A file that grew while it was read, then (the runner stopped) written again in place with the same start and
	 * fewer lines than were read: its checkpoint's size and first bytes are those of the file as opened, so it passed
	 * for the file grown, was "read on" from past its end, and its new rows were lost without a word (a review's
	 * kill -9 case). Now a file with fewer lines than were read is another file, read from its start.
	 */
	@Test
	void aFileGrownWhileReadThenWrittenAgainShorterWithTheSameStartIsReadFromItsStart() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("big.csv");
		Files.writeString(file, "id,name\n" + rows(1, 200, "n"));
		List<Input> read = new ArrayList<>();
		try (Journal journal = journal(); Connection c = journal.connect()) {
			FileSource source = source(inbox);
			read.addAll(batch(source, c, 100)); // opened at 200 rows
			Files.writeString(file, rows(201, 3000, "n"), StandardOpenOption.APPEND);
			read.addAll(batch(source, c, 500));
			read.addAll(batch(source, c, 500));
			source.close();
		}
		assertRows(names(1, 1100, "n"), names(read));

		Files.writeString(file, "id,name\n" + rows(1, 200, "n") + rows(5001, 5600, "n"), StandardOpenOption.TRUNCATE_EXISTING);

		List<String> again = names(startAgainAndDrain(inbox));
		List<String> expected = new ArrayList<>(names(1, 200, "n"));
		expected.addAll(names(5001, 5600, "n"));
		assertRows(expected, again);
		assertTrue(logged.toString(StandardCharsets.UTF_8).contains("\"event\":\"file.shorter-than-read\""), logged.toString(StandardCharsets.UTF_8));
	}

	@Test
	void aCheckpointWrittenBeforeTheFileIdentityWasKeptIsStillRead() throws Exception {
		Path inbox = Files.createDirectories(root.resolve("inbox"));
		Path file = inbox.resolve("a.csv");
		Files.writeString(file, "id,name\n" + rows(1, 10, "n"));
		try (Journal journal = journal(); Connection c = journal.connect()) {
			// As a run of an earlier version left it: the file's size and time, and 4 lines read.
			Journal.checkpoint(c, "file:f:inbox/a.csv", WaitingFiles.printOf(file) + ":4");
			c.commit();
		}
		assertRows(names(4, 10, "n"), names(startAgainAndDrain(inbox)));

		Path grown = inbox.resolve("b.csv");
		Files.writeString(grown, "id,name\n" + rows(1, 10, "n"));
		Object identity = Files.readAttributes(grown, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
		if (identity != null) {
			try (Journal journal = journal(); Connection c = journal.connect()) {
				// One that grew while an earlier version read it: its identity, and 6 lines read.
				Journal.checkpoint(c, "file:f:inbox/b.csv", "grown " + identity + ":6");
				c.commit();
			}
			assertRows(names(6, 10, "n"), names(startAgainAndDrain(inbox)));
		}
	}
}
