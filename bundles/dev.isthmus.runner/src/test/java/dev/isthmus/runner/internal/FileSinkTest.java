package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file sink on a real directory, as a review found it: a pattern that climbed out of the root, a pattern without
 * '*' replaced unsaid, json records written pretty to "*.ndjson" files, a directory removed under a running runner
 * never made again, a failure's reason that was only a path, and decimals that lost their scale.
 */
class FileSinkTest {

	@TempDir
	Path out;

	@Test
	void aPatternNamesFilesInTheDirectoryWithOneStar() {
		assertTrue(FileSink.patternProblem("../../../escape-*.json").contains("is a path"));
		assertTrue(FileSink.patternProblem("sub\\\\x-*.json").contains("is a path"));
		assertEquals("the pattern \"latest.json\" needs one '*', where each batch's number goes (each batch is a file of its own),"
				+ " e.g. \"latest-*.json\"", FileSink.patternProblem("latest.json"));
		assertNull(FileSink.patternProblem("entries-*.ndjson"));
		assertNull(FileSink.patternProblem(null));
	}

	@Test
	void theFilesExtensionSaysTheFormat() throws Exception {
		FileSink sink = new FileSink(out, "entries-*.ndjson", "json", null, "acme.Ledger.files", "j1");
		sink.deliver(List.of(pending(7, "{\"id\":\"a\",\"amount\":10.00}"), pending(8, "{\"id\":\"b\",\"amount\":2}")));
		assertEquals("{\"id\":\"a\",\"amount\":10.00}\n{\"id\":\"b\",\"amount\":2}\n", Files.readString(out.resolve("entries-j1-000000000007.ndjson")));
	}

	/** Decimals as they were written: read back as doubles they were 10.0 and 1.0E-8 (and 1E-8 as BigDecimal's text). */
	@Test
	void decimalsAreWrittenExactlyInPlainDigits() throws Exception {
		String record = "{\"a\":10.00,\"b\":0.00000001,\"c\":12345678901234567.89}";
		new FileSink(out, "x-*.json", "json", null, "acme.Ledger.files", "j1").deliver(List.of(pending(3, record)));
		assertEquals("{\n  \"a\" : 10.00,\n  \"b\" : 0.00000001,\n  \"c\" : 12345678901234567.89\n}\n", Files.readString(out.resolve("x-j1-000000000003.json")));
		new FileSink(out, "y-*.csv", "csv", null, "acme.Ledger.files", "j1").deliver(List.of(pending(4, record)));
		assertEquals("a,b,c\n10.00,0.00000001,12345678901234567.89\n", Files.readString(out.resolve("y-j1-000000000004.csv")));
		// What the journal holds is written by the runner's own generators: plain there too.
		BatchRow row = new BatchRow();
		row.add(g -> dev.isthmus.engine.Values.write(java.util.Map.of("b", new java.math.BigDecimal("0.00000001")), g));
		assertEquals("[{\"b\":0.00000001}]", new String(row.take(), java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void aDirectoryRemovedWhileRunningIsMadeAgain() throws Exception {
		Path dir = Files.createDirectories(out.resolve("out/entries"));
		FileSink sink = new FileSink(dir, "entries-*.json", "json", null, "acme.Ledger.files", "j1");
		Files.delete(dir);
		sink.deliver(List.of(pending(9, "{\"id\":\"c\"}")));
		assertTrue(Files.exists(dir.resolve("entries-j1-000000000009.json")));
	}

	@Test
	void aFailureSaysWhatWentWrongWithWhichFile() throws Exception {
		Path dir = Files.createDirectories(out.resolve("blocked"));
		FileSink sink = new FileSink(dir, "x-*.json", "json", null, "acme.Ledger.files", "j1");
		// A file where the temporary file goes: writing it fails as a full or read-only disk would, whoever runs this.
		Files.createDirectories(dir.resolve(".x-j1-000000000005.json.tmp"));
		IOException e = assertThrows(IOException.class, () -> sink.deliver(List.of(pending(5, "{\"id\":\"d\"}"))));
		assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve(".x-j1-000000000005.json.tmp") + ": "), e.getMessage());
	}

	private static Sink.Pending pending(long id, String record) {
		return new Sink.Pending(id, "acme.Ledger", record, null, null, null, 0, null, id, java.time.Instant.EPOCH, 0);
	}
}
