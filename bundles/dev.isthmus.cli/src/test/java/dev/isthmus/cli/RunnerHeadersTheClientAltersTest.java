package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * Headers the JDK's client would send otherwise than configured, in a configuration edited by hand past what the
 * validator allows or with a variable's value it cannot see: a value past ASCII (sent with '?' in its place), a
 * Proxy-* header (dropped), a Transfer-Encoding (sent beside the client's Content-Length, the body unchunked). Each
 * was a run whose requests went out wrong without a word; each is now a start refused, before any request, saying
 * which header and what to do, a secret's value not shown.
 */
class RunnerHeadersTheClientAltersTest {

	private static final String TENANT = "tenant-SECRET-7781";

	@Test
	void aHeaderTheClientWouldAlterRefusesTheStart(@TempDir Path generated, @TempDir Path root) throws Exception {
		RunnerTestProjects.generate("runner-headers", generated);
		AtomicInteger requests = new AtomicInteger();
		try (LoopbackServer target = new LoopbackServer(exchange -> {
			try (exchange) {
				requests.incrementAndGet();
				exchange.sendResponseHeaders(200, -1);
			}
		})) {
			String chunked = refusal(generated, root.resolve("te"), target, flow -> flow.replace("\"Stripe-Version\"", "\"Transfer-Encoding\"")
					.replace("\"2024-06-20\"", "\"chunked\""), Map.of());
			assertTrue(chunked.contains("endpoint hdr.Api.ledger: header \"Transfer-Encoding\" cannot be sent: the HTTP client frames the body"
					+ " itself, with Content-Length"), chunked);

			String proxy = refusal(generated, root.resolve("proxy"), target,
					flow -> flow.replace("\"X-Tenant-Token\"", "\"Proxy-Authorization\""), Map.of());
			assertTrue(proxy.contains("endpoint hdr.Api.ledger: header \"Proxy-Authorization\" is never sent: the HTTP client drops every"
					+ " Proxy-* header"), proxy);
			assertFalse(proxy.contains("SECRET-7781"), proxy);

			String literal = refusal(generated, root.resolve("latin"), target, flow -> flow.replace("\"2024-06-20\"", "\"caf\\u00e9\""), Map.of());
			assertTrue(literal.contains("endpoint hdr.Api.ledger: header \"Stripe-Version\"'s value holds '\u00e9' (U+00E9) at character 4,"
					+ " past ASCII"), literal);

			String fromEnv = refusal(generated, root.resolve("env"), target, UnaryOperator.identity(), Map.of("TENANT_TOKEN", "abc\u00e9-SECRET"));
			assertTrue(fromEnv.contains("the value of TENANT_TOKEN (sent in header \"X-Tenant-Token\") holds the character U+00E9 at"
					+ " character 4, past ASCII"), fromEnv);
			assertTrue(fromEnv.contains("set TENANT_TOKEN to a value in ASCII characters only, or percent-encoded (%C3%A9 in UTF-8)"), fromEnv);
			assertFalse(fromEnv.contains("abc") || fromEnv.contains("\u00e9"), fromEnv);
			assertEquals(0, requests.get());
		}
	}

	/** The refusal of a start on the configuration {@code edit} makes of the ledger's flow, with {@code extra} variables. */
	private static String refusal(Path generated, Path root, LoopbackServer target, UnaryOperator<String> edit, Map<String, String> extra)
			throws Exception {
		Path copy = LedgerFlowEdits.editedCopy(generated, root, edit);
		Map<String, String> env = new HashMap<>(Map.of("BASE", target.url(), "TENANT_TOKEN", TENANT, "LEDGER_TOKEN", "ledger-token"));
		env.putAll(extra);
		Path feed = Files.writeString(Files.createDirectories(root).resolve("feed.ndjson"), "{\"id\":\"a\",\"path\":\"ok\"}\n");
		StartupException e = assertThrows(StartupException.class, () -> Runner.once(RunnerOptions.of(copy).withRoot(root)
				.withPorts("127.0.0.1", 0, -1).withEnvironment(env::get).withLog(RunnerTestProjects.nowhere())
				.withFeeds(List.of(new RunnerOptions.Feed("Src.plain", feed)))));
		return e.getMessage();
	}
}
