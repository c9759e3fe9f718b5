package dev.isthmus.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --env-file} as users write .env files for docker and dotenv. A review found a quoted token with a trailing
 * comment sent as {@code Bearer 's3cr3t'   # trailing comment}, and {@code export API=…} and a file starting with a
 * UTF-8 byte order mark each making a variable no flow asked for, silently. The names here are ones no environment
 * sets: the process environment goes first.
 */
class EnvFileTest {

	@TempDir
	Path here;

	private Function<String, String> read(String text) throws IOException {
		return RunnerArguments.environment(java.util.List.of(Files.write(here.resolve(".env"), text.getBytes(StandardCharsets.UTF_8))));
	}

	@Test
	void valuesAreReadAsDockerAndDotenvReadThem() throws IOException {
		Function<String, String> env = read("\uFEFFISTHMUS_T_FIRST=one\n"
				+ "export ISTHMUS_T_EXPORTED=two\n"
				+ "ISTHMUS_T_TOKEN='s3cr3t-token-value'   # trailing comment\n"
				+ "ISTHMUS_T_DOUBLE=\"a b # not a comment\"  # c\n"
				+ "ISTHMUS_T_PLAIN=value  # comment\n"
				+ "ISTHMUS_T_TAB=value\t# comment\n"
				+ "ISTHMUS_T_URL=http://h/#frag\n"
				+ "ISTHMUS_T_ESCAPED=\"say \\\"hi\\\" C:\\dir\"\n");
		assertEquals("one", env.apply("ISTHMUS_T_FIRST"));
		assertEquals("two", env.apply("ISTHMUS_T_EXPORTED"));
		assertEquals("s3cr3t-token-value", env.apply("ISTHMUS_T_TOKEN"));
		assertEquals("a b # not a comment", env.apply("ISTHMUS_T_DOUBLE"));
		assertEquals("value", env.apply("ISTHMUS_T_PLAIN"));
		assertEquals("value", env.apply("ISTHMUS_T_TAB"));
		assertEquals("http://h/#frag", env.apply("ISTHMUS_T_URL"));
		assertEquals("say \"hi\" C:\\dir", env.apply("ISTHMUS_T_ESCAPED"));
		assertNull(env.apply("export ISTHMUS_T_EXPORTED"));
		assertNull(env.apply("\uFEFFISTHMUS_T_FIRST"));
	}

	/** What the file read before: comments, blank lines, spaces around '=', quotes around a whole value, an empty one. */
	@Test
	void whatWasReadBeforeReadsTheSame() throws IOException {
		Function<String, String> env = read("# a comment\n\n   \n  ISTHMUS_T_SPACED = spaced value  \nISTHMUS_T_Q=\"quoted\"\n"
				+ "ISTHMUS_T_S='single'\nISTHMUS_T_EMPTY=\nISTHMUS_T_EQ=a=b;c=d\nISTHMUS_T_HASH=#notacomment\nISTHMUS_T_SPACED=later wins\n");
		assertEquals("later wins", env.apply("ISTHMUS_T_SPACED"));
		assertEquals("quoted", env.apply("ISTHMUS_T_Q"));
		assertEquals("single", env.apply("ISTHMUS_T_S"));
		assertEquals("", env.apply("ISTHMUS_T_EMPTY"));
		assertEquals("a=b;c=d", env.apply("ISTHMUS_T_EQ"));
		assertEquals("#notacomment", env.apply("ISTHMUS_T_HASH"));
	}

	@Test
	void aLineThatIsNoVariableIsAnErrorSayingWhereAndWhatToWrite() throws IOException {
		String file = here.resolve(".env").toString();
		String said = refused("ISTHMUS_T_A=1\nhunter2-secret-alone\n");
		assertTrue(said.startsWith(file + ":2: "), said);
		assertTrue(said.contains("NAME=value"), said);
		assertFalse(said.contains("hunter2"), "a line with no '=' may be a secret pasted alone: " + said);

		said = refused("ISTHMUS-T-DASHED=1\n");
		assertTrue(said.startsWith(file + ":1: 'ISTHMUS-T-DASHED' is not a variable name"), said);
		assertTrue(said.contains("letters, digits and _"), said);

		said = refused("\n\n = x\n");
		assertTrue(said.startsWith(file + ":3: "), said);

		said = refused("ISTHMUS_T_OPEN='no closing quote\n");
		assertTrue(said.startsWith(file + ":1: ") && said.contains("closing '"), said);
		assertFalse(said.contains("no closing quote"), "the value is not repeated: " + said);

		said = refused("ISTHMUS_T_AFTER='v' w\n");
		assertTrue(said.startsWith(file + ":1: ") && said.contains("# comment"), said);
	}

	@Test
	void aFileThatIsNotUtf8IsSaidToBeSo() throws IOException {
		Path file = Files.write(here.resolve("latin.env"), "ISTHMUS_T_NAME=Z\u00fcrich\n".getBytes(StandardCharsets.ISO_8859_1));
		IOException e = assertThrows(IOException.class, () -> RunnerArguments.environment(java.util.List.of(file)));
		assertTrue(e.getMessage().startsWith(file + ":1: ") && e.getMessage().contains("UTF-8"), e.getMessage());
	}

	private String refused(String text) {
		return assertThrows(IOException.class, () -> read(text)).getMessage();
	}

	/**
	 * A second --env-file replaced the first, whose variables were then "not set" (review 22): both are read, a later
	 * file's value over an earlier one's. (An empty variable of the process giving way to a file's value is not shown
	 * here: a test cannot set its own JVM's environment.)
	 */
	@Test
	void severalFilesAreReadALaterOneWinning() throws IOException {
		Path first = Files.writeString(here.resolve("a.env"), "ISTHMUS_T_ONLY_FIRST=1\nISTHMUS_T_BOTH=first\n");
		Path second = Files.writeString(here.resolve("b.env"), "ISTHMUS_T_BOTH=second\n");
		Function<String, String> env = RunnerArguments.environment(java.util.List.of(first, second));
		assertEquals("1", env.apply("ISTHMUS_T_ONLY_FIRST"));
		assertEquals("second", env.apply("ISTHMUS_T_BOTH"));
	}
}
