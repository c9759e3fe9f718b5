package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target that closes a kept-alive connection just as the next request comes on it (a keep-alive timeout, a load
 * balancer's idle timeout): the JDK's HTTP client sent no POST again, so the record of a flow without a retry policy
 * was a dead letter, "no answer … the connection closed before a response". The command now lets the client send it
 * again on a new connection, under the same Idempotency-Key. The target is a plain socket server on loopback, as an
 * HTTP server library would answer the request before it could be made to close; the runner runs in a child JVM, as
 * the installed command starts it (the client reads its setting once per JVM). Seen failing before.
 */
class RunnerHttpStaleConnectionTest {

	private static final String PROJECT = """
			package stale
			system Shop kind product {
			    record Order json {
			        id    : string
			        total : decimal
			    }
			    endpoint orders file "in" pattern "*.ndjson" receives Order
			    endpoint ledger http post "${env:BASE}/orders" sends Order
			        timeout 10s
			}
			flow Post {
			    from Shop.orders
			    to Shop.ledger
			    dead-letter
			}
			""";

	/** Each request's Idempotency-Key, and whether it was answered, "key answered" or "key dropped". */
	private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
	private final AtomicBoolean dropped = new AtomicBoolean();

	@Test
	void aRequestOnAConnectionTheTargetClosedIsSentAgainOnANewOne(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("stale.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		StringBuilder orders = new StringBuilder();
		for (int i = 1; i <= 10; i++) {
			orders.append("{\"id\":\"o").append(i).append("\",\"total\":").append(i).append(".50}\n");
		}
		RunnerTestProjects.drop(root, "in/orders.ndjson", orders.toString());

		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread acceptor = Thread.ofVirtual().start(() -> accept(server));
			String java = ProcessHandle.current().info().command().orElse("java");
			ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IsthmusCommandLine.class.getName(),
					"run", generated.toString(), "--once", "--root", root.toString(), "--management-port", "off").redirectErrorStream(true);
			builder.environment().put("BASE", "http://127.0.0.1:" + server.getLocalPort());
			Process run = builder.start();
			String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(run.waitFor(60, TimeUnit.SECONDS), output);
			acceptor.interrupt();

			assertTrue(dropped.get(), "the target closed a kept-alive connection under a request: " + requests + "\n" + output);
			assertEquals(0, run.exitValue(), output);
			assertTrue(output.matches("(?s).*stale\\.Shop\\.ledger\\s+10\\s+0\\s+0\\s+0.*"), "all ten delivered, none dead:\n" + output);
			List<String> answered = requests.stream().filter(r -> r.endsWith(" answered")).map(r -> r.split(" ")[0]).toList();
			assertEquals(10, answered.stream().distinct().count(), "each order answered once: " + requests);
			String droppedKey = requests.stream().filter(r -> r.endsWith(" dropped")).findFirst().orElseThrow().split(" ")[0];
			assertTrue(answered.contains(droppedKey), "the dropped request was sent again with its key: " + requests);
		}
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket connection = server.accept();
				Thread.ofVirtual().start(() -> serve(connection));
			} catch (IOException e) {
				return; // closed at the test's end
			}
		}
	}

	/** Answers the requests of one connection, kept alive; closes it unanswered under the first second request of any connection. */
	private void serve(Socket connection) {
		try (connection) {
			InputStream in = new BufferedInputStream(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			for (int onConnection = 0;; onConnection++) {
				String key = readRequest(in);
				if (key == null) {
					return;
				}
				if (onConnection > 0 && dropped.compareAndSet(false, true)) {
					requests.add(key + " dropped");
					return; // closed as the request came: no byte of an answer
				}
				requests.add(key + " answered");
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
		} catch (IOException e) {
			// the client went away
		}
	}

	/** Reads one request, its body included; returns its Idempotency-Key, or null at the connection's end. */
	private static String readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0) {
			head.append((char) c);
			if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
				break;
			}
		}
		if (c < 0) {
			return null;
		}
		String key = null;
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("idempotency-key:")) {
				key = line.substring(line.indexOf(':') + 1).trim();
			} else if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		in.readNBytes(length);
		return key;
	}
}
