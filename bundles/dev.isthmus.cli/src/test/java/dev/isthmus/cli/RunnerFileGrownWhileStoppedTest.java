package dev.isthmus.cli;

import static dev.isthmus.cli.TargetFiles.idsDelivered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A windows-1252 export read in batches of 500 by a {@code --once} run stopped after four batches (as a SIGTERM stops
 * it), written to while the runner is stopped, and read by a second run. Before, the file's checkpoint named its size
 * and time, which the write changed: the second run read it from line 1, and the rows the first had read reached the
 * target twice; bad bytes written to it sent it to failed/ saying "no record of it was read". Now the file written on
 * at its end is read on from its checkpoint, and the reason names the lines already read; a file renamed over the name
 * is another file, read from its start.
 */
class RunnerFileGrownWhileStoppedTest {

	private static final Charset CP1252 = Charset.forName("windows-1252");
	private static final int ROWS = 5_000;

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate(@TempDir Path project) throws Exception {
		ErpExportProject.generate(project, generated);
	}

	@Test
	void rowsWrittenToTheFileWhileStoppedAreReadOnAndEveryRowReachesItsTargetOnce(@TempDir Path root) throws Exception {
		Path file = exportStopped(root);

		append(file, rows(ROWS + 1, ROWS + 10).getBytes(CP1252));
		Runner.once(options(root));

		Map<String, Integer> rows = idsDelivered(root.resolve("out"));
		assertEquals(ROWS + 10, rows.size(), "every row");
		assertEquals(List.of(), twice(rows), "each row once");
		assertTrue(Files.isRegularFile(root.resolve("in/done/big.csv")));
	}

	@Test
	void badBytesWrittenToTheFileWhileStoppedNameTheLinesThatWentOn(@TempDir Path root) throws Exception {
		Path file = exportStopped(root);

		append(file, new byte[] { '9', '9', ',', (byte) 0x81, '\n' }); // no character in windows-1252
		Runner.once(options(root));

		Map<String, Integer> rows = idsDelivered(root.resolve("out"));
		String reason = Files.readString(root.resolve("in/failed/big.csv.reason.txt"));
		Matcher read = Pattern.compile("; lines 1 to (\\d+) of it were read before that was found").matcher(reason);
		assertTrue(read.find(), reason);
		assertEquals(rows.size() + 1, Long.parseLong(read.group(1)), "the rows delivered, under the header\n" + reason);
		assertTrue(reason.contains("drop in only the lines after line " + read.group(1)), reason);
		assertFalse(reason.contains("no record of it was read"), reason);
		assertEquals(List.of(), twice(rows), "each row once");
	}

	@Test
	void aFileRenamedOverTheNameWhileStoppedIsReadFromItsStart(@TempDir Path root) throws Exception {
		Path file = exportStopped(root);

		Path next = root.resolve("in/big.csv.tmp");
		Files.write(next, ("id,name\n" + rows(ROWS + 1, ROWS + 100)).getBytes(CP1252));
		Files.setLastModifiedTime(next, FileTime.from(Instant.now().minusSeconds(60)));
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		Runner.once(options(root));

		Map<String, Integer> rows = idsDelivered(root.resolve("out"));
		long first = rows.keySet().stream().filter(id -> Integer.parseInt(id) <= ROWS).count();
		assertTrue(first > 0 && first < ROWS, first + " rows of the file read before the stop");
		for (int i = ROWS + 1; i <= ROWS + 100; i++) {
			assertEquals(1, rows.getOrDefault(String.valueOf(i), 0), "row " + i + " of the new file");
		}
		assertEquals(List.of(), twice(rows), "each row once");
	}

	/** The export dropped in, and a {@code --once} run stopped (as a SIGTERM stops it) after four batches of it. */
	private static Path exportStopped(Path root) throws Exception {
		Path file = Files.createDirectories(root.resolve("in")).resolve("big.csv");
		Files.write(file, ("id,name\n" + rows(1, ROWS)).getBytes(CP1252));
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
		// The flows drain on the caller's thread, which asks before each batch; the deliverers ask on theirs.
		Thread caller = Thread.currentThread();
		int[] asked = { 0 };
		BooleanSupplier stop = () -> Thread.currentThread() == caller ? ++asked[0] > 4 : asked[0] > 4;
		Runner.once(options(root), stop);
		// Its records read so far are journaled, some delivered, the rest delivered by the next run.
		assertTrue(Files.exists(file), "stopped part way through the file, not read to its end");
		assertTrue(idsDelivered(root.resolve("out")).size() < ROWS);
		return file;
	}

	/** Written to at its end, a while ago (the runner reads a file left alone for a moment). */
	private static void append(Path file, byte[] bytes) throws Exception {
		Files.write(file, bytes, StandardOpenOption.APPEND);
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(30)));
	}

	private static RunnerOptions options(Path root) {
		return RunnerTestProjects.options(generated, root, Map.of()).withBatchSize(500);
	}

	private static String rows(int from, int to) {
		StringBuilder text = new StringBuilder();
		for (int i = from; i <= to; i++) {
			text.append(i).append(",Zo\u00eb ").append(i).append('\n');
		}
		return text.toString();
	}

	private static List<String> twice(Map<String, Integer> rows) {
		return rows.entrySet().stream().filter(e -> e.getValue() != 1).map(e -> e.getKey() + " x" + e.getValue()).limit(5).toList();
	}
}
