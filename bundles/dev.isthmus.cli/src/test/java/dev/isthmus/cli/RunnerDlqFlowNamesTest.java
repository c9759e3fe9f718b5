package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunnerOptions;

/**
 * {@code isthmus dlq … --flow F} with a flow F in two packages, as a review found it: a short name matched the flow of
 * every package, so {@code dlq discard --flow Routed} discarded the letters of {@code tr.Routed} and {@code tr2.Routed}
 * ("discarded 2 of 2"). Now such a name is wrong usage (exit 2) for every subcommand that takes --flow, naming the flows
 * it matches; a full name acts on its own flow. Seen failing without the fix.
 */
class RunnerDlqFlowNamesTest {

	@TempDir
	Path sources;
	@TempDir
	Path generated;
	@TempDir
	Path root;
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int cli(String... args) {
		out.reset();
		err.reset();
		return new IsthmusCommandLine(print(out), print(err)).run(args);
	}

	@Test
	void aShortNameOfFlowsInSeveralPackagesIsRefused() throws Exception {
		// The trace project twice: as it is (package tr) and as package tr2, reading folders of its own.
		RunnerTestProjects.copy(RunnerTestProjects.sources("runner-trace"), sources);
		Files.writeString(sources.resolve("trace2.isl"), Files.readString(sources.resolve("trace.isl")).replace("package tr\n", "package tr2\n")
				.replace("file \"in", "file \"b-in"));
		RunnerTestProjects.generateFrom(sources, generated);
		String record = "{\"id\":\"r2\",\"customer\":\"c2\",\"kind\":\"bad\",\"amount\":5.10,\"time\":\"2020-01-01T10:00:00Z\"}\n";
		drop(root, "in-routed/a.ndjson", record);
		drop(root, "b-in-routed/a.ndjson", record);
		try (LoopbackServer api = new LoopbackServer(exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(422, -1);
			}
		})) {
			Path env = Files.writeString(root.resolve("env"), "BASE=" + api.url() + "\n");
			assertEquals(IsthmusCommandLine.OK, cli("run", generated.toString(), "--once", "--root", root.toString(), "--env-file", env.toString()),
					text(err));
		}
		List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
		assertEquals(List.of("tr.Routed", "tr2.Routed"), letters.stream().map(DeadLetters.DeadLetter::flow).sorted().toList(), letters.toString());
		String first = String.valueOf(letters.get(0).id());

		for (String[] args : List.of(new String[] { "list" }, new String[] { "discard" }, new String[] { "replay" },
				new String[] { "replay", "--rerun" }, new String[] { "discard", first })) {
			List<String> command = new java.util.ArrayList<>(List.of("dlq"));
			command.addAll(List.of(args));
			command.addAll(List.of("--flow", "Routed", "--root", root.toString()));
			assertEquals(IsthmusCommandLine.USAGE, cli(command.toArray(String[]::new)), command + ": " + text(out) + text(err));
			assertTrue(text(err).contains("--flow Routed names flows of several packages: tr.Routed, tr2.Routed; write one of them in full"),
					command + ": " + text(err));
		}
		assertEquals(2, deadLetters(generated, root).stream().filter(d -> d.state().equals("DEAD")).count(), "none acted on");

		// A full name, as before: its flow's letter alone.
		assertEquals(IsthmusCommandLine.OK, cli("dlq", "discard", "--flow", "tr2.Routed", "--root", root.toString()), text(err));
		assertTrue(text(out).contains("discarded 1 of 1 dead letter"), text(out));
		try (DeadLetters all = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			assertEquals(List.of("tr2.Routed"), all.list(new DeadLetters.Filter(null, null, null, null, true)).stream()
					.filter(d -> d.state().equals("DISCARDED")).map(DeadLetters.DeadLetter::flow).toList());
		}
	}
}
