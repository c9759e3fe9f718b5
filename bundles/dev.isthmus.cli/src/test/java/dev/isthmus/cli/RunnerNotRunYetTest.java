package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow enriching its records by calling an endpoint: the runner skipped the call and delivered the records with the
 * field null, the trace saying nothing of it (review 21). The runner does not run such a step yet, so it refuses to
 * start, saying which flow and step and what to write instead; nothing is read or delivered.
 */
class RunnerNotRunYetTest {

	@Test
	void aFlowEnrichingByACallIsRefusedAtStart(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("e.isl"), """
				package e
				system Src kind src {
				    record Item json { id : string, price : decimal? }
				    endpoint items file "inbox" pattern "*.ndjson" receives Item
				}
				system Api kind api {
				    record Price json { id : string, price : decimal }
				    endpoint prices http get "http://127.0.0.1:9/price/{id}" exchanges Price
				}
				system Out kind files {
				    endpoint done file "out" pattern "x-*.ndjson" sends Src.Item
				}
				flow Enr {
				    from Src.items
				    enrich price with call Api.prices
				    to Out.done
				}
				""");
		RunnerTestProjects.generateFrom(project, generated);
		drop(root, "inbox/a.ndjson", "{\"id\":\"a1\"}\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString());

		assertNotEquals(IsthmusCommandLine.OK, code, text(out) + text(err));
		assertTrue(text(err).contains("flow e.Enr: 'enrich price with call e.Api.prices' is not run by the runner yet, and its records would go on"
				+ " without price; compute price with an expression (enrich price with …), or remove the step"), text(err));
		assertTrue(Files.isRegularFile(root.resolve("inbox/a.ndjson")), "the file is not read");
		assertFalse(Files.exists(root.resolve("out")) && root.resolve("out").toFile().list().length > 0, "nothing delivered");
	}
}
