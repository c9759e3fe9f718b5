package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.drop;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * A record that waits for its retry goes when it is due, not behind every record that came after it: under a rate,
 * the outbox was walked on from where it stopped and came back to a due retry only after the rest, so a backlog held a
 * 1 s retry back for as long as it took to send (review 37). Here 100 orders go to a target limited to 10 requests a
 * second; the fifth is answered 503 once and retried after 1 s. Before, its retry came after the last order.
 */
class RunnerHttpRetryUnderRateTest {

	private static final String PROJECT = """
			package paced
			system Shop kind product {
			    record Order json {
			        id    : string
			        total : decimal
			    }
			    endpoint orders file "in" pattern "*.ndjson" receives Order
			    endpoint ledger http post "${env:BASE}/orders" sends Order
			        rate 10 per 1s
			}
			flow Post {
			    from Shop.orders
			    to Shop.ledger [retry 3 times backoff fixed from 1s to 1s]
			}
			""";

	private static final Pattern ID = Pattern.compile("\"id\":\"(o\\d+)\"");

	@Test
	void aDueRetryGoesBeforeTheRecordsThatCameAfterIt(@TempDir Path project, @TempDir Path generated, @TempDir Path root) throws Exception {
		Files.writeString(project.resolve("paced.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		StringBuilder orders = new StringBuilder();
		for (int i = 1; i <= 100; i++) {
			orders.append("{\"id\":\"o").append(i).append("\",\"total\":").append(i).append(".50}\n");
		}
		drop(root, "in/orders.ndjson", orders.toString());

		List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean failedOnce = new AtomicBoolean();
		HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		api.setExecutor(Executors.newCachedThreadPool());
		api.createContext("/", exchange -> {
			try (exchange) {
				Matcher id = ID.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				String order = id.find() ? id.group(1) : "?";
				arrivals.add(order);
				exchange.sendResponseHeaders(order.equals("o5") && failedOnce.compareAndSet(false, true) ? 503 : 200, -1);
			}
		});
		api.start();
		try {
			Path env = Files.writeString(root.resolve("env"), "BASE=http://127.0.0.1:" + api.getAddress().getPort() + "\n");
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			assertEquals(IsthmusCommandLine.OK, new IsthmusCommandLine(print(new ByteArrayOutputStream()), print(err)).run("run",
					generated.toString(), "--once", "--root", root.toString(), "--env-file", env.toString()), text(err));
		} finally {
			api.stop(0);
		}
		assertEquals(101, arrivals.size(), "each order once, the fifth twice: " + arrivals);
		assertEquals(100, arrivals.stream().distinct().count(), "each order: " + arrivals);
		int retried = arrivals.lastIndexOf("o5");
		// A delivery sends what the rate lets through in a second, and its results are booked when it ends: the 503 is
		// booked up to a second after it came, the retry is due a second later, and goes out after the delivery under
		// way then, some 3 seconds after the first attempt (30 requests; at 40 a second, 120 of 200, which came too close
		// to the end of the backlog for a busy CI machine). The rate keeps the runner from going faster however fast the
		// machine is; a slower one sends fewer requests meanwhile.
		assertTrue(retried < 70, "the retry went at request " + (retried + 1) + " of 101, not after the backlog: " + arrivals);
	}
}
