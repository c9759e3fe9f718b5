package dev.isthmus.cli;

import static dev.isthmus.cli.TargetFiles.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * Half of a character is refused where a record is delivered, not where it is read. A mapping's {@code substring}
 * cutting an emoji in two, or a table row holding a lone surrogate, reached file targets as {@code ?}, since only JSON
 * text was looked at when read; and a record was a dead letter even in a flow whose {@code where} filtered it, or when
 * the half character was in a field its target never got.
 */
class RunnerHalfCharacterDeliveryTest {

	private static final String SYSTEM = """
			package half

			system S kind product {
			    record R ndjson {
			        id   : integer
			        name : string
			        note : string
			    }
			    record O ndjson {
			        id   : integer
			        name : string
			    }
			    record T csv {
			        id   : integer
			        name : string
			    }
			%s
			    endpoint rows jdbc env ROWS_URL table "ROWS" key "ID" receives T
			    endpoint outA file "outA" pattern "o-*.ndjson" sends O
			    endpoint outB file "outB" pattern "o-*.ndjson" sends O
			    endpoint outC file "outC" pattern "o-*.ndjson" sends O
			    endpoint outT file "outT" pattern "o-*.csv" sends T
			}
			mapping Cut : S.R -> S.O { id <- id name <- substring(replace(name, note, ""), 0, 1) }
			mapping Keep : S.R -> S.O { id <- id name <- name }
			flow Cutting { from S.a map Cut to S.outA dead-letter }
			flow Filtering { from S.b where id == 1 map Keep to S.outB dead-letter }
			flow Dropping { from S.c map Keep to S.outC dead-letter }
			flow Table { from S.rows to S.outT dead-letter }
			""".formatted(IslLines.ndjsonInboxes("R", "a", "b", "c"));

	@Test
	void aHalfCharacterIsADeadLetterOfTheStepThatWouldDeliverIt(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("s.isl"), SYSTEM);
		RunnerTestProjects.generateFrom(project, generated);
		String smile = "\uD83D\uDE00";
		// substring never cuts an emoji: the mapping takes its second half away (note holds it), then cuts.
		RunnerTestProjects.drop(root, "a/x.ndjson", "{\"id\":1,\"name\":\"" + smile + "x\",\"note\":\"\\ude00\"}\n{\"id\":2,\"name\":\"ab\",\"note\":\"\"}\n");
		// As the file holds them: the escapes are JSON's, six characters each.
		RunnerTestProjects.drop(root, "b/x.ndjson", "{\"id\":1,\"name\":\"ok\",\"note\":\"\"}\n{\"id\":2,\"name\":\"x\\ud800\",\"note\":\"\"}\n");
		RunnerTestProjects.drop(root, "c/x.ndjson", "{\"id\":3,\"name\":\"ok\",\"note\":\"lone \\ud800 y\"}\n");
		String rows = "jdbc:h2:file:" + root.toAbsolutePath().resolve("rows");
		try (Connection c = DriverManager.getConnection(rows)) {
			c.createStatement().execute("CREATE TABLE ROWS (ID BIGINT PRIMARY KEY, NAME VARCHAR(100))");
			try (PreparedStatement insert = c.prepareStatement("INSERT INTO ROWS VALUES (?, ?)")) {
				for (Object[] row : new Object[][] { { 1L, "lone \uD800 y" }, { 2L, "fine " + smile } }) {
					insert.setObject(1, row[0]);
					insert.setObject(2, row[1]);
					insert.executeUpdate();
				}
			}
		}

		RunSummary summary = Runner.once(RunnerTestProjects.options(generated, root, Map.of("ROWS_URL", rows)));

		assertEquals("{\"id\":2,\"name\":\"a\"}\n", written(root.resolve("outA"), ".ndjson"), "the cut emoji is not written as ?");
		assertEquals("{\"id\":1,\"name\":\"ok\"}\n", written(root.resolve("outB"), ".ndjson"));
		assertEquals("{\"id\":3,\"name\":\"ok\"}\n", written(root.resolve("outC"), ".ndjson"), "the note is not delivered, so not refused");
		assertEquals("id,name\n2,fine " + smile + "\n", written(root.resolve("outT"), ".csv"));
		RunSummary.FlowCounts filtering = summary.flows().stream().filter(f -> f.flow().equals("half.Filtering")).findFirst().orElseThrow();
		assertEquals(1, filtering.filtered(), summary.flows().toString());
		assertEquals(0, filtering.deadLettered(), summary.flows().toString());

		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		assertEquals(List.of("half.Cutting", "half.Table"), letters.stream().map(DeadLetters.DeadLetter::flow).sorted().toList(),
				letters.toString());
		for (DeadLetters.DeadLetter letter : letters) {
			String target = letter.flow().equals("half.Cutting") ? "outA" : "outT";
			String unit = letter.flow().equals("half.Cutting") ? "D83D" : "D800";
			assertTrue(letter.step().startsWith("deliver -> ") && letter.step().endsWith(target), letter.step());
			assertTrue(letter.reason().startsWith(letter.step() + ": the field name holds U+" + unit + ", half of a character"),
					letter.reason());
			assertTrue(letter.reason().contains("which no encoding can write; the record was not delivered"), letter.reason());
		}
	}
}
