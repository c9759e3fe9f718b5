package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static dev.isthmus.cli.TargetFiles.idsDelivered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30,000-row windows-1252 export with one bad byte near its end, read in batches of 500: before, the 49 batches
 * before the bad byte were delivered and the file went to failed/ saying only "save it as windows-1252 and drop it in
 * again", which, done, delivered those 24,500 rows a second time. Now the file is checked whole first: nothing of it
 * is delivered, the reason says so, and the corrected file dropped in again delivers each row once.
 */
class RunnerWholeFileTest {

	private static final Charset CP1252 = Charset.forName("windows-1252");
	private static final int ROWS = 30_000;
	private static final int BAD_ROW = 25_000; // on line 25,001, under the header

	@Test
	void aFileWithABadByteNearItsEndDeliversNothingAndOnceCorrectedEachRowOnce(@TempDir Path project, @TempDir Path generated,
			@TempDir Path root) throws Exception {
		ErpExportProject.generate(project, generated);
		Files.createDirectories(root.resolve("in"));
		byte[] bad = export("~");
		int at = indexOf(bad, (byte) '~');
		bad[at] = (byte) 0x81; // no character in windows-1252
		Files.write(root.resolve("in/big.csv"), bad);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--batch", "500"),
				text(out) + text(err));

		assertEquals(Map.of(), idsDelivered(root.resolve("out")), "no row of a file that is not all windows-1252");
		String reason = Files.readString(root.resolve("in/failed/big.csv.reason.txt"));
		assertTrue(reason.contains("in/big.csv: the file is not windows-1252 text (line " + (BAD_ROW + 1) + ", byte " + at + " (0x81)), the"
				+ " encoding endpoint Erp.exports reads its files in, so no record of it was read; save it as windows-1252 and drop it in"
				+ " again"), reason);

		// Corrected, and dropped in again whole, as the reason says.
		Files.write(root.resolve("in/big.csv"), export("\u00eb"));
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--batch", "500"),
				text(out) + text(err));

		Map<String, Integer> rows = idsDelivered(root.resolve("out"));
		assertEquals(ROWS, rows.size(), "every row");
		List<String> twice = rows.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).limit(5).toList();
		assertEquals(List.of(), twice, "each row once");
		assertTrue(Files.isRegularFile(root.resolve("in/done/big.csv")));
	}

	/** The export, its row {@link #BAD_ROW} holding {@code odd} where the others hold "e". */
	private static byte[] export(String odd) {
		StringBuilder text = new StringBuilder("id,name\n");
		for (int i = 1; i <= ROWS; i++) {
			text.append(i).append(",Zo").append(i == BAD_ROW ? odd : "e").append(' ').append(i).append('\n');
		}
		return text.toString().getBytes(CP1252);
	}

	private static int indexOf(byte[] bytes, byte b) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		throw new AssertionError("no such byte");
	}
}
