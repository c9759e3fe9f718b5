package dev.isthmus.cli;

import static dev.isthmus.cli.IsthmusCommandLineTest.print;
import static dev.isthmus.cli.IsthmusCommandLineTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test block's sample is read in its endpoint's encoding, as the runner reads that endpoint's files: a
 * windows-1252 CSV (as ERPs export them) was read as UTF-8 and the test could not run ("Input length = 1").
 */
class TestSampleEncodingTest {

	private static final String PROJECT = """
			package erp

			system Erp kind erp {
			    record Row csv { id : string, name : string }
			    record Out json { id : string, name : string }
			    endpoint exports file "inbox/erp" pattern "*.csv" encoding "windows-1252" receives Row
			    endpoint plain file "inbox/plain" pattern "*.csv" receives Row
			    endpoint out http post "https://people.example/p" sends Out
			}

			model Person {
			    key id : String
			    name   : String
			}

			mapping RowToPerson : Erp.Row -> Person {
			    id   <- id
			    name <- name
			}

			mapping RowToOut : Erp.Row -> Erp.Out {
			    id   <- id
			    name <- name
			}

			flow People {
			    from Erp.exports
			    to Erp.out via RowToOut
			}

			test "one row" for RowToPerson {
			    given Erp.exports from "samples/zoe.csv"
			    expect Person.name == "Zoë"
			}

			test "the flow reads its source's encoding" for People {
			    given from "samples/both.csv"
			    expect outputs 2
			    expect Out.name == "Müller"
			    expect Out.id == "1"
			}
			""";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	private static Path project(Path folder, String tests) throws Exception {
		Files.writeString(folder.resolve("erp.isl"), PROJECT + tests);
		Files.createDirectories(folder.resolve("samples"));
		Files.write(folder.resolve("samples/zoe.csv"), "id,name\r\n1,Zoë\r\n".getBytes("windows-1252"));
		Files.write(folder.resolve("samples/both.csv"), "id,name\n1,Müller\n2,Zoë\n".getBytes("windows-1252"));
		return folder;
	}

	@Test
	void aWindows1252SampleIsReadAsWindows1252(@TempDir Path folder) throws Exception {
		assertEquals(IsthmusCommandLine.OK, cli.run("test", project(folder, "").toString()), text(out) + text(err));
		assertTrue(text(out).contains("PASS erp.isl: one row\n"), text(out));
		assertTrue(text(out).contains("PASS erp.isl: the flow reads its source's encoding\n"), text(out));
		assertTrue(text(out).endsWith("2 passed, 0 failed\n"), text(out));
	}

	@Test
	void bytesThatAreNotTheEncodingFailTheTestNamingFileLineAndEncoding(@TempDir Path folder) throws Exception {
		project(folder, """

				test "a byte windows-1252 has no character for" for RowToPerson {
				    given Erp.exports from "samples/bad.csv"
				    expect Person.name == "x"
				}

				test "no encoding is UTF-8" for RowToPerson {
				    given Erp.plain from "samples/zoe.csv"
				    expect Person.name == "Zoë"
				}
				""");
		byte[] bad = "id,name\n1,Zoë\n2,?x\n".getBytes("windows-1252");
		bad[16] = (byte) 0x81; // unassigned in windows-1252
		Files.write(folder.resolve("samples/bad.csv"), bad);

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("test", folder.toString()), text(out) + text(err));
		String report = text(out);
		assertTrue(report.contains("FAIL erp.isl: a byte windows-1252 has no character for\n"
				+ "    could not run: samples/bad.csv: line 3, byte 16 (0x81) is not windows-1252; save the sample as windows-1252,"
				+ " or name the encoding it is in on its endpoint: encoding \"…\"\n"), report);
		assertTrue(report.contains("FAIL erp.isl: no encoding is UTF-8\n"
				+ "    could not run: samples/zoe.csv: line 2, byte 13 (0xeb) is not UTF-8 (the endpoint names no encoding, so UTF-8)"),
				report);
		assertTrue(report.endsWith("2 passed, 2 failed\n"), report);
	}

	@Test
	void aUtf8ByteOrderMarkIsSkipped(@TempDir Path folder) throws Exception {
		project(folder, """

				test "with a byte order mark" for RowToPerson {
				    given Erp.plain from "samples/bom.csv"
				    expect Person.id == "1"
				}
				""");
		Files.write(folder.resolve("samples/bom.csv"), ("\uFEFFid,name\n1,Zoë\n").getBytes(StandardCharsets.UTF_8));

		assertEquals(IsthmusCommandLine.OK, cli.run("test", folder.toString()), text(out) + text(err));
		assertTrue(text(out).endsWith("3 passed, 0 failed\n"), text(out));
	}
}
