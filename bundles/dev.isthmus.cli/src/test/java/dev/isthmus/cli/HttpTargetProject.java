package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * The HTTP target project ({@code src/test/resources/runner-http}) as the runner's tests run it against an
 * {@link HttpTargetApi}: its endpoints' environment (a key in the URL's query, basic credentials), records fed to its
 * webhook endpoints (fed, or posted to a running runner), and what its log and dead letters say.
 */
final class HttpTargetProject {

	static final String NAME = "runner-http";
	static final String QKEY = "QSECRET_4242";
	static final ObjectMapper JSON = new ObjectMapper();
	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private HttpTargetProject() {
	}

	/** A run against {@code api}, without a management port, logging to {@code log}; {@code extra} sets more variables. */
	static RunnerOptions options(Path generated, Path root, HttpTargetApi api, ByteArrayOutputStream log, Map<String, String> extra) {
		Map<String, String> env = new HashMap<>();
		env.put("BASE", api.url());
		env.put("QKEY", QKEY);
		env.put("BASIC_CREDS", "alice:s3cr3t-pass");
		env.putAll(extra);
		return RunnerOptions.of(generated).withRoot(root).withPorts("127.0.0.1", 0, -1).withEnvironment(env::get)
				.withLog(RunnerTestProjects.print(log));
	}

	/** Records for a webhook endpoint, fed as with {@code --feed}: each {@code path/name} one record. */
	static RunnerOptions.Feed feed(Path root, String endpoint, String... pathAndNames) throws IOException {
		StringBuilder lines = new StringBuilder();
		int n = 0;
		for (String pathAndName : pathAndNames) {
			int slash = pathAndName.indexOf('/');
			lines.append(JSON.createObjectNode().put("id", endpoint + "-" + n++).put("path", pathAndName.substring(0, slash))
					.put("name", pathAndName.substring(slash + 1))).append('\n');
		}
		Path file = Files.createTempFile(root, endpoint, ".ndjson");
		Files.writeString(file, lines);
		return new RunnerOptions.Feed("Src." + endpoint, file);
	}

	/** A record posted to the running runner's /plain webhook, which must take it (a 2xx answer). */
	static void post(Runner runner, String record) throws Exception {
		HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.webhookPort() + "/plain"))
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(record)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());
	}

	/** The dead letters' reasons, details and attempts, a line each: what an assertion about them shows. */
	static String reasons(List<DeadLetters.DeadLetter> letters) {
		StringBuilder s = new StringBuilder();
		letters.forEach(l -> s.append(l.reason()).append(" | ").append(l.details()).append(" | ").append(l.attempts()).append('\n'));
		return s.toString();
	}

	/** The log's {@code delivery.retrying} lines, each as JSON. */
	static List<JsonNode> retrying(ByteArrayOutputStream log) throws IOException {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : text(log).split("\n")) {
			if (line.contains("\"delivery.retrying\"")) {
				lines.add(JSON.readTree(line));
			}
		}
		return lines;
	}
}
