package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A refused delivery's dead letter gives the record's idempotency key back, and its replay holds it again: the record
 * the sender then sends again is a duplicate. With the runner running while the replay was made, it held the key
 * again only at its next start, so the resend went to the target after the replayed record, under the same
 * {@code Idempotency-Key} (review 39, High): a target that honours the key kept the stale record. Real HTTP on
 * loopback; the replay is made as {@code isthmus dlq replay} makes it, on the running runner's journal.
 */
class RunnerReplayWhileRunningTest {

	private static final String PROJECT = """
			package held
			system Shop kind product {
			    record Order json { id : string, amount : integer }
			    endpoint orders webhook "/orders" receives Order signature none
			    endpoint ledger http post "${env:BASE}/entries" sends Order
			}
			flow Post {
			    from Shop.orders
			    idempotent on id for 1d
			    to Shop.ledger
			    dead-letter
			}
			""";

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	/** The target: refuses (400) until healed, noting each request's Idempotency-Key and body. */
	private static final class Ledger implements AutoCloseable {
		final List<String> received = new CopyOnWriteArrayList<>();
		final AtomicBoolean healed = new AtomicBoolean();
		final LoopbackServer server;

		Ledger() throws java.io.IOException {
			server = new LoopbackServer(exchange -> {
				try (exchange) {
					String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
					received.add(exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + body);
					exchange.sendResponseHeaders(healed.get() ? 201 : 400, -1);
				}
			});
		}

		@Override
		public void close() {
			server.close();
		}
	}

