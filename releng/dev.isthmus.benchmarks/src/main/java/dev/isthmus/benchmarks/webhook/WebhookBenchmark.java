package dev.isthmus.benchmarks.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * Webhooks into a running runner, on loopback, beside the same requests answered without a journal: {@code N}
 * orders POSTed by {@code C} senders at once (one connection each, HTTP/1.1) to a flow that keeps them once by id and
 * writes them to an embedded H2 table by key; the baseline is the same requests to a path with no webhook (a 404
 * from the same server), which is what HTTP alone costs on this machine. Prints, per number of senders, requests/s
 * for both and their ratio, the journal's growth per webhook, and the time until the last order is in the table (the
 * table's rows are counted and must be exactly N). Senders and runner share the JVM and its cores, as a sender on the
 * same host would.
 *
 * <pre>
 * webhook-benchmark [orders per round, default 20000] [senders, default "1,8,32"]
 * </pre>
 */
public final class WebhookBenchmark {

	private WebhookBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path configuration = Path.of(args[0]);
		int orders = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
		String[] senders = (args.length > 2 ? args[2] : "1,8,32").split(",");
		Path dir = Files.createTempDirectory("isthmus-webhook-benchmark");
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		try (PrintStream log = new PrintStream(OutputStream.nullOutputStream())) {
			int round = 0;
			for (String s : senders) {
				int concurrency = Integer.parseInt(s.trim());
				Path root = dir.resolve("round-" + ++round);
				RunnerOptions options = RunnerOptions.of(configuration).withRoot(root).withPorts("127.0.0.1", 0, -1).withLog(log)
						.withEnvironment(name -> null);
				try (Runner runner = Runner.start(options)) {
					String base = "http://127.0.0.1:" + runner.webhookPort();
					// Both once untimed first: the JIT compilers and the first connections are not what is compared.
					send(client, base + "/none", "w", Math.min(orders, 2_000), concurrency, 404);
					send(client, base + "/orders", "w", Math.min(orders, 2_000), concurrency, 202);
					awaitRows(root, Math.min(orders, 2_000));
					long before = Files.size(root.resolve(".isthmus/journal.mv.db"));
					double alone = send(client, base + "/none", "x", orders, concurrency, 404);
					long start = System.nanoTime();
					double journaled = send(client, base + "/orders", "o", orders, concurrency, 202);
					awaitRows(root, Math.min(orders, 2_000) + orders);
					double delivered = (System.nanoTime() - start) / 1e9;
					long growth = Files.size(root.resolve(".isthmus/journal.mv.db")) - before;
					System.out.printf("%2d senders, %,d orders: journaled %,.0f webhooks/s, HTTP alone %,.0f requests/s (%.2f of it); "
							+ "all in the table after %.1f s; journal file %+,.1f KB per webhook%n", concurrency, orders, journaled, alone,
							journaled / alone, delivered, growth / 1024.0 / orders);
				}
			}
		} finally {
			delete(dir);
		}
	}

	/** POSTs {@code count} orders from {@code concurrency} threads; returns requests/s. Every answer must be {@code status}. */
	private static double send(HttpClient client, String url, String prefix, int count, int concurrency, int status) throws Exception {
		AtomicInteger next = new AtomicInteger();
		AtomicInteger wrong = new AtomicInteger();
		long start = System.nanoTime();
		try (ExecutorService threads = Executors.newFixedThreadPool(concurrency)) {
			for (int t = 0; t < concurrency; t++) {
				threads.submit(() -> {
					for (int i; (i = next.getAndIncrement()) < count;) {
						String body = "{\"id\":\"" + prefix + i + "\",\"customer\":\"cus_" + (i % 1000) + "\",\"amount\":" + (i % 977) + "}";
						HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
								.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
						if (answer.statusCode() != status) {
							wrong.incrementAndGet();
						}
					}
					return null;
				});
			}
		}
		double rate = count / ((System.nanoTime() - start) / 1e9);
		if (wrong.get() > 0) {
			throw new IllegalStateException(wrong.get() + " of " + count + " requests to " + url + " were not answered " + status);
		}
		return rate;
	}

	/** Waits until the table holds {@code expected} orders (at most 10 minutes), and refuses more. */
	private static void awaitRows(Path root, int expected) throws Exception {
		String url = "jdbc:h2:file:" + root.toAbsolutePath().resolve(".isthmus/data") + ";IFEXISTS=TRUE";
		long end = System.nanoTime() + 600_000_000_000L;
		while (true) {
			long rows = 0;
			if (Files.exists(root.resolve(".isthmus/data.mv.db"))) {
				try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
						ResultSet r = s.executeQuery("SELECT COUNT(*) FROM ORDERS")) {
					r.next();
					rows = r.getLong(1);
				} catch (java.sql.SQLException e) {
					// the table is made at the first delivery
				}
			}
			if (rows == expected) {
				return;
			}
			if (rows > expected) {
				throw new IllegalStateException("ORDERS has " + rows + " rows, " + expected + " orders were sent");
			}
			if (System.nanoTime() > end) {
				throw new IllegalStateException("ORDERS has " + rows + " of " + expected + " orders after 10 minutes");
			}
			Thread.sleep(20);
		}
	}

	private static void delete(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}
