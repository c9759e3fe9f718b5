package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

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

	private static final String SYSTEM = """
			system Erp kind product {
			    record Row csv {
			        id    : string
			        name  : string
			    }
			    record Out ndjson {
			        id    : string
			        name  : string
			    }
			    endpoint exports file "in" pattern "*.csv" encoding "windows-1252" receives Row
			    endpoint copies file "out" pattern "o-*.ndjson" sends Out
			}
			mapping M : Erp.Row -> Erp.Out { id <- id name <- name }
			flow Copy { from Erp.exports map M to Erp.copies dead-letter }
			""";

	@Test
	void aFileWithABadByteNearItsEndDeliversNothingAndOnceCorrectedEachRowOnce(@TempDir Path project, @TempDir Path generated,
			@TempDir Path root) throws Exception {
		Files.writeString(project.resolve("erp.isl"), SYSTEM);
		RunnerTestProjects.generateFrom(project, generated);
		Files.createDirectories(root.resolve("in"));
		byte[] bad = export("~");
		int at = indexOf(bad, (byte) '~');
		bad[at] = (byte) 0x81; // no character in windows-1252
		Files.write(root.resolve("in/big.csv"), bad);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--batch", "500"),
				text(out) + text(err));

		assertEquals(Map.of(), delivered(root), "no row of a file that is not all windows-1252");
		String reason = Files.readString(root.resolve("in/failed/big.csv.reason.txt"));
		assertTrue(reason.contains("in/big.csv: the file is not windows-1252 text (line " + (BAD_ROW + 1) + ", byte " + at + " (0x81)), the"
				+ " encoding endpoint Erp.exports reads its files in, so no record of it was read; save it as windows-1252 and drop it in"
				+ " again"), reason);

		// Corrected, and dropped in again whole, as the reason says.
		Files.write(root.resolve("in/big.csv"), export("\u00eb"));
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("run", generated.toString(), "--once", "--root", root.toString(), "--batch", "500"),
				text(out) + text(err));

		Map<String, Integer> rows = delivered(root);
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

	/** How many times each id reached the target's files. */
	private static Map<String, Integer> delivered(Path root) throws Exception {
		Map<String, Integer> ids = new TreeMap<>();
		Path dir = root.resolve("out");
		if (!Files.isDirectory(dir)) {
			return ids;
		}
		List<Path> files = new ArrayList<>();
		try (var list = Files.list(dir)) {
			list.filter(f -> f.getFileName().toString().endsWith(".ndjson")).forEach(files::add);
		}
		ObjectMapper json = new ObjectMapper();
		for (Path file : files) {
			for (String line : Files.readAllLines(file)) {
				if (!line.isBlank()) {
					ids.merge(json.readTree(line).get("id").asText(), 1, Integer::sum);
				}
			}
		}
		return ids;
	}
}