	private static void generate(Path project, Path generated) throws java.io.IOException {
		Files.writeString(project.resolve("held.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
	}

	private static Runner start(Path generated, Path root, Ledger ledger, ByteArrayOutputStream log) throws Exception {
		return Runner.start(RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1)
				.withEnvironment(Map.of("BASE", ledger.server.url())::get).withLog(RunnerTestProjects.print(log)));
	}

	@Test
	void aReplayedDeliveryHoldsItsKeyAgainInARunningRunner(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		generate(project, generated);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Ledger ledger = new Ledger(); Runner runner = start(generated, root, ledger, log)) {
			List<String> received = ledger.received;
			AtomicBoolean healed = ledger.healed;
			post(runner, "{\"id\":\"P1\",\"amount\":1}");
			BoundedWaits.await("the refused order's dead letter", () -> RunnerTestProjects.anyDeadLetter(generated, root, l -> true));

			healed.set(true);
			try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				assertEquals(1, letters.replay(deadLetters(generated, root)));
			}
			BoundedWaits.await("the replayed order delivered", () -> received.size() == 2);
			BoundedWaits.await("the runner holding the key again", () -> RunnerTestProjects.text(log).contains("\"keys.held-again\""));

			post(runner, "{\"id\":\"P1\",\"amount\":100}");
			BoundedWaits.await("the resend decided", () -> {
				try {
					return flow(runner.summary()).received() == 2;
				} catch (java.sql.SQLException e) {
					return false; // asked again
				}
			});
			assertEquals(1, flow(runner.summary()).duplicates(), runner.summary().render());
			assertEquals(2, received.size(), "the refused order and its replay, not the resend: " + received);
			assertEquals(received.get(0).split(" ")[0], received.get(1).split(" ")[0], "one Idempotency-Key: " + received);
		}
	}

	/**
	 * A replay refused again gives the key back again, whichever the running runner reads first, the replay's hold or
	 * the new refusal: read in that order, the key stayed held and the corrected resend was skipped (review 40).
	 */
	@Test
	void aReplayRefusedAgainGivesTheKeyBackInARunningRunner(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		generate(project, generated);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (Ledger ledger = new Ledger(); Runner runner = start(generated, root, ledger, log)) {
			List<String> received = ledger.received;
			AtomicBoolean healed = ledger.healed;
			post(runner, "{\"id\":\"P1\",\"amount\":1}");
			BoundedWaits.await("the refused order's dead letter", () -> RunnerTestProjects.anyDeadLetter(generated, root, l -> true));
			try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				assertEquals(1, letters.replay(deadLetters(generated, root)));
			}
			BoundedWaits.await("the replay refused again", () -> received.size() == 2
					&& RunnerTestProjects.anyDeadLetter(generated, root, l -> true));
			BoundedWaits.await("the runner reading the replay's hold", () -> RunnerTestProjects.text(log).contains("\"keys.held-again\""));

			healed.set(true);
			post(runner, "{\"id\":\"P1\",\"amount\":100}");
			BoundedWaits.await("the corrected order delivered", () -> received.size() == 3);
			assertTrue(received.get(2).contains("\"amount\":100"), received.toString());
			assertEquals(0, flow(runner.summary()).duplicates(), runner.summary().render());
		}
	}

	/**
	 * Two records under one key refused by one target: replayed together, in either order, the later one goes and the
	 * older is refused naming it; the older went first, and the later one was refused as "claimed since" (review 40).
	 */
	@Test
	void ofTwoLettersOfOneKeyTheLaterIsReplayed(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		generate(project, generated);
		for (boolean laterFirst : new boolean[] { false, true }) {
			Path at = Files.createDirectories(root.resolve(laterFirst ? "later-first" : "older-first"));
			try (Ledger ledger = new Ledger()) {
				List<String> received = ledger.received;
				AtomicBoolean healed = ledger.healed;
				RunnerOptions options = RunnerOptions.of(generated).withRoot(at).withEnvironment(Map.of("BASE", ledger.server.url())::get)
						.withLog(RunnerTestProjects.nowhere());
				for (String amount : List.of("1", "100")) {
					Path order = Files.writeString(at.resolve("order-" + amount + ".ndjson"), "{\"id\":\"M1\",\"amount\":" + amount + "}\n");
					Runner.once(options.withFeeds(List.of(new RunnerOptions.Feed("Shop.orders", order))));
				}
				List<DeadLetters.DeadLetter> dead = new java.util.ArrayList<>(deadLetters(generated, at));
				assertEquals(2, dead.size(), dead.toString());
				dead.sort(java.util.Comparator.comparingLong(DeadLetters.DeadLetter::id));
				if (laterFirst) {
					java.util.Collections.reverse(dead);
				}
				healed.set(true);
				DeadLetters.Replayed replayed;
				try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(at).journal())) {
					replayed = letters.replay(dead, false);
				}
				assertEquals(1, replayed.count(), replayed.toString());
				String why = replayed.refused().values().iterator().next();
				assertTrue(why.contains("holds a later record under the same key"), why);
				Runner.once(options);
				assertEquals(3, received.size(), received.toString());
				assertTrue(received.get(2).contains("\"amount\":100"), "the later record went: " + received);
			}
		}
	}

	/** A discarded letter's delivery was traced as "discarded; delivered" (review 39): it was never sent again. */
	@Test
	void aDiscardedDeliveryIsTracedAsNotDelivered(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		generate(project, generated);
		Path orders = Files.writeString(root.resolve("one.ndjson"), "{\"id\":\"P1\",\"amount\":1}\n");
		try (Ledger ledger = new Ledger()) {
			Runner.once(RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("BASE", ledger.server.url())::get)
					.withFeeds(List.of(new RunnerOptions.Feed("Shop.orders", orders))).withLog(RunnerTestProjects.nowhere()));
		}
		List<DeadLetters.DeadLetter> dead = deadLetters(generated, root);
		assertEquals(1, dead.size());
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			assertEquals(1, letters.discard(dead));
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(RunnerTestProjects.print(out), RunnerTestProjects.nowhere())
				.run("trace", dead.get(0).correlation(), "--root", root.toString()));
		String traced = RunnerTestProjects.text(out);
		assertTrue(traced.contains("), discarded; not delivered"), traced);
		assertTrue(!traced.contains("; delivered"), traced);
	}

	/** A record dead-lettered in its flow: each run's letter is named, and whether it was replayed (review 39: neither). */
	@Test
	void aRecordsRunsNameTheirDeadLetters(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		generate(project, generated);
		Path orders = Files.writeString(root.resolve("bad.ndjson"), "{\"id\":\"X1\",\"amount\":\"x\"}\n");
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withEnvironment(Map.of("BASE", "http://127.0.0.1:9")::get)
				.withLog(RunnerTestProjects.nowhere());
		Runner.once(options.withFeeds(List.of(new RunnerOptions.Feed("Shop.orders", orders))));
		List<DeadLetters.DeadLetter> first = deadLetters(generated, root);
		assertEquals(1, first.size());
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			assertEquals(1, letters.replay(first));
		}
		Runner.once(options); // the replayed record fails again
		List<DeadLetters.DeadLetter> again = deadLetters(generated, root); // (the replayed one is no longer listed)
		assertEquals(1, again.size(), again.toString());
		long second = again.get(0).id();
		assertTrue(second > first.get(0).id(), again.toString());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(RunnerTestProjects.print(out), RunnerTestProjects.nowhere())
				.run("trace", first.get(0).correlation(), "--root", root.toString()));
		String traced = RunnerTestProjects.text(out);
		assertTrue(traced.contains("=> dead letter " + first.get(0).id() + ", replayed (a later run below"), traced);
		assertTrue(traced.contains("=> dead letter " + second + " ('isthmus dlq show " + second + "')"), traced);
		assertTrue(traced.indexOf("dead letter " + first.get(0).id()) < traced.indexOf("dead letter " + second), traced);
	}

	private static RunSummary.FlowCounts flow(RunSummary summary) {
		return summary.flows().stream().filter(f -> f.flow().equals("held.Post")).findFirst().orElseThrow();
	}

	private static void post(Runner runner, String order) throws Exception {
		HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.webhookPort() + "/orders"))
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(order)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());
	}
}
