package dev.isthmus.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How to run a generated project. Defaults: everything under {@code root} (the current directory): file endpoints'
 * directories, the journal ({@code .isthmus/journal}, an H2 file) and the embedded database of {@code jdbc embedded}
 * endpoints ({@code .isthmus/data}); webhooks on 127.0.0.1:8080, {@code /health} and {@code /metrics} on
 * 127.0.0.1:9464; secrets from the process environment.
 *
 * @param configuration  the folder {@code isthmus generate} wrote
 * @param journalUrl     a JDBC URL for the journal, or {@code null} for the embedded H2 file
 * @param port           the webhook port; 0 picks a free one
 * @param managementPort the port of {@code /health} and {@code /metrics}; 0 picks a free one, -1 turns it off
 * @param feeds          records to accept as if an endpoint had received them: {@code endpoint=file}
 * @param traces         whether to keep each record's trace for {@code isthmus trace}
 * @param keepTraces     how long traces are kept (default 7 days): a runner that runs for months must not keep
 *                       every record's trace for good
 */
public record RunnerOptions(Path configuration, Path root, String journalUrl, String dataUrl, String host, int port,
		int managementPort, Function<String, String> environment, Supplier<Instant> clock, PrintStream log, long bodyLimit,
		int batchSize, boolean traces, java.time.Duration keepTraces, List<Feed> feeds) {

	/** Records from a file (JSON, NDJSON or CSV, by its extension) fed to an endpoint as if it had received them. */
	public record Feed(String endpoint, Path file) {
	}

	public static RunnerOptions of(Path configuration) {
		return new RunnerOptions(configuration, Path.of(""), null, null, "127.0.0.1", 8080, 9464, System::getenv, Instant::now,
				System.err, 1 << 20, 5000, true, java.time.Duration.ofDays(7), List.of());
	}

	public RunnerOptions withRoot(Path value) {
		return edit(o -> o.root = value);
	}

	public RunnerOptions withJournal(String value) {
		return edit(o -> o.journalUrl = value);
	}

	public RunnerOptions withData(String value) {
		return edit(o -> o.dataUrl = value);
	}

	public RunnerOptions withPorts(String bind, int webhooks, int management) {
		return edit(o -> {
			o.host = bind;
			o.port = webhooks;
			o.managementPort = management;
		});
	}

	public RunnerOptions withEnvironment(Function<String, String> value) {
		return edit(o -> o.environment = value);
	}

	public RunnerOptions withClock(Supplier<Instant> value) {
		return edit(o -> o.clock = value);
	}

	public RunnerOptions withLog(PrintStream value) {
		return edit(o -> o.log = value);
	}

	public RunnerOptions withBodyLimit(long bytes) {
		return edit(o -> o.bodyLimit = bytes);
	}

	public RunnerOptions withBatchSize(int records) {
		return edit(o -> o.batchSize = records);
	}

	public RunnerOptions withTraces(boolean keep) {
		return edit(o -> o.traces = keep);
	}

	public RunnerOptions withKeptTraces(java.time.Duration value) {
		return edit(o -> o.keepTraces = value);
	}

	public RunnerOptions withFeeds(List<Feed> value) {
		return edit(o -> o.feeds = List.copyOf(value));
	}

	/** A copy with some options changed: the withers above each change theirs. */
	private RunnerOptions edit(java.util.function.Consumer<Draft> change) {
		Draft d = new Draft(this);
		change.accept(d);
		return new RunnerOptions(d.configuration, d.root, d.journalUrl, d.dataUrl, d.host, d.port, d.managementPort, d.environment,
				d.clock, d.log, d.bodyLimit, d.batchSize, d.traces, d.keepTraces, d.feeds);
	}

	private static final class Draft {
		Path configuration, root;
		String journalUrl, dataUrl, host;
		int port, managementPort, batchSize;
		Function<String, String> environment;
		Supplier<Instant> clock;
		PrintStream log;
		long bodyLimit;
		boolean traces;
		java.time.Duration keepTraces;
		List<Feed> feeds;

		Draft(RunnerOptions o) {
			configuration = o.configuration;
			root = o.root;
			journalUrl = o.journalUrl;
			dataUrl = o.dataUrl;
			host = o.host;
			port = o.port;
			managementPort = o.managementPort;
			environment = o.environment;
			clock = o.clock;
			log = o.log;
			bodyLimit = o.bodyLimit;
			batchSize = o.batchSize;
			traces = o.traces;
			keepTraces = o.keepTraces;
			feeds = o.feeds;
		}
	}

	/**
	 * H2 writes a commit out after up to half a second by default; a runner answers a webhook or marks a delivery
	 * right after its commit, so commits are written at once. That survives a killed process; surviving a power
	 * cut takes a database server (--journal).
	 */
	// DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under a runner stopping on SIGTERM,
	// failing the batches it is committing ("Database is already closed"); the runner closes it itself.
	static final String H2_DURABLE = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0";

	/** The journal's JDBC URL: the one given, else an H2 file under the root. */
	public String journal() {
		return journalUrl != null ? dev.isthmus.runner.internal.EmbeddedH2.durable(journalUrl)
				: "jdbc:h2:file:" + root.toAbsolutePath().normalize().resolve(".isthmus/journal") + H2_DURABLE;
	}

	/** The embedded database of {@code jdbc embedded} endpoints. */
	public String data() {
		return dataUrl != null ? dev.isthmus.runner.internal.EmbeddedH2.durable(dataUrl)
				: "jdbc:h2:file:" + root.toAbsolutePath().normalize().resolve(".isthmus/data") + H2_DURABLE;
	}
}
