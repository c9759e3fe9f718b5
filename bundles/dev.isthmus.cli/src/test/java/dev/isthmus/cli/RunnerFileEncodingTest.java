package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;

/**
 * A file endpoint's {@code encoding}, as a user meets it with {@code isthmus run --once} and {@code isthmus dlq}: an
 * ERP's windows-1252 export arrives as its characters ("Zoë", "Müller", "€"), a file with a byte that is no
 * windows-1252 goes to failed/ and the summary says where and what to do, a Latin-1 target writes Latin-1 and refuses
 * the one record holding "€" as a dead letter of its own (no {@code ?} in the file), and 'dlq show' finds a broken row
 * of the windows-1252 file in done/, reading the file as the runner did.
 */
class RunnerFileEncodingTest {

	private static final Charset CP1252 = Charset.forName("windows-1252");

	private static final String SYSTEM = """
			system Erp kind product {
			    record Row csv {
			        id    : string
			        name  : string
			    }
			    record Out csv {
			        id    : string
			        name  : string
			    }
			    endpoint exports file "in" pattern "*.csv" encoding "Cp1252" receives Row
			    endpoint legacy file "out" pattern "o-*.csv" encoding "latin1" sends Out
			}
			mapping M : Erp.Row -> Erp.Out { id <- id name <- name }
			flow Copy { from Erp.exports map M to Erp.legacy dead-letter }
			""";

	final ByteArrayOutputStream out = new ByteArrayOutputStream();
	final ByteArrayOutputStream err = new ByteArrayOutputStream();
	final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void anErpExportInWindows1252ArrivesAsItsCharactersAndALatin1TargetRefusesTheEuroAlone(@TempDir Path project,
			@TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("erp.isl"), SYSTEM);
		RunnerTestProjects.generateFrom(project, generated);
		Files.createDirectories(root.resolve("in"));
		// Line 5 is a row of three cells under a header of two: a dead letter 'dlq show' finds again.
		Files.write(root.resolve("in/a.csv"), "id,name\n1,Zo\u00eb\n2,M\u00fcller\n3,\u20ac 5\n4,Zo\u00eb,extra\n".getBytes(CP1252));
		byte[] head = "id,name\n9,x".getBytes(CP1252);
		byte[] bad = java.util.Arrays.copyOf(head, head.length + 2);
		bad[head.length] = (byte) 0x81; // no character in windows-1252
		bad[head.length + 1] = '\n';
		Files.write(root.resolve("in/b.csv"), bad);

		int code = cli.run("run", generated.toString(), "--once", "--root", root.toString());

		assertEquals(IsthmusCommandLine.OK, code, text(out) + text(err));
		List<Path> written;
		try (var files = Files.list(root.resolve("out"))) {
			written = files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList();
		}
		assertEquals(1, written.size(), written.toString());
		assertEquals("id,name\n1,Zo\u00eb\n2,M\u00fcller\n", new String(Files.readAllBytes(written.get(0)), StandardCharsets.ISO_8859_1),
				"written in Latin-1, and without the record Latin-1 cannot write");
		assertTrue(text(out).contains("in/b.csv: the file is not windows-1252 text (line 2, byte " + head.length + " (0x81)), the"
				+ " encoding endpoint Erp.exports reads its files in, so no record of it was read; save it as windows-1252 and drop it in again"), text(out));
		assertTrue(Files.isRegularFile(root.resolve("in/failed/b.csv.reason.txt")));

		List<DeadLetters.DeadLetter> letters = RunnerTestProjects.deadLetters(generated, root);
		DeadLetters.DeadLetter euro = letters.stream().filter(d -> d.kind().equals("delivery")).findFirst().orElseThrow(() -> new AssertionError(letters));
		assertTrue(euro.reason().contains("the field name holds \"\u20ac\" (U+20AC), which ISO-8859-1 cannot write"), euro.reason());
		assertEquals(1, letters.stream().filter(d -> d.kind().equals("delivery")).count(), letters.toString());

		DeadLetters.DeadLetter row = letters.stream().filter(DeadLetters.DeadLetter::readFailure).findFirst()
				.orElseThrow(() -> new AssertionError(letters));
		assertEquals("4,Zo\u00eb,extra", row.record());
		out.reset();
		assertEquals(IsthmusCommandLine.OK, cli.run("dlq", "show", String.valueOf(row.id()), "--json", "--root", root.toString()),
				text(err));
		assertEquals("in/done/a.csv line 5", new ObjectMapper().readTree(text(out)).path("nowAt").asText(), text(out));
	}
}
