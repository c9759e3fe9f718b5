package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;

/**
 * What {@code isthmus dlq list}, {@code dlq show} and {@code isthmus trace} print of a target's answer and of a file's
 * name, as a review found it: their control characters as they came, so a remote target (the body of its 400) or
 * whoever drops a file ({@code x<ESC>[2Jevil.ndjson}) sent the terminal escape sequences (clear the screen, colours),
 * and a line break in a reason forged a line of {@code dlq show} ("  state: discarded"). Now they show escaped, as the
 * logs and {@code --json} write them, and {@code --json} says what it said. Seen failing without the fix.
 */
class RunnerDlqControlCharactersTest {

	/** A line break that would forge a field of 'dlq show', a NUL, colours (ESC), a C1 CSI, DEL and a bidi override. */
	private static final String BODY = "line1\n  state: discarded\0\u001B[31mred\u001B[0m \u009B2J\u007F \u202Egnp.exe";
	/** A name a file may have: anything but '/' and NUL. */
	private static final String FILE = "x\u001B[2Jevil.ndjson";
	private static final String RECORD = "{\"id\":\"r2\",\"customer\":\"c2\",\"kind\":\"%s\",\"amount\":5.10,\"time\":\"2020-01-01T10:00:00Z\"}\n";
	private static final List<String> FIELDS = List.of("flow", "kind", "step", "reason", "endpoint", "source", "origin", "correlation",
			"at", "attempts", "record", "now at", "details");

	@TempDir
	Path generated;
	@TempDir
	Path root;
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	/** Runs the command, which must succeed; returns what it printed. */
	private String cli(String... args) {
		out.reset();
		err.reset();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(err)).run(args), text(err));
		return text(out);
	}

	private void runOnce(LoopbackServer api) throws Exception {
		Path env = Files.writeString(root.resolve("env"), "BASE=" + api.url() + "\n");
		cli("run", generated.toString(), "--once", "--root", root.toString(), "--env-file", env.toString());
	}

	@Test
	void aTargetsAnswerAndAFilesNameShowEscaped() throws Exception {
		RunnerTestProjects.generate("runner-trace", generated);
		drop(root, "in-routed/" + FILE, RECORD.formatted("bad"));
		try (LoopbackServer api = new LoopbackServer(exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				byte[] body = BODY.getBytes(UTF_8);
				exchange.sendResponseHeaders(400, body.length);
				exchange.getResponseBody().write(body);
			}
		})) {
			runOnce(api);
		}
		List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
		assertEquals(1, letters.size(), letters.toString());
		DeadLetters.DeadLetter letter = letters.get(0);
		String id = String.valueOf(letter.id());

		String list = cli("dlq", "list", "--root", root.toString());
		String show = cli("dlq", "show", id, "--root", root.toString());
		String trace = cli("trace", letter.correlation(), "--root", root.toString());
		for (String shown : List.of(list, show, trace)) {
			assertEquals("", unprintable(shown), shown);
		}
		// Escaped, not dropped: what the target said is still there to read.
		assertTrue(show.contains("line1\\n  state: discarded\\u0000\\u001B[31mred\\u001B[0m \\u009B2J\\u007F \\u202Egnp.exe"), show);
		assertTrue(show.contains("  origin:      file:in-routed/x\\u001B[2Jevil.ndjson:1"), show);
		assertTrue(trace.contains("  from file:in-routed/x\\u001B[2Jevil.ndjson:1\n"), trace);
		assertTrue(list.contains("\\u001B[31mred"), list);
		// Each line of show is one of its fields: the answer's line break forged none.
		List<String> lines = show.lines().toList();
		assertTrue(lines.get(0).equals("dead letter " + id + " (dead)"), show);
		for (String line : lines.subList(1, lines.size())) {
			assertTrue(FIELDS.stream().anyMatch(f -> line.startsWith("  " + f + ":")), "a line that is no field: '" + line + "'\n" + show);
		}

		// --json was already escaped as JSON: it still reads back as the journal's text.
		JsonNode whole = new ObjectMapper().readTree(cli("dlq", "show", id, "--json", "--root", root.toString()));
		assertEquals(letter.reason(), whole.path("reason").asText());
		assertEquals(letter.origin(), whole.path("origin").asText());
		assertTrue(whole.path("reason").asText().contains(BODY), whole.toString());
		JsonNode listed = new ObjectMapper().readTree(cli("dlq", "list", "--json", "--root", root.toString()));
		assertEquals(letter.correlation(), listed.get(0).path("correlation").asText());
	}

	/** A delivery made after an attempt the target answered with such a body: trace lists the attempt on one line. */
	@Test
	void aFailedAttemptsAnswerShowsEscapedInTheTrace() throws Exception {
		RunnerTestProjects.generate("runner-trace", generated);
		drop(root, "in-later/" + FILE, RECORD.formatted("flaky"));
		Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
		try (LoopbackServer api = new LoopbackServer(exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				boolean first = calls.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet() == 1;
				byte[] body = (first ? BODY : "").getBytes(UTF_8);
				exchange.sendResponseHeaders(first ? 503 : 200, body.length == 0 ? -1 : body.length);
				exchange.getResponseBody().write(body);
			}
		})) {
			// Bounded: the retry, 1s later, is due within 60 runs of about a second each.
			for (int run = 0; run < 60 && calls.getOrDefault("/flaky/r2", new AtomicInteger()).get() < 2; run++) {
				runOnce(api);
				Thread.sleep(500);
			}
			assertEquals(2, calls.get("/flaky/r2").get(), "not delivered at its second attempt: " + calls);
		}
		String trace = cli("trace", "tr.Later@file:in-later/" + FILE + ":1", "--root", root.toString());
		assertEquals("", unprintable(trace), trace);
		assertTrue(trace.matches("(?s).*\n      => delivered at \\S+Z after 1 failed attempt:\n           attempt 1 at \\S+Z: HTTP 503[^\n]*"
				+ "line1\\\\n  state: discarded\\\\u0000\\\\u001B\\[31mred[^\n]*\n?"), trace);
	}

	/** The characters of {@code text} that a terminal acts on (a line break aside), as U+ codes; empty when none. */
	private static String unprintable(String text) {
		StringBuilder found = new StringBuilder();
		text.chars().filter(c -> c != '\n' && (Character.getType(c) == Character.CONTROL || c == 0x2028 || c == 0x2029 || c >= 0x202A && c <= 0x202E
				|| c >= 0x2066 && c <= 0x2069)).forEach(c -> found.append(String.format("U+%04X ", c)));
		return found.toString();
	}
}
