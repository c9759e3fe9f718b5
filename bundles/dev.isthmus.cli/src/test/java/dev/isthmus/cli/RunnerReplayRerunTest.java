package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.DeadLetters.DeadLetter;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * {@code isthmus dlq replay --rerun}: a delivery refused because the flow's mapping was wrong (the books' API
 * answers 422 to an entry without its {@code reference}) is sent through the corrected flow, from the record as its source
 * read it, rather than as the old mapping made it; a plain replay still sends the old body. A record whose trace is
 * not kept, and a group's delivery, are refused, each saying what to do.
 */
class RunnerReplayRerunTest {

	/** The project as it was, its mapping leaving out {@code reference}; and corrected, mapping {@code reference <- id}. */
	@TempDir
	static Path wrong;
	@TempDir
	static Path corrected;

	@BeforeAll
	static void generate(@TempDir Path sources) throws IOException {
		generate(wrong, corrected, sources);
	}

	/** The runner-rerun project generated into {@code wrong} as it is, and into {@code corrected} with its mapping corrected. */
	static void generate(Path wrong, Path corrected, Path sources) throws IOException {
		RunnerTestProjects.generate("runner-rerun", wrong);
		RunnerTestProjects.copy(RunnerTestProjects.sources("runner-rerun"), sources);
		RunnerTestProjects.edit(sources.resolve("rerun.isl"), isl -> isl.replace("    amount <- amount\n", "    reference <- id\n    amount <- amount\n"));
		RunnerTestProjects.generateFrom(sources, corrected);
	}

	/** A request the books' API received: the path, its Idempotency-Key and body. */
	record Request(String path, String key, String body) {
	}

	/** The books' API: {@code /entries} and {@code /ledger} answer 422 to an entry without a reference, {@code /copies} takes anything. */
	static final class Books implements AutoCloseable {
		final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
		final LoopbackServer server = new LoopbackServer(exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String path = exchange.getRequestURI().getPath();
			requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
			byte[] answer = "{\"error\":\"reference is required\"}".getBytes(StandardCharsets.UTF_8);
			boolean refused = !path.equals("/copies") && !body.contains("\"reference\"");
			exchange.sendResponseHeaders(refused ? 422 : 200, refused ? answer.length : -1);
			if (refused) {
				exchange.getResponseBody().write(answer);
			}
			exchange.close();
		});

		Books() throws IOException {
		}

		List<Request> to(String path) {
			synchronized (requests) {
				return requests.stream().filter(r -> r.path().equals(path)).toList();
			}
		}

		RunnerOptions options(Path generated, Path root) {
			return RunnerTestProjects.options(generated, root, Map.of("BASE", server.url())).withPorts("127.0.0.1", 0, -1);
		}

