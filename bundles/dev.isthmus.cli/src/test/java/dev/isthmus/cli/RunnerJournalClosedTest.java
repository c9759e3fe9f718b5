package dev.isthmus.cli;

import static dev.isthmus.cli.BoundedWaits.await;
import static dev.isthmus.cli.RunnerTestProjects.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.internal.JournalCompaction;

/**
 * The embedded journal's store closes after a write fails (a full disk): H2 then still calls the runner's connections
 * valid and fails every statement on them ("The database has been closed") for good. A review filled a disk under a
 * webhook load, freed it, and the runner answered every webhook 503 until it was restarted. Now its connections open
 * the database again once it can be. The failed write is H2's own panic, raised on the store as a failed write raises
 * it (a full disk cannot be made here without mounting a file system). Seen failing before the fix.
 */
class RunnerJournalClosedTest {

	private static final String PROJECT = """
			system Shop kind product {
			    record Order json {
			        id   : string
			        name : string
			    }
			    endpoint orders webhook "/orders" receives Order
			    endpoint copies file "out" pattern "o-*.ndjson" sends Order
			}
			flow Copy { from Shop.orders idempotent on id for 30d to Shop.copies dead-letter }
			""";

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@Test
	void theRunnerTakesWebhooksAgainOnceItsJournalCanBeOpened(@TempDir Path project, @TempDir Path generated, @TempDir Path root)
			throws Exception {
		Files.writeString(project.resolve("shop.isl"), PROJECT);
		RunnerTestProjects.generateFrom(project, generated);
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		RunnerOptions options = RunnerTestProjects.options(generated, root, Map.of()).withPorts("127.0.0.1", 0, 0)
				.withLog(RunnerTestProjects.print(log));
		try (Runner runner = Runner.start(options)) {
			for (int i = 0; i < 5; i++) {
				assertEquals(202, post(runner, "a" + i), text(log));
			}
			await("the first records delivered", () -> delivered(root).size() == 5);

			panic(options.journal());

			for (int i = 0; i < 5; i++) {
				String id = "b" + i;
				await("webhook " + id + " taken again", () -> post(runner, id) == 202);
			}
			await("every record delivered once, the later ones too", () -> delivered(root).size() == 10);
			await("/health up again", () -> health(runner).contains("\"status\":\"up\""));
			assertEquals(Set.of("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4"), new TreeSet<>(delivered(root)), text(log));
		}
		assertTrue(Files.notExists(root.resolve(".isthmus/journal.trace.db")), "H2's own trace file is not written (the runner logs)");
	}

	/**
	 * What a failed write does to the journal's store: H2's panic, called on the store (MVStore#panic, by reflection: this
	 * bundle does not import H2's packages) through a connection of this process to the same database.
	 */
	private static void panic(String journalUrl) throws Exception {
		try (Connection c = DriverManager.getConnection(journalUrl)) {
			Object store = JournalCompaction.class.getMethod("store", Connection.class).invoke(null, c);
			try {
				store.getClass().getMethod("panic", Throwable.class).invoke(store, new java.io.IOException("No space left on device"));
			} catch (java.lang.reflect.InvocationTargetException thrownAsAPanicIs) {
				// the panic is thrown to its caller too
			}
		} catch (SQLException closedWithIt) {
			// the test's own connection goes with the database
		}
	}

	private static int post(Runner runner, String id) {
		try {
			return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.webhookPort() + "/orders"))
					.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"name\":\"n\"}"))
					.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
		} catch (Exception e) {
			return -1;
		}
	}

	private static String health(Runner runner) {
		try {
			return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort() + "/health")).build(),
					HttpResponse.BodyHandlers.ofString()).body();
		} catch (Exception e) {
			return "";
		}
	}

	/** The ids in the target directory, a line each (a record delivered twice is there twice). */
	private static java.util.List<String> delivered(Path root) {
		java.util.List<String> ids = new java.util.ArrayList<>();
		Path out = root.resolve("out");
		if (!Files.isDirectory(out)) {
			return ids;
		}
		try (Stream<Path> files = Files.list(out)) {
			for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).toList()) {
				for (String line : Files.readAllLines(file)) {
					ids.add(line.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
				}
			}
		} catch (java.io.IOException e) {
			// a file being renamed into place: read again
		}
		return ids;
	}
}
