package dev.isthmus.cli;

import static dev.isthmus.cli.TargetFiles.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A record holding half of a character (a JSON {@code \ud800} escape without its other half) reached NDJSON and CSV
 * files and HTTP bodies with a {@code ?} in its place. Now it is a dead letter of its own, in each flow, of the step
 * that would deliver it, naming the target, the field and the code unit, and the other records (one with a whole
 * character written as two escapes among them) go on as they were.
 */
class RunnerHalfCharacterTest {

	private static final String SYSTEM = """
			system S kind product {
			    record R ndjson {
			        id : integer
			        s  : string
			    }
			    record C csv {
			        id : integer
			        s  : string
			    }
			    record F form {
			        id : integer
			        s  : string
			    }
			%s
			    endpoint outN file "outN" pattern "o-*.ndjson" sends R
			    endpoint outC file "outC" pattern "o-*.csv" sends C
			    endpoint api http post "${env:BASE}/json" sends R
			        timeout 5s
			    endpoint form http post "${env:BASE}/form" sends F
			        timeout 5s
			}
			mapping ToC : S.R -> S.C { id <- id s <- s }
			mapping ToF : S.R -> S.F { id <- id s <- s }
			flow N { from S.a to S.outN dead-letter }
			flow V { from S.b map ToC to S.outC dead-letter }
			flow H { from S.c to S.api dead-letter }
			flow G { from S.d map ToF to S.form dead-letter }
			""".formatted(IslLines.ndjsonInboxes("R", "a", "b", "c", "d"));

	// As the file holds them: the escapes are JSON's, six characters each.
	private static final String LINES = """
			{"id":1,"s":"Zo\u00eb"}
			{"id":2,"s":"lone \\ud800 y"}
			{"id":3,"s":"pair \\ud83d\\ude00"}
			""";

	@Test
	void aRecordHoldingHalfACharacterIsADeadLetterOfItsOwnForFileAndHttpTargets(@TempDir Path project, @TempDir Path generated,
			@TempDir Path root) throws Exception {
		Files.writeString(project.resolve("s.isl"), SYSTEM);
		RunnerTestProjects.generateFrom(project, generated);
		for (String in : List.of("a", "b", "c", "d")) {
			Files.writeString(Files.createDirectories(root.resolve(in)).resolve("x.ndjson"), LINES);
		}
		List<String> bodies = new CopyOnWriteArrayList<>();
		try (LoopbackServer target = new LoopbackServer(exchange -> {
			try (exchange) {
				bodies.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(200, -1);
			}
		})) {
			Map<String, String> env = Map.of("BASE", target.url());
			Runner.once(RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(env::get)
					.withLog(RunnerTestProjects.nowhere()));
		}

		String smile = "\uD83D\uDE00";
		assertEquals("{\"id\":1,\"s\":\"Zo\u00eb\"}\n{\"id\":3,\"s\":\"pair " + smile + "\"}\n", written(root.resolve("outN"), ".ndjson"));
		assertEquals("id,s\n1,Zo\u00eb\n3,pair " + smile + "\n", written(root.resolve("outC"), ".csv"));
		// (posts go side by side, so in any order)
		assertEquals(List.of("/json {\"id\":1,\"s\":\"Zo\u00eb\"}", "/json {\"id\":3,\"s\":\"pair " + smile + "\"}"),
				bodies.stream().filter(b -> b.startsWith("/json")).sorted().toList());
		assertEquals(List.of("/form id=1&s=Zo%C3%AB", "/form id=3&s=pair+%F0%9F%98%80"), bodies.stream().filter(b -> b.startsWith("/form")).sorted().toList());
		assertFalse(bodies.toString().contains("?") || bodies.toString().contains("%3F"), bodies.toString());

		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		assertEquals(4, letters.size(), letters.toString());
		for (DeadLetters.DeadLetter letter : letters) {
			// Refused where it would be delivered (the flow's deliver step, naming its target), not where it was read.
			assertTrue(letter.step().startsWith("deliver -> S."), letter.step());
			assertTrue(letter.reason().startsWith(letter.step() + ": the field s holds U+D800, half of a character (a UTF-16 surrogate,"
					+ " \\ud800 in JSON, without its other half), which no encoding can write; the record was not delivered"), letter.reason());
			assertTrue(letter.reason().contains("have its sender write the whole character, or leave it out, and send it again"), letter.reason());
		}
	}
}