		@Override
		public void close() {
			server.close();
		}
	}

	/** A feed of {@code orders} (a JSON line each) to the project's webhook endpoint {@code endpoint}. */
	static RunnerOptions.Feed feed(Path root, String endpoint, String... orders) throws IOException {
		Path file = Files.createTempFile(root, endpoint, ".ndjson");
		Files.writeString(file, String.join("\n", orders) + "\n");
		return new RunnerOptions.Feed("Shop." + endpoint, file);
	}

	private static String order(String id, String amount, String at) {
		return "{\"id\":\"" + id + "\",\"amount\":" + amount + ",\"placedAt\":\"" + at + "\"}";
	}

	/** Runs {@code isthmus} on the run root's journal; returns its exit code, then what it printed (out and err). */
	static Object[] isthmus(Path root, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--root", root.toString()));
		int code = new IsthmusCommandLine(print(out), print(err)).run(all.toArray(String[]::new));
		return new Object[] { code, text(out) + text(err) };
	}

	/** Runs {@code isthmus} on the run root's journal, which must exit with {@code code}; what it printed (out and err). */
	static String isthmus(int code, Path root, String... args) {
		Object[] ran = isthmus(root, args);
		String said = (String) ran[1];
		assertEquals(code, ran[0], said);
		return said;
	}

	/** A dead letter's state, replayed and discarded ones included. */
	private static String state(Path root, long id) throws java.sql.SQLException {
		return state(wrong, root, id);
	}

	/** A dead letter's state in the journal of a run of {@code generated} at {@code root}, replayed and discarded ones included. */
	static String state(Path generated, Path root, long id) throws java.sql.SQLException {
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			return letters.show(id).state();
		}
	}

	@Test
	void aRerunSendsTheRecordThroughTheCorrectedMappingAndAPlainReplaySendsTheOldBody(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "orders", order("o1", "10.50", "2026-11-01T10:00:00Z"),
					order("o2", "7.25", "2026-11-01T10:01:00Z")))));
			assertEquals(2, books.to("/entries").size(), books.requests.toString());
			// The target takes them in journal order: o1's letter first.
			List<DeadLetter> letters = deadLetters(wrong, root);
			assertEquals(2, letters.size(), letters.toString());
			DeadLetter first = letters.get(0), second = letters.get(1);
			assertEquals("{\"amount\":10.50}", first.record());

			Object[] rerun = isthmus(root, "dlq", "replay", String.valueOf(first.id()), "--rerun");
			assertEquals(IsthmusCommandLine.OK, rerun[0], (String) rerun[1]);
			assertTrue(((String) rerun[1]).contains("replayed (rerun through the flow) 1 of 1 dead letter"), (String) rerun[1]);
			Object[] plain = isthmus(root, "dlq", "replay", String.valueOf(second.id()));
			assertEquals(IsthmusCommandLine.OK, plain[0], (String) plain[1]);
			assertTrue(((String) plain[1]).contains("hint: a delivery replayed sends the record as the flow mapped it then; 'isthmus dlq"
					+ " replay <ids> --rerun' sends the record through the flow as configured now"), (String) plain[1]);

			books.requests.clear();
			RunSummary again = Runner.once(books.options(corrected, root));
			// o1 through the corrected mapping, once; its old entry, whose outbox row stays a dead one, not again.
			List<Request> entries = books.to("/entries");
			assertEquals(1, entries.stream().filter(r -> r.body().equals("{\"reference\":\"o1\",\"amount\":10.50}")).count(),
					entries + "\n" + again.render());
			assertEquals(0, entries.stream().filter(r -> r.body().equals("{\"amount\":10.50}")).count(), entries.toString());
			// o2 replayed plainly: its old body again, refused again.
			assertEquals(1, entries.stream().filter(r -> r.body().equals("{\"amount\":7.25}")).count(), entries.toString());
			assertEquals(2, entries.size(), entries.toString());

			assertEquals("RERUN", state(root, first.id()));
			// The rerun under the first run's correlation id: 'isthmus trace' shows both runs, the second with the reference.
			String traced = (String) isthmus(root, "trace", first.correlation())[1];
			assertEquals(2, traced.split("from rerun.Shop.orders: received", -1).length - 1, traced);
			assertTrue(traced.contains("\"reference\" : \"o1\"") || traced.contains("\"reference\":\"o1\""), traced);
		}
	}

	/**
	 * An idempotent flow with two targets: the rerun is not a duplicate (the refused delivery gave its key back), and
	 * the target that took the record first gets it again under the same Idempotency-Key, as with a sender's resend.
	 */
	@Test
	void aRerunTakesTheRecordsKeyAgainAndItsOtherTargetsGetItUnderTheSameIdempotencyKey(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "keyed", order("k1", "3.00", "2026-11-01T10:00:00Z")))));
			List<DeadLetter> letters = deadLetters(wrong, root);
			assertEquals(1, letters.size(), letters.toString());
			List<Request> copies = books.to("/copies");
			assertEquals(1, copies.size(), books.requests.toString());

			Object[] rerun = isthmus(root, "dlq", "replay", "--flow", "Keyed", "--rerun");
			assertEquals(IsthmusCommandLine.OK, rerun[0], (String) rerun[1]);
			books.requests.clear();
			RunSummary again = Runner.once(books.options(corrected, root));
			assertEquals(0, again.flows().stream().mapToLong(RunSummary.FlowCounts::duplicates).sum(), again.render());
			List<Request> entries = books.to("/entries");
			assertEquals(List.of("{\"reference\":\"k1\",\"amount\":3.00}"), entries.stream().map(Request::body).toList(), again.render());
			List<Request> copiedAgain = books.to("/copies");
			assertEquals(1, copiedAgain.size(), books.requests.toString());
			assertEquals(copies.get(0).key(), copiedAgain.get(0).key(), "the same Idempotency-Key as the first run's");
			assertEquals("RERUN", state(root, letters.get(0).id()));
		}
	}

	/** A record both of whose targets refused it goes through the flow once for its two dead letters, not twice. */
	/**
	 * A record holding *** of its own (a card number masked as many systems send it) was refused a rerun, taken for one
	 * whose trace had a secret scrubbed out: a trace now says whether it had.
	 */
	@Test
	void aRecordHoldingAsterisksOfItsOwnIsRerun(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "orders", order("card-****4242", "5.00", "2026-11-01T10:00:00Z")))));
			DeadLetter letter = deadLetters(wrong, root).get(0);
			assertEquals(IsthmusCommandLine.OK, isthmus(root, "dlq", "replay", String.valueOf(letter.id()), "--rerun")[0]);
			books.requests.clear();
			Runner.once(books.options(corrected, root));
			assertEquals(List.of("{\"reference\":\"card-****4242\",\"amount\":5.00}"), books.to("/entries").stream().map(Request::body).toList());
		}
	}

	@Test
	void twoDeadLettersOfOneRecordRerunItOnce(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "twice", order("t1", "4.00", "2026-11-01T10:00:00Z")))));
			List<DeadLetter> letters = deadLetters(wrong, root);
			assertEquals(2, letters.size(), letters.toString());
			String said = isthmus(IsthmusCommandLine.OK, root, "dlq", "replay", String.valueOf(letters.get(0).id()),
					String.valueOf(letters.get(1).id()), "--rerun");
			assertTrue(said.contains("replayed (rerun through the flow) 2 of 2 dead letters") && said.contains("dead letter "
					+ letters.get(1).id() + " is a delivery of the same record as dead letter " + letters.get(0).id()), said);
			books.requests.clear();
			Runner.once(books.options(corrected, root));
			assertEquals(List.of("{\"reference\":\"t1\",\"amount\":4.00}"), books.to("/entries").stream().map(Request::body).toList());
			assertEquals(List.of("{\"reference\":\"t1\",\"amount\":4.00}"), books.to("/ledger").stream().map(Request::body).toList());
		}
	}

	@Test
	void aRecordWhoseTraceIsNotKeptIsRefusedSayingWhatToDo(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			Runner.once(books.options(wrong, root).withTraces(false)
					.withFeeds(List.of(feed(root, "orders", order("o9", "1.00", "2026-11-01T10:00:00Z")))));
			DeadLetter letter = deadLetters(wrong, root).get(0);
			String said = isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", String.valueOf(letter.id()), "--rerun");
			assertTrue(said.contains("dead letter " + letter.id() + " was left as it is: --rerun cannot send its record through the flow"
					+ " again: the journal keeps no trace of its record"), said);
			assertTrue(said.contains("ask the sender to send the record again") && said.contains("'isthmus dlq discard " + letter.id() + "'"),
					said);
			assertEquals("DEAD", state(root, letter.id()));
			books.requests.clear();
			Runner.once(books.options(corrected, root));
			assertEquals(List.of(), books.requests, "nothing was sent again");
		}
	}

	/**
	 * Traces are written with the secrets' values scrubbed out, a record's data too: a record holding a secret's value
	 * (a tenant named as its token) was rerun from its trace as "***-7", to another URL under another key (review 21).
	 * Such a record is refused, saying why and what to do.
	 */
	@Test
	void aRecordHoldingASecretsValueIsNotRerunFromItsScrubbedTrace(@TempDir Path sources, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		RunnerTestProjects.copy(RunnerTestProjects.sources("runner-rerun"), sources);
		RunnerTestProjects.edit(sources.resolve("rerun.isl"), isl -> isl.replace("endpoint entries http post \"${env:BASE}/entries\" sends Entry",
				"endpoint entries http post \"${env:BASE}/entries\" sends Entry\n        header \"X-Tenant-Token\" env TENANT_TOKEN"));
		RunnerTestProjects.generateFrom(sources, generated);
		try (Books books = new Books()) {
			Runner.once(RunnerTestProjects.options(generated, root, Map.of("BASE", books.server.url(), "TENANT_TOKEN", "northwind"))
					.withPorts("127.0.0.1", 0, -1).withFeeds(List.of(feed(root, "orders", order("northwind-7", "1.00", "2026-11-01T10:00:00Z")))));
			DeadLetter letter = deadLetters(generated, root).get(0);
			String said = isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", String.valueOf(letter.id()), "--rerun");
			assertTrue(said.contains("dead letter " + letter.id() + " was left as it is: --rerun cannot send its record through the flow"
					+ " again: its record's trace has a secret's value scrubbed out of it (***), as every trace has, so the record as read cannot be"
					+ " taken from it; to have the flow as configured now take it, ask the sender to send the record again"), said);
			assertEquals("DEAD", state(generated, root, letter.id()));

			// A record holding *** of its own (a card number masked) is no scrubbed one: it is rerun.
			Runner.once(RunnerTestProjects.options(generated, root, Map.of("BASE", books.server.url(), "TENANT_TOKEN", "northwind"))
					.withPorts("127.0.0.1", 0, -1).withFeeds(List.of(feed(root, "orders", order("card-****4242", "2.00", "2026-11-01T10:00:00Z")))));
			DeadLetter masked = deadLetters(generated, root).stream().filter(d -> d.correlation().equals(d.flow() + "@" + d.origin())
					&& d.id() != letter.id()).reduce((a, b) -> b).orElseThrow();
			assertTrue(isthmus(IsthmusCommandLine.OK, root, "dlq", "replay", String.valueOf(masked.id()), "--rerun")
					.contains("replayed (rerun through the flow) 1 of 1 dead letter"));

			// A record that failed in its flow holding the value: its letter keeps it as ***, says so, and is not replayed.
			Runner.once(RunnerTestProjects.options(generated, root, Map.of("BASE", books.server.url(), "TENANT_TOKEN", "northwind"))
					.withPorts("127.0.0.1", 0, -1).withFeeds(List.of(feed(root, "orders", order("o-9", "\"northwind\"", "2026-11-01T10:00:00Z")))));
			DeadLetter record = deadLetters(generated, root).stream().filter(d -> d.kind().equals("record")).findFirst().orElseThrow();
			assertTrue(record.scrubbed(), record.toString());
			assertFalse(record.record().contains("northwind") || record.reason().contains("northwind"), record.toString());
			String shown = (String) isthmus(root, "dlq", "show", String.valueOf(record.id()))[1];
			assertTrue(shown.contains("kept here as ***: replay cannot send it"), shown);
			String refused = isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", String.valueOf(record.id()));
			assertTrue(refused.contains("dead letter " + record.id() + " was left as it is: its record held the value of a secret of the"
					+ " runner's environment"), refused);
		}
	}

	@Test
	void aGroupsDeliveryIsRefused(@TempDir Path root) throws Exception {
		try (Books books = new Books()) {
			// 12:10 closes the 10:00 window: its group's entry is refused.
			Runner.once(books.options(wrong, root).withFeeds(List.of(feed(root, "sales", order("g1", "1.00", "2026-11-01T10:05:00Z"),
					order("g1", "2.00", "2026-11-01T12:10:00Z")))));
			// 12:10's group closes too, at the end of the drain: both are refused.
			List<DeadLetter> letters = deadLetters(wrong, root);
			assertTrue(!letters.isEmpty() && letters.stream().allMatch(d -> d.kind().equals("delivery") && d.correlation().contains("@group:")),
					letters.toString());
			String said = isthmus(IsthmusCommandLine.PROBLEMS, root, "dlq", "replay", String.valueOf(letters.get(0).id()), "--rerun");
			assertTrue(said.contains("dead letter " + letters.get(0).id() + " was left as it is: --rerun cannot send its record through"
					+ " the flow again: it is the delivery of a group (an aggregate's result)"), said);
			assertEquals("DEAD", state(root, letters.get(0).id()));
		}
	}

	@Test
	void theHelpOfReplayDescribesRerun() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(out), print(new ByteArrayOutputStream())).run("dlq", "replay", "--help"));
		assertTrue(text(out).contains("isthmus dlq replay  <id>... | [filters] [--rerun]") && text(out).contains("--rerun: a delivery's record"),
				text(out));
	}
}
