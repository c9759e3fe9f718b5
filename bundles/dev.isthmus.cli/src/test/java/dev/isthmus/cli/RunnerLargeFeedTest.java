package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --feed} reads its file as a stream: a backfill several times a batch is journaled in a heap smaller than the
 * file. It was read into memory whole, then split into lines and records (about three times its size): 78 MB of
 * usage events ended {@code run --once} with {@code -Xmx48m} in an {@code OutOfMemoryError} before a record was
 * read. Here a runner in a JVM of its own, its heap 64 MB, is fed 30 MB of NDJSON and 20 MB of a JSON array; once
 * both are journaled (the log says so after each commit), it is stopped: draining them is other tests' business,
 * and slow in so small a heap. Seen failing before the change ({@code OutOfMemoryError} in {@code Feeds.feed}, for
 * either file alone).
 */
class RunnerLargeFeedTest {

	private static final String PROJECT = """
			system Erp kind product {
			    record Row json {
			        id    : string
			        note  : string
			    }
			    endpoint exports file "in" pattern "*.ndjson" receives Row
			    endpoint drops file "drops" pattern "*.json" receives Row
			    endpoint copies file "out" pattern "o-*.ndjson" sends Row
			}
			flow Keep { from Erp.exports where id == "none" to Erp.copies dead-letter }
			flow Drops { from Erp.drops to Erp.copies dead-letter }
			""";

	private static final String NOTE = "n".repeat(2_000);

	@Test
	void aFeedLargerThanHalfTheHeapIsJournaledWhole(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		Path lines = project.resolve("backfill.ndjson");
		try (BufferedWriter out = Files.newBufferedWriter(lines)) {
			for (int n = 0; n < 15_000; n++) {
				out.write("{\"id\":\"l" + n + "\",\"note\":\"" + NOTE + "\"}\n");
			}
		}
		Path array = project.resolve("backfill.json");
		try (BufferedWriter out = Files.newBufferedWriter(array)) {
			out.write("[\n");
			for (int n = 0; n < 10_000; n++) {
				out.write((n == 0 ? "" : ",\n") + "{\"id\":\"a" + n + "\",\"note\":\"" + NOTE + "\"}");
			}
			out.write("\n]\n");
		}

		Path log = root.resolve("run.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process run = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), IsthmusCommandLine.class.getName(),
				"run", generated.toString(), "--once", "--root", root.resolve("run").toString(), "--feed", "Erp.exports=" + lines, "--feed",
				"Erp.exports=" + array).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			while (fed(log).size() < 2 && run.isAlive() && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			assertEquals(List.of("15000", "10000"), fed(log), Files.readString(log));
		} finally {
			run.destroyForcibly();
			run.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * A JSON array dropped into a watched directory, read in batches of the default --batch (5,000): a batch's text is
	 * bounded by a 64th of the heap, not 64 MB alone. Records of 1 KB in batches of 5,000, several batches in flight
	 * (each record's text, tree, trace and delivery), ended a runner with -Xmx128m out of memory, nothing delivered
	 * (review 36). Here 25,000 such records (26 MB) in a 96 MB heap are delivered whole. Seen failing before the change
	 * (exit 3).
	 */
	@Test
	void aLargeJsonArrayInAWatchedDirectoryIsDeliveredInASmallHeap(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		Path drops = Files.createDirectories(root.resolve("drops"));
		try (BufferedWriter out = Files.newBufferedWriter(drops.resolve("export.json"))) {
			out.write("[\n");
			for (int n = 0; n < 25_000; n++) {
				out.write((n == 0 ? "" : ",\n") + "{\"id\":\"d" + n + "\",\"note\":\"" + NOTE.substring(0, 1_000) + "\"}");
			}
			out.write("\n]\n");
		}
		Path log = project.resolve("run.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process run = new ProcessBuilder(java, "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
				IsthmusCommandLine.class.getName(), "run", generated.toString(), "--once", "--root", root.toString())
				.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean ended = run.waitFor(3, TimeUnit.MINUTES);
		if (!ended) {
			run.destroyForcibly();
		}
		String printed = Files.readString(log);
		assertEquals(IsthmusCommandLine.OK, ended ? run.exitValue() : -1, printed);
		long delivered = 0;
		try (java.util.stream.Stream<Path> files = Files.list(root.resolve("out"))) {
			for (Path file : files.toList()) {
				delivered += Files.readAllLines(file).size();
			}
		}
		assertEquals(25_000, delivered, printed);
	}

	/** The records each {@code feed.accepted} line of the log counts, in order. */
	private static List<String> fed(Path log) throws java.io.IOException {
		return Files.readString(log).lines().filter(line -> line.contains("\"event\":\"feed.accepted\""))
				.map(line -> line.replaceAll(".*\"records\":(\\d+).*", "$1")).toList();
	}
}
