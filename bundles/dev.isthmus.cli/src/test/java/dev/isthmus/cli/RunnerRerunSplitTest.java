package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters.DeadLetter;
import dev.isthmus.runner.Runner;

/**
 * {@code dlq replay --rerun} of one part of a split record: the whole record went through the flow again, and its
 * other parts, delivered already, reached their targets a second time — a file target held A, B and C twice after
 * B's rerun (review 22). It is refused, saying why and what to do; the letter stays as it is.
 */
class RunnerRerunSplitTest {

	private static final String PROJECT = """
			package sp
			record Order json {
			    oid   : string
			    lines : [ { sku : string } ]
			}
			record Line json { oid : string, sku : string }
			model OLine {
			    oid : String
			    sku : String
			}
			model Ord {
			    key oid : String
			    lines   : OLine[]
			}
			system In kind src {
			    endpoint orders file "orders" pattern "*.ndjson" receives Order
			}
			system Api kind api {
			    endpoint h http post "${env:API}/line/{sku}" sends Line
			}
			system Out kind files {
			    endpoint copy file "copy" pattern "c-*.ndjson" sends Line
			}
			mapping OrderToOrd : Order -> Ord {
			    oid <- oid
			    lines <- each lines as l {
			        oid <- oid
			        sku <- l.sku
			    }
			}
			mapping OLineToLine : OLine -> Line {
			    oid <- oid
			    sku <- sku
			}
			flow Split {
			    from In.orders
			    idempotent on oid for 30d
			    map OrderToOrd
			    split lines
			    to Api.h via OLineToLine, Out.copy via OLineToLine
			    dead-letter
			}
			""";

	@Test
	void aRerunOfOnePartOfASplitRecordIsRefused(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("sp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		drop(root, "orders/o.ndjson", "{\"oid\":\"o1\",\"lines\":[{\"sku\":\"A\"},{\"sku\":\"B\"},{\"sku\":\"C\"}]}\n");
		try (LoopbackServer api = new LoopbackServer(exchange -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/B") ? 422 : 200, -1);
			exchange.close();
		})) {
			Runner.once(RunnerTestProjects.options(generated, root, Map.of("API", api.url())).withPorts("127.0.0.1", 0, -1));
			List<DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
			assertEquals(1, letters.size(), letters.toString());

			String said = RunnerReplayRerunTest.isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", String.valueOf(letters.get(0).id()),
					"--rerun");
			assertTrue(said.contains("--rerun cannot send its record through the flow again: its record was split into parts (a 'split' step),"
					+ " and a rerun sends the whole record through the flow again, so the parts its targets took already would reach them twice"),
					said);
			assertEquals("DEAD", RunnerReplayRerunTest.state(generated, root, letters.get(0).id()));
		}
	}
}
