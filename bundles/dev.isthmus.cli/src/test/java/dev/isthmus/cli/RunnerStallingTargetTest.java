package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.onceWithinAMinute;
import static dev.isthmus.cli.ShopProject.options;
import static dev.isthmus.cli.ShopProject.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.RunnerOptions;

/**
 * A target that sends its answer's headers and then stalls (the request timeout ends with the headers) costs the
 * attempt, not the run: the attempt ends at the endpoint's timeout and {@code --once} returns. A 503 so answered
 * waits in the journal for its retry; a 201 so answered is delivered (the target said it took the record).
 */
class RunnerStallingTargetTest {

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(ShopProject.NAME, generated);
	}

	@Test
	void aTargetThatStallsAfterA503EndsTheAttemptNotTheRun(@TempDir Path root) throws Exception {
		RunSummary run = stalledAfter(503, root);
		RunSummary.EndpointCounts ledger = ledger(run);
		assertEquals(0, ledger.delivered(), run.render());
		assertEquals(1, ledger.waiting(), "the record waits for its retry\n" + run.render());
		try (Connection c = DriverManager.getConnection(RunnerOptions.of(generated).withRoot(root).journal());
				ResultSet r = c.createStatement().executeQuery("SELECT HISTORY FROM ISTHMUS_OUTBOX")) {
			assertTrue(r.next(), "the outbox row");
			assertTrue(r.getString(1).contains("HTTP 503 but not the rest of the answer within 500 ms"), r.getString(1));
		}
	}

	@Test
	void aTargetThatStallsAfterA201HasTheRecord(@TempDir Path root) throws Exception {
		RunSummary run = stalledAfter(201, root);
		assertEquals(1, ledger(run).delivered(), run.render());
		assertEquals(0, ledger(run).waiting(), run.render());
	}

	private static RunSummary.EndpointCounts ledger(RunSummary run) {
		return run.endpoints().stream().filter(e -> e.endpoint().equals("shop.Ledger.entries")).findFirst().orElseThrow();
	}

	/** A --once run of one fed order against a ledger that answers {@code status} and then stalls until the run is over. */
	private static RunSummary stalledAfter(int status, Path root) throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		stalling.setExecutor(Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "stalling-target");
			t.setDaemon(true);
			return t;
		}));
		stalling.createContext("/entries", exchange -> {
			exchange.sendResponseHeaders(status, 0); // chunked: the body is yet to come, and does not until the test ends
			exchange.getResponseBody().write('{');
			exchange.getResponseBody().flush();
			try {
				release.await(120, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		stalling.start();
		try {
			Path orders = root.resolve("orders.ndjson");
			Files.writeString(orders, order("o-stall", "cus_1", 1200) + "\n");
			RunnerOptions options = options(generated, root, "http://127.0.0.1:" + stalling.getAddress().getPort(), new ByteArrayOutputStream())
					.withFeeds(List.of(new RunnerOptions.Feed("Shop.orders", orders)));
			return onceWithinAMinute(options);
		} finally {
			release.countDown();
			stalling.stop(0);
		}
	}
}
