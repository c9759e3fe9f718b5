package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class IsthmusCommandLineTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void versionNamesTheProgramAndJava() {
		assertEquals(IsthmusCommandLine.OK, cli.run("--version"));
		assertTrue(text(out).startsWith("isthmus "), text(out));
		assertTrue(text(out).contains("(Java " + Runtime.version().feature()), text(out));
	}

	@Test
	void helpListsTheCommandsAndExitCodes() {
		assertEquals(IsthmusCommandLine.OK, cli.run("--help"));
		assertTrue(text(out).contains("Usage: isthmus <command>"), text(out));
		assertTrue(text(out).contains("  validate "), text(out));
		assertTrue(text(out).contains("Exit codes: 0 ok, 1 problems found, 2 wrong usage."), text(out));
	}

	@Test
	void noArgumentsIsAUsageErrorThatShowsHelp() {
		assertEquals(IsthmusCommandLine.USAGE, cli.run());
		assertTrue(text(err).contains("Usage: isthmus <command>"), text(err));
		assertEquals("", text(out));
	}

	@Test
	void unknownCommandSaysWhatToDo() {
		assertEquals(IsthmusCommandLine.USAGE, cli.run("deploy"));
		assertEquals("isthmus: unknown command 'deploy'. Run 'isthmus --help' for the commands.\n", text(err));
	}

	@Test
	void commandHelpIsItsUsage() {
		assertEquals(IsthmusCommandLine.OK, cli.run("validate", "--help"));
		assertTrue(text(out).startsWith("Usage: isthmus validate <project-folder>"), text(out));
	}

	static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}
}
