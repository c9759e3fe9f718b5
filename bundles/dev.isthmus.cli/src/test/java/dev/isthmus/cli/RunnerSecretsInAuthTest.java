package dev.isthmus.cli;

import static dev.isthmus.cli.HttpTargetProject.feed;
import static dev.isthmus.cli.HttpTargetProject.reasons;
import static dev.isthmus.cli.RunnerTestProjects.deadLetters;
import static dev.isthmus.cli.RunnerTestProjects.print;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		try (EchoingTarget target = new EchoingTarget()) {
			Map<String, String> env = Map.of("BASE", target.url(), "QKEY", HttpTargetProject.QKEY, "BASIC_CREDS", CREDENTIALS);
			RunnerOptions options = RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(env::get)
					.withLog(print(log));
			Runner.once(options.withFeeds(List.of(feed(root, "plain", "header/x", "urlsafe/x", "password/x", "cut/x"))));

			List<DeadLetters.DeadLetter> letters = deadLetters(generated, root);
			assertEquals(4, letters.size(), reasons(letters));
			StringBuilder shown = new StringBuilder(reasons(letters)).append(text(log));
			try (DeadLetters journal = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
				for (DeadLetters.DeadLetter letter : letters) {
					shown.append(journal.deliveries(letter.correlation())).append('\n');
				}
			}
			byte[] bytes = CREDENTIALS.getBytes(StandardCharsets.UTF_8);
			for (String secret : List.of(Base64.getEncoder().encodeToString(bytes), Base64.getUrlEncoder().encodeToString(bytes), PASSWORD)) {
				assertNoPieceOf(secret, shown.toString());
			}
			// Still useful: what the target said, the credentials in it scrubbed as a bearer token is.
			assertTrue(reasons(letters).contains("HTTP 400 from POST " + target.url() + "/header/item/x?api_key=***: {\"authorization\":\"Basic ***\"}"),
					reasons(letters));
			assertTrue(reasons(letters).contains("wrong password: ***"), reasons(letters));
		}
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
				case "urlsafe" -> "token " + Base64.getUrlEncoder().withoutPadding().encodeToString(credentials) + " is not known";
				case "password" -> "wrong password: " + new String(credentials, StandardCharsets.UTF_8).replaceFirst("^[^:]*:", "");
				// the runner keeps 2000 characters: the cut falls in the middle of the credentials' base64
				default -> "x".repeat(1970) + "Authorization: " + header;
			};
			byte[] body = said.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(400, body.length);
			exchange.getResponseBody().write(body);
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
