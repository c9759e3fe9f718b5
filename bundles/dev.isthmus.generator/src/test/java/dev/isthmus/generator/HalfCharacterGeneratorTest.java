package dev.isthmus.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;

/**
 * A mapping whose text literal holds half a character ({@code note <- "\uDE00"}) made {@code isthmus generate} fail
 * with a bare "Input length = 1" (the UTF-8 encoder's words for a lone surrogate in the generated JSON). The project
 * now has an error at the literal, so generate writes nothing and says why; and should such text reach the writer
 * anyway, its error names the file and line.
 */
class HalfCharacterGeneratorTest {

	private static final String PROJECT = """
			package shop

			system Shop kind saas {
			    record In json { id : string, name : string }
			    record Out json { id : string, note : string }
			    endpoint orders webhook "/orders" receives In
			    endpoint ledger http post "${env:LEDGER_URL}/entries" sends Out
			}

			mapping InToOut : Shop.In -> Shop.Out {
			    id <- id
			    note <- concat(name, "\\uD83D")
			}

			flow Orders {
			    from Shop.orders
			    map InToOut
			    to Shop.ledger
			}
			""";

	@Test
	void theProjectHasAnErrorAtTheLiteral(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("shop.isl"), PROJECT);
		List<String> errors = IslProject.load(folder).errors().stream().map(ProjectDiagnostic::format).toList();

		assertEquals(1, errors.size(), errors.toString());
		assertTrue(errors.get(0).contains("shop.isl:12") && errors.get(0).contains("a text literal holds half a character (U+D83D)"),
				errors.get(0));
	}

	@Test
	void theWholeCharacterGenerates(@TempDir Path folder) throws Exception {
		Files.writeString(folder.resolve("shop.isl"), PROJECT.replace("\\uD83D\"", "\\uD83D\\uDE00\""));
		IslProject project = IslProject.load(folder);
		assertEquals(List.of(), project.errors().stream().map(ProjectDiagnostic::format).toList());

		Path out = folder.resolve("out");
		ConnectorGenerator.write(new ConnectorGenerator("0.1.0.test").generate(project), out);
		assertTrue(Files.readString(out.resolve("flows/shop.Orders.json")).contains("😀"));
	}

	@Test
	void halfACharacterThatReachesTheWriterIsNamedNotABareCharsetMessage(@TempDir Path folder) {
		IOException e = assertThrows(IOException.class,
				() -> ConnectorGenerator.write(Map.of("flows/x.json", "{\n  \"note\": \"a\uDE00\"\n}\n"), folder));

		assertTrue(e.getMessage().startsWith("flows/x.json would hold half a character (U+DE00) at line 2, which UTF-8 cannot write"),
				e.getMessage());
		assertFalse(e.getMessage().contains("Input length"), e.getMessage());
		assertFalse(Files.exists(folder.resolve("flows/x.json")), "nothing half-written");
	}
}
