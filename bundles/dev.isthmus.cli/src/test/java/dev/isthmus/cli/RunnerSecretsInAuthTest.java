package dev.isthmus.cli;

import static dev.isthmus.cli.HttpTargetProject.feed;
import static dev.isthmus.cli.HttpTargetProject.reasons;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * Basic credentials echoed back by a target that refuses the request: the header as sent (the base64 of
 * user:password), the same in the URL-safe alphabet, the password alone, and the header cut in the middle by the end
 * of the answer's excerpt. None of it may show in a dead letter (reason, details, attempts), its trace or the log.
 */
class RunnerSecretsInAuthTest {

	/** Its base64 holds a '/', its URL-safe base64 a '_': the two alphabets differ. */
	private static final String CREDENTIALS = "alice:pw?SECRET>basic";
	private static final String PASSWORD = "pw?SECRET>basic";

	@TempDir
	static Path generated;

	@BeforeAll
	static void generate() {
		RunnerTestProjects.generate(HttpTargetProject.NAME, generated);
	}

	@Test
	void basicCredentialsEchoedByTheTargetAreShownNowhere(@TempDir Path root) throws Exception {
		try (EchoingTarget target = new EchoingTarget()) {
			Run run = run(target, root, CREDENTIALS, "header/x", "urlsafe/x", "password/x", "cut/x");
			assertEquals(4, run.letters().size(), run.reasons());
			byte[] bytes = CREDENTIALS.getBytes(StandardCharsets.UTF_8);
			for (String secret : List.of(Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().encodeToString(bytes), PASSWORD)) {
				assertNoPieceOf(secret, run.shown());
			}
			// Still useful: what the target said, the credentials in it scrubbed as a bearer token is.
			assertTrue(run.reasons().contains("HTTP 400 from POST " + target.url() + "/header/item/x?api_key=***: {\"authorization\":\"Basic ***\"}"),
					run.reasons());
			assertTrue(run.reasons().contains("wrong password: ***"), run.reasons());
		}
	}

	/** As PHP echoes them ('/' written '\/') and as Python does (every character past ASCII written as a backslash, u and hex). */
	@Test
	void credentialsEchoedWithJsonEscapesAreShownNowhere(@TempDir Path root) throws Exception {
		try (EchoingTarget target = new EchoingTarget()) {
			// its base64 holds a '/'
			Run run = run(target, Files.createDirectories(root.resolve("slashed")), "alice:k>?~pass", "slashed/x");
			assertEquals(1, run.letters().size(), run.reasons());
			assertNoPieceOf("YWxpY2U6az4\\/fnBhc3M=", run.shown());
			assertTrue(run.reasons().contains("{\"header\": \"Basic ***\"}"), run.reasons());

			run = run(target, Files.createDirectories(root.resolve("unicode")), "alice:P\u00e4ssw\u00f6rd-2", "python/x");
			assertEquals(1, run.letters().size(), run.reasons());
			assertNoPieceOf("P\\u00e4ssw\\u00f6rd-2", run.shown());
			assertTrue(run.reasons().contains("{\"password\": \"***\"}"), run.reasons());
		}
	}

	/**
	 * A short password is weak and common as data: scrubbed alone, the record inv-2026-001 showed as inv-***-001 in its
	 * trace, the log and its dead letter. What the runner sends of it, the header, is still scrubbed.
	 */
	@Test
	void aShortPasswordLeavesRecordDataAloneButItsHeaderIsScrubbed(@TempDir Path root) throws Exception {
		try (EchoingTarget target = new EchoingTarget()) {
			Run run = run(target, root, "svc:2026", "header/inv-2026-001");
			assertEquals(1, run.letters().size(), run.reasons());
			assertTrue(run.reasons().contains("HTTP 400 from POST " + target.url() + "/header/item/inv-2026-001?api_key=***: {\"authorization\":\"Basic ***\"}"),
					run.reasons());
			assertTrue(run.trace().contains("inv-2026-001"), run.trace());
			assertFalse(run.shown().contains("inv-***"), run.shown());
			assertNoPieceOf(Base64.getEncoder().encodeToString("svc:2026".getBytes(StandardCharsets.UTF_8)), run.shown());
		}
	}

	/** A run's dead letters, their traces, and all it showed: the letters' reasons, details and attempts, traces and log. */
	private record Run(List<DeadLetters.DeadLetter> letters, String reasons, String trace, String shown) {
	}

	private static Run run(EchoingTarget target, Path root, String credentials, String... pathAndNames) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		Map<String, String> env = Map.of("BASE", target.url(), "QKEY", HttpTargetProject.QKEY, "BASIC_CREDS", credentials);
		RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(env::get)
				.withLog(print(log));
		Runner.once(options.withFeeds(List.of(feed(root, "plain", pathAndNames))));
		List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
		StringBuilder trace = new StringBuilder();
		try (dev.isthmus.runner.Trails journal = new dev.isthmus.runner.Trails(RunnerOptions.of(generated).withRoot(root).journal())) {
			for (DeadLetters.DeadLetter letter : letters) {
				trace.append(journal.deliveries(letter.correlation())).append('\n');
			}
		}
		return new Run(letters, reasons(letters), trace.toString(), reasons(letters) + text(log) + trace);
	}

	/** No eight characters of the secret in a row: a cut or partial echo shows none of it either. */
	private static void assertNoPieceOf(String secret, String shown) {
		for (int i = 0; i + 8 <= secret.length(); i++) {
			int at = shown.indexOf(secret.substring(i, i + 8));
			if (at >= 0) {
				fail("\"" + secret.substring(i, i + 8) + "\" of a secret is shown: …" + shown.substring(Math.max(0, at - 80), Math.min(shown.length(), at + 40)));
			}
		}
	}

	/** A target that refuses every request with a 400 whose body echoes its credentials, as its path's first segment says. */
	private static final class EchoingTarget implements AutoCloseable {
		private final HttpServer server;

		EchoingTarget() throws IOException {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
			server.setExecutor(Executors.newCachedThreadPool());
			server.createContext("/", exchange -> {
				try (exchange) {
					exchange.getRequestBody().readAllBytes();
					answer(exchange);
				}
			});
			server.start();
		}

		private static void answer(HttpExchange exchange) throws IOException {
			String header = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
			byte[] credentials = header.startsWith("Basic ") ? Base64.getDecoder().decode(header.substring(6)) : new byte[0];
			String said = switch (exchange.getRequestURI().getPath().split("/")[1]) {
				case "header" -> "{\"authorization\":\"" + header + "\"}";
				case "slashed" -> "{\"header\": \"" + header.replace("/", "\\/") + "\"}";
				case "python" -> "{\"password\": \"" + asPythonWrites(new String(credentials, StandardCharsets.UTF_8).replaceFirst("^[^:]*:", "")) + "\"}";
				case "urlsafe" -> "token " + Base64.getUrlEncoder().withoutPadding().encodeToString(credentials) + " is not known";
				case "password" -> "wrong password: " + new String(credentials, StandardCharsets.UTF_8).replaceFirst("^[^:]*:", "");
				// the runner keeps 2000 characters: the cut falls in the middle of the credentials' base64
				default -> "x".repeat(1970) + "Authorization: " + header;
			};
			byte[] body = said.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(400, body.length);
			exchange.getResponseBody().write(body);
		}

		/** As Python's json.dumps writes it by default: every character past ASCII as a backslash, u and four hex digits. */
		private static String asPythonWrites(String text) {
			StringBuilder out = new StringBuilder();
			text.chars().forEach(c -> out.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
			return out.toString();
		}

		String url() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}
}
