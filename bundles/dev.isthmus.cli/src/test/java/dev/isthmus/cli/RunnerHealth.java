package dev.isthmus.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.isthmus.runner.Runner;

/** What a running runner's management port answers: its /health, and whether it says a status and why. */
final class RunnerHealth {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private RunnerHealth() {
	}

	/** The answer to a GET of {@code path} ("/metrics") on the management port. */
	static HttpResponse<String> management(Runner runner, String path) throws Exception {
		return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> health(Runner runner) throws Exception {
		return management(runner, "/health");
	}

	/**
	 * Whether /health answers {@code status} (with 200 for "up", 503 otherwise) and its body holds each of {@code texts};
	 * false while it cannot be asked, so that a bounded wait asks again.
	 */
	static boolean healthSays(Runner runner, String status, String... texts) {
		try {
			HttpResponse<String> h = health(runner);
			boolean all = h.body().contains("\"status\":\"" + status + "\"") && h.statusCode() == (status.equals("up") ? 200 : 503);
			for (String text : texts) {
				all &= h.body().contains(text);
			}
			return all;
		} catch (Exception e) {
			return false;
		}
	}
}
