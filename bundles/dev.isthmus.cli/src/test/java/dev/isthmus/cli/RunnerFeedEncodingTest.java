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

/**
 * {@code --feed} of a sample to a file endpoint that names its encoding: it read every sample as UTF-8, so a
 * windows-1252 sample was refused with "cannot read (Input length = 1)", which says neither where nor why. Now it is
 * read as the endpoint reads its files, and a sample that is not in that encoding is refused naming line, byte and
 * encoding. Seen failing before.
 */
class RunnerFeedEncodingTest {

	private static final Charset CP1252 = Charset.forName("windows-1252");

	private static final String PROJECT = """
			system Erp kind product {
			    record Row json {
			        id    : string
			        name  : string
			    }
			    endpoint exports file "in" pattern "*.ndjson" encoding "windows-1252" receives Row
			    endpoint copies file "out" pattern "o-*.ndjson" sends Row
			}
			flow Copy { from Erp.exports to Erp.copies dead-letter }
			""";

	@Test
	void aSampleIsFedInItsEndpointsEncoding(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		Path sample = Files.write(project.resolve("sample.ndjson"), "{\"id\":\"1\",\"name\":\"Zo\u00eb M\u00fcller \u20ac\"}\n".getBytes(CP1252));
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString(),
				"--feed", "Erp.exports=" + sample);

		assertEquals(IsthmusCommandLine.OK, code, text(out) + text(err));
		List<Path> written;
		try (var files = Files.list(root.resolve("out"))) {
			written = files.toList();
		}
		assertEquals(1, written.size(), written.toString());
		assertTrue(Files.readString(written.get(0), StandardCharsets.UTF_8).contains("\"name\":\"Zo\u00eb M\u00fcller \u20ac\""),
				Files.readString(written.get(0), StandardCharsets.ISO_8859_1));
	}

	@Test
	void aSampleNotInItsEndpointsEncodingIsRefusedSayingWhere(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		byte[] head = "{\"id\":\"1\",\"name\":\"a\"}\n{\"id\":\"2\",\"name\":\"".getBytes(CP1252);
		byte[] bad = java.util.Arrays.copyOf(head, head.length + 3);
		bad[head.length] = (byte) 0x81; // no character in windows-1252
		bad[head.length + 1] = '"';
		bad[head.length + 2] = '}';
		Path sample = Files.write(project.resolve("bad.ndjson"), bad);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString(),
				"--feed", "Erp.exports=" + sample);

		assertTrue(code != IsthmusCommandLine.OK, text(out));
		assertTrue(text(err).contains("the file is not windows-1252 text (line 2, byte " + head.length + " (0x81)), the encoding Erp.exports reads;"
				+ " save it as windows-1252"), text(err));
	}

	/**
	 * A UTF-8 sample fed to a UTF-16 endpoint decodes without an error, into text no one wrote: the flow dead-lettered
	 * it as "not JSON: Unrecognized token '笢楤'", not naming the encoding. Now refused at start, saying so; and a
	 * UTF-16 sample's records name the encoding in their origin, as a watched directory's do, which 'dlq' reads.
	 */
	@Test
	void aSampleForAUtf16EndpointIsReadAsOneAndNamedSo(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("erp.isl"), PROJECT.replace("encoding \"windows-1252\"", "encoding \"UTF-16\""));
		RunnerTestProjects.generateFrom(project, generated);
		Path utf8 = Files.writeString(project.resolve("utf8.ndjson"), "{\"id\":\"1\",\"name\":\"a\"}\n");
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

		int code = new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once", "--root", root.toString(),
				"--feed", "Erp.exports=" + utf8);

		assertTrue(code != IsthmusCommandLine.OK, text(out));
		assertTrue(text(err).contains("the file is not UTF-16 text (line 1, byte 0 (0x7b)"), text(err));

		Path utf16 = Files.write(project.resolve("utf16.ndjson"), "{\"id\":\"1\",\"name\":\"a\"}\nnot json\n".getBytes(StandardCharsets.UTF_16));
		err.reset();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run("run", generated.toString(), "--once",
				"--root", root.toString(), "--feed", "Erp.exports=" + utf16), text(err));
		try (dev.isthmus.runner.DeadLetters letters = new dev.isthmus.runner.DeadLetters(
				dev.isthmus.runner.RunnerOptions.of(generated).withRoot(root).journal())) {
			List<dev.isthmus.runner.DeadLetters.DeadLetter> all = letters.list(dev.isthmus.runner.DeadLetters.Filter.ALL);
			assertEquals(1, all.size(), all.toString());
			assertEquals("feed:" + utf16 + ":2 (UTF-16)", all.get(0).origin());
		}
	}
}
