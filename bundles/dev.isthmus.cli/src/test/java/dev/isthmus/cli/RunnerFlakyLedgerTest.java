package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.RunnerTestProjects.anyDeadLetter;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.ShopProject.JSON;
import static dev.isthmus.cli.ShopProject.SIGNING;
import static dev.isthmus.cli.ShopProject.TOKEN;
import static dev.isthmus.cli.ShopProject.options;
import static dev.isthmus.cli.ShopProject.order;
import static dev.isthmus.cli.ShopProject.post;
import static dev.isthmus.cli.ShopProject.scrape;
import static dev.isthmus.cli.ShopProject.signature;
import static dev.isthmus.cli.ShopProject.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The runner end to end on loopback, all real parts: signed webhooks over HTTP into the journal (H2 files), the
 * ledger's API a real HTTP server that fails and hangs on purpose ({@link FlakyLedger}), dead letters replayed through
 * the journal, and a refused record's idempotency key given back for its correction.
 */
class RunnerFlakyLedgerTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
	}

	static boolean settled(Runner runner, long received) {
		try {
			RunSummary s = runner.summary();
			long in = s.flows().stream().filter(f -> f.flow().equals("shop.OrdersToLedger")).mapToLong(RunSummary.FlowCounts::received).sum();
			long waiting = s.endpoints().stream().mapToLong(RunSummary.EndpointCounts::waiting).sum();
			return in >= received && waiting == 0;
		} catch (SQLException e) {
			return false;
		}
	}

	@Test
	void aFlakyTargetEndsWithEveryRecordDeliveredOnceOrDeadLetteredAndReplayDeliversTheRest(@TempDir Path root) throws Exception {
		int orders = 120;
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (FlakyLedger ledger = new FlakyLedger(); Runner runner = Runner.start(options(generated, root, ledger.url(), log))) {
			for (int i = 1; i <= orders; i++) {
				String customer = i % 40 == 0 ? "refused" : "cus_" + (i % 7);
				assertEquals(202, signed(runner.webhookPort(), order("o-" + i, customer, 100 * i)).statusCode());
			}
			for (int i = 1; i <= 15; i++) {
				// A sender that did not see our answer sends again, signed anew (Stripe signs each attempt): the same
				// record, journaled again and skipped as a duplicate by the flow's key.
				String again = order("o-" + i, "cus_" + (i % 7), 100 * i);
				assertEquals(202, post(runner.webhookPort(), again, signature(again, Instant.now().getEpochSecond() - 60, SIGNING)).statusCode());
			}
			await("every delivery delivered or dead-lettered", () -> settled(runner, orders + 15));

			RunSummary summary = runner.summary();
			RunSummary.FlowCounts flow = summary.flows().stream().filter(f -> f.flow().equals("shop.OrdersToLedger")).findFirst().orElseThrow();
			assertEquals(15, flow.duplicates(), summary.render());
			List<DeadLetters.DeadLetter> dead = deadLetters(generated, root);
			Set<String> deadOrders = ConcurrentHashMap.newKeySet();
			for (DeadLetters.DeadLetter d : dead) {
				assertEquals("delivery", d.kind());
				assertEquals(d.correlation(), "shop.OrdersToLedger@" + d.origin(), "a delivery's dead letter names where its record came from");
				assertTrue(d.origin().startsWith("webhook:/orders#"), d.origin());
				assertTrue(d.attempts() != null && d.attempts().contains("\"attempt\":1"), d.attempts());
				deadOrders.add(JSON.readTree(d.record()).path("orderId").asText());
			}
			assertTrue(deadOrders.containsAll(Set.of("o-40", "o-80", "o-120")), "refused records are dead letters: " + deadOrders);
			assertTrue(dead.stream().anyMatch(d -> d.reason().startsWith("refused: HTTP 422")), "a 4xx is final");
			for (int i = 1; i <= orders; i++) {
				String id = "o-" + i;
				boolean delivered = ledger.keyByOrder.containsKey(id);
				assertTrue(delivered ^ deadOrders.contains(id), id + ": delivered " + delivered + ", dead " + deadOrders.contains(id));
			}
			ledger.acceptedByKey.forEach((key, times) -> assertEquals(1, times, "delivered twice under key " + key));
			assertFalse(ledger.keyByOrder.values().stream().anyMatch(k -> k.startsWith("TWO KEYS")), "one key per record");
			assertTrue(summary.endpoints().stream().filter(e -> e.endpoint().equals("shop.Ledger.entries")).findFirst().orElseThrow().retried() > 10, "the flaky ledger caused retries: " + summary.render());
			// /metrics counts each record that failed once, and each failed attempt apart.
			String metrics = scrape(URI.create("http://127.0.0.1:" + runner.managementPort() + "/metrics"));
			String labels = "{flow=\"shop.OrdersToLedger\",endpoint=\"shop.Ledger.entries\"} ";
			assertTrue(metrics.contains("isthmus_records_failed_total" + labels + ledger.failuresByOrder.size() + "\n"),
					ledger.failuresByOrder.size() + " records failed\n" + metrics);
			int attempts = ledger.failuresByOrder.values().stream().mapToInt(Integer::intValue).sum();
			assertTrue(metrics.contains("isthmus_delivery_failures_total" + labels + attempts + "\n"), attempts + " attempts failed\n" + metrics);
			// and each dead letter under the target whose delivery it was (review 21: under the flow alone)
			assertTrue(metrics.contains("isthmus_records_dead_lettered_total" + labels + dead.size() + "\n"), dead.size() + " dead letters\n" + metrics);

			// The ledger is fixed: the dead letters go again, with the keys they had, and arrive once.
			ledger.healed.set(true);
			try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				assertEquals(dead.size(), letters.replay(letters.list(DeadLetters.Filter.ALL)));
			}
			await("replayed dead letters delivered", () -> ledger.keyByOrder.size() == orders && settled(runner, orders + 15));
			ledger.acceptedByKey.forEach((key, times) -> assertEquals(1, times, "delivered twice under key " + key));
			assertEquals(orders, ledger.acceptedByKey.size());
			assertEquals(Set.of("Bearer " + TOKEN), ledger.tokensSeen);
		}
		assertFalse(log.toString(StandardCharsets.UTF_8).contains(TOKEN), "a secret reached the log");
	}

	/**
	 * A record whose delivery the target refuses gives its idempotency key back with its dead letter: the sender's
	 * corrected record, under the same id, is taken and delivered, not skipped as a duplicate of the refused one
	 * (it was, for the key's whole time to live). Once taken, the id is a duplicate again, after a restart too.
	 */
	@Test
	void aCorrectedRecordAfterARefusedDeliveryIsTakenNotSkipped(@TempDir Path root) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (FlakyLedger ledger = new FlakyLedger()) {
			try (Runner runner = Runner.start(options(generated, root, ledger.url(), log))) {
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "refused", 700)).statusCode());
				await("the refused delivery dead-lettered", () -> anyDeadLetter(generated, root, d -> true));
				ledger.healed.set(true); // no flaky answers from here on
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "cus_1", 700)).statusCode());
				await("the corrected record delivered", () -> ledger.keyByOrder.containsKey("o-fix"));
				// Not the same body: signed in the same second, that would be the webhook's duplicate, not the flow's.
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "cus_1", 701)).statusCode());
				await("the same record again skipped", () -> duplicates(runner) == 1);
			}
			try (Runner runner = Runner.start(options(generated, root, ledger.url(), log))) {
				assertEquals(202, signed(runner.webhookPort(), order("o-fix", "cus_1", 702)).statusCode());
				await("a duplicate after the restart too", () -> duplicates(runner) == 1);
			}
			assertEquals(1, ledger.acceptedByKey.values().stream().mapToInt(Integer::intValue).sum(), "delivered once: " + ledger.acceptedByKey);
		}
	}

	/** The records the running runner's flows skipped as duplicates so far; -1 while its summary cannot be read. */
	private static long duplicates(Runner runner) {
		try {
			return runner.summary().flows().stream().mapToLong(RunSummary.FlowCounts::duplicates).sum();
		} catch (SQLException e) {
			return -1;
		}
	}
}
