package dev.isthmus.cli;

import static dev.isthmus.cli.IsthmusCommandLineTest.print;
import static dev.isthmus.cli.IsthmusCommandLineTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's test blocks run through the engine; a broken expectation fails with expected and actual. */
class TestCommandTest {

	private static final Path EXAMPLE = Path.of("../../examples/revenue-ops");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();
	private final IsthmusCommandLine cli = new IsthmusCommandLine(print(out), print(err));

	@Test
	void theExamplesTestsPass() {
		assertEquals(IsthmusCommandLine.OK, cli.run("test", EXAMPLE.toString()), text(out) + text(err));
		assertTrue(text(out).endsWith("17 passed, 0 failed\n"), text(out));
	}

	@Test
	void deliberatelyFailingTestsReadWell() {
		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("test", "src/test/resources/failing"), text(out) + text(err));
		String report = text(out);
		assertTrue(report.contains("""
				FAIL shop.isl: a large order goes to big
				    line 35: expect routed to Till.big — delivered to [failing.Till.small]
				"""), report);
		assertTrue(report.contains("""
				FAIL shop.isl: two orders make three outputs
				    line 40: expect outputs 3 — expected 3 outputs, got 2
				"""), report);
		assertTrue(report.contains("""
				FAIL shop.isl: the total is in dollars
				    line 45: expect Order.total == 1999 — expected 1999, actual 19.99
				"""), report);
		assertTrue(report.contains("PASS shop.isl: a small order goes to small\n"), report);
		assertTrue(report.contains("    trace:\n      from failing.Till.orders: received {id=o1, amount=50}\n"), report);
		assertTrue(report.endsWith("1 passed, 3 failed\n"), report);
	}

	@Test
	void aWrongExpectationFailsWithExpectedActualAndAJUnitReport(@TempDir Path copy) throws Exception {
		try (Stream<Path> files = Files.walk(EXAMPLE)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path target = copy.resolve(EXAMPLE.relativize(file).toString());
				Files.createDirectories(target.getParent());
				Files.copy(file, target);
			}
		}
		Path billing = copy.resolve("tests/billing.isl");
		Files.writeString(billing, Files.readString(billing).replace("expect Invoice.total == 10.00", "expect Invoice.total == 11.00"));
		Path report = copy.resolve("report/junit.xml");

		assertEquals(IsthmusCommandLine.PROBLEMS, cli.run("test", copy.toString(), "--junit", report.toString()));
		assertTrue(text(out).contains("FAIL tests/billing.isl: a finalized invoice posts a balanced journal\n"
				+ "    line 8: expect Invoice.total == 11.00 — expected 11.00, actual 10.00\n"), text(out));
		assertTrue(text(out).endsWith("16 passed, 1 failed\n"), text(out));
		String xml = Files.readString(report);
		assertTrue(xml.contains("tests=\"17\" failures=\"1\""), xml);
		assertTrue(xml.contains("<failure message=\"line 8: expect Invoice.total == 11.00 — expected 11.00, actual 10.00\">"), xml);
	}
}
