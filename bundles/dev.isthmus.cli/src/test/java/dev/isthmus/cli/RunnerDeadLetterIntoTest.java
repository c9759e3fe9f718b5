package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.drop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;

/**
 * {@code dead-letter into Endpoint}: each dead letter of the flow — a record its source could not read, one that does
 * not fit its declaration, a delivery the target refused — is also sent into the endpoint, as a record of its shape
 * filled from the letter, and stays in the journal for {@code isthmus dlq}. Three flows of the test project send theirs
 * into a file folder, a table and an HTTP endpoint that refuses them; its refusals are dead letters that go nowhere else.
 * The ledger and pager are real HTTP on loopback.
 */
class RunnerDeadLetterIntoTest {

	/** Decimals as written (3.00 stays 3.00). */
	private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
	/** A good order, one the ledger refuses, one whose amount is no number, and a line that is not JSON. */
	private static final String ORDERS = "{\"id\":\"ok1\",\"amount\":10.50}\n{\"id\":\"bad1\",\"amount\":3.00}\n{\"id\":\"t1\",\"amount\":\"x\"}\nnot json\n";

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate("runner-dead-letter-into", generated);
	}

	@Test
	void eachDeadLetterIsSentIntoTheFlowsEndpointAndStaysInTheJournal(@TempDir Path root) throws Exception {
		for (String folder : List.of("inbox", "audits", "paged")) {
			drop(root, folder + "/a.ndjson", ORDERS);
		}
		List<String> pages = new CopyOnWriteArrayList<>();
		RunSummary summary;
		try (LoopbackServer api = new LoopbackServer(exchange -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				String path = exchange.getRequestURI().getPath();
				if (path.equals("/page")) {
					pages.add(body);
				}
				exchange.sendResponseHeaders(path.startsWith("/entries/bad") || path.equals("/page") ? 422 : 201, -1);
			}
		})) {
			summary = Runner.once(RunnerTestProjects.options(generated, root, Map.of("LEDGER_URL", api.url(), "PAGER_URL", api.url())));
		}

		// The journal keeps every dead letter: three per flow, and the pager's three refusals.
		Map<Long, DeadLetters.DeadLetter> journal = new TreeMap<>();
		deadLetters(generated, root).forEach(l -> journal.put(l.id(), l));
		assertEquals(12, journal.size(), summary.render());

		// The folder: the Orders flow's three, each as the letter in the journal says it.
		List<JsonNode> letters = lines(root.resolve("dead-letters"));
		assertEquals(3, letters.size(), letters.toString());
		Map<String, JsonNode> byStep = new TreeMap<>();
		for (JsonNode letter : letters) {
			DeadLetters.DeadLetter kept = journal.get(letter.path("deadLetterId").asLong());
			assertEquals(kept.flow(), letter.path("flowName").asText(), letter.toString());
			assertEquals("shop.Orders", kept.flow());
			assertEquals(kept.reason(), letter.path("reason").asText());
			assertEquals(kept.correlation(), letter.path("correlationId").asText());
			assertEquals(kept.createdAt().toString(), letter.path("deadLetteredAt").asText());
			byStep.put(letter.path("step").asText(), letter);
		}
		JsonNode unfit = byStep.get("from shop.Shop.orders");
		assertEquals("record", unfit.path("letterKind").asText());
		assertEquals(0, unfit.path("attempts").asInt());
		assertEquals("file:inbox/a.ndjson:3", unfit.path("origin").asText());
		assertEquals("{\"id\":\"t1\",\"amount\":\"x\"}", unfit.path("payload").toString());
		assertFalse(unfit.has("target"), "a record that failed in its flow was for no target");
		JsonNode unread = byStep.get("read shop.Shop.orders");
		assertTrue(unread.path("reason").asText().startsWith("line 4: not JSON"), unread.toString());
		assertFalse(unread.has("payload"), "a line that is not JSON is no object: " + unread);
		JsonNode refused = byStep.get("deliver -> shop.Ledger.entries");
		assertEquals("delivery", refused.path("letterKind").asText());
		assertEquals(1, refused.path("attempts").asInt());
		assertEquals("shop.Ledger.entries", refused.path("target").asText());
		assertEquals("shop.Shop.orders", refused.path("source").asText(), "a delivery's letter names the flow's source too");
		assertTrue(refused.path("reason").asText().startsWith("refused: HTTP 422 from POST "), refused.toString());
		assertEquals("{\"id\":\"bad1\",\"amount\":3.00}", refused.path("payload").toString(), "the amount as it was sent");

		// The table: the Audited flow's three, the payload as text (the unread line too), by the letter's id.
		Map<Long, String> rows = new TreeMap<>();
		try (Connection c = DriverManager.getConnection(TablesProject.data(root));
				ResultSet r = c.createStatement().executeQuery("SELECT DEADLETTERID, FLOWNAME, STEP, PAYLOAD FROM DEAD_LETTERS")) {
			while (r.next()) {
				rows.put(r.getLong(1), r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4));
			}
		}
		assertEquals(3, rows.size(), rows.toString());
		rows.forEach((id, row) -> assertEquals(journal.get(id).flow(), row.substring(0, row.indexOf('|'))));
		assertTrue(rows.containsValue("shop.Audited|read shop.Shop.audits|not json"), rows.toString());
		assertTrue(rows.containsValue("shop.Audited|deliver -> shop.Ledger.entries|{\"id\":\"bad1\",\"amount\":3.00}"), rows.toString());

		// The pager refused each of the Paged flow's three: each refusal is a dead letter, and was not sent to it again.
		assertEquals(3, pages.size(), pages.toString());
		List<DeadLetters.DeadLetter> pagerLetters = journal.values().stream().filter(l -> "shop.Ops.pager".equals(l.endpoint())).toList();
		assertEquals(3, pagerLetters.size(), journal.values().toString());
		pagerLetters.forEach(l -> assertEquals("shop.Paged", l.flow()));
		pagerLetters.forEach(l -> assertEquals("copy", l.kind(), "a copy that failed is a letter of its own kind: " + l));
		pagerLetters.forEach(l -> assertTrue(l.reason().startsWith("the copy of dead letter ") && l.reason().contains(" that flow shop.Paged sends"
				+ " into shop.Ops.pager was refused: HTTP 422") && l.reason().contains(" — its values are the letter's, made by no mapping:"),
				"a refusal's advice fits a copy: " + l.reason()));
		assertTrue(pages.stream().allMatch(p -> p.startsWith("{\"flowName\":\"shop.Paged\",\"reason\":")), pages.toString());
		long counted = summary.endpoints().stream().filter(e -> e.endpoint().equals("shop.Ops.letters")).mapToLong(RunSummary.EndpointCounts::delivered).sum();
		assertEquals(3, counted, summary.render());

		// trace ends with the copy's delivery, into the folder or refused by the pager (review 30: it said nothing of it)
		String delivered = cli(root, "trace", "shop.Orders@file:inbox/a.ndjson:2");
		assertTrue(delivered.matches("(?s).*\ndead letters sent into the flow's dead-letter endpoint \\(dead-letter into\\):\n"
				+ "  dead letter \\d+ sent into shop\\.Ops\\.letters\n      => delivered at \\S+Z\n"), delivered);
		DeadLetters.DeadLetter copy = pagerLetters.get(0);
		String refusedCopy = cli(root, "trace", copy.correlation());
		assertTrue(refusedCopy.contains(" sent into shop.Ops.pager\n      => dead letter " + copy.id() + ": the copy of dead letter "),
				refusedCopy);
		// a copy has no record of its own to run through the flow: --rerun says so, and a replay sends the copy again
		String rerun = cli(root, IsthmusCommandLine.PROBLEMS, "dlq", "replay", String.valueOf(copy.id()), "--rerun");
		assertTrue(rerun.contains("dead letter " + copy.id() + " was left as it is: --rerun cannot send its record through the flow again: it is"
				+ " the copy of dead letter "), rerun);
		assertFalse(rerun.contains("--keep-traces"), rerun);
	}

	/** What {@code isthmus <args> --root root} prints; it must succeed. */
	private static String cli(Path root, String... args) {
		return cli(root, IsthmusCommandLine.OK, args);
	}

	/** What {@code isthmus <args> --root root} prints, exiting with {@code exit}. */
	private static String cli(Path root, int exit, String... args) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
		String[] all = java.util.Arrays.copyOf(args, args.length + 2);
		all[args.length] = "--root";
		all[args.length + 1] = root.toString();
		int code = new IsthmusCommandLine(RunnerTestProjects.print(out), RunnerTestProjects.print(err)).run(all);
		assertEquals(exit, code, RunnerTestProjects.text(out) + RunnerTestProjects.text(err));
		return RunnerTestProjects.text(out);
	}

	/** The NDJSON lines of the files in {@code folder}, parsed. */
	private static List<JsonNode> lines(Path folder) throws Exception {
		List<JsonNode> lines = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.sorted().toList()) {
				for (String line : Files.readAllLines(file)) {
					lines.add(JSON.readTree(line));
				}
			}
		}
		return lines;
	}
}
