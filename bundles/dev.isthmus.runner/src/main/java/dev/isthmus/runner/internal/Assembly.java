package dev.isthmus.runner.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.config.ConfigurationException;
import dev.isthmus.config.ConfigurationLoader;
import dev.isthmus.config.GeneratedProject;
import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.LookupFiles;
import dev.isthmus.engine.LookupTable;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/**
 * Builds a runner's parts from a generated project and checks them before anything runs: configuration, the root
 * (one runner per root, see {@link RootLock}), secrets and URLs from the environment, the journal, databases and
 * tables, directories, ports. All problems are collected and reported together (a root in use or a journal that
 * cannot be opened ends the checks at once); on any, everything opened so far is closed again.
 */
public final class Assembly implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	public final Journal journal;
	public final Metrics metrics = new Metrics();
	public final JsonLog log;
	public final Environment environment;
	public final List<FlowWorker> workers = new ArrayList<>();
	public final List<Deliverer> deliverers = new ArrayList<>();
	/** The files the file sources moved to failed/, for the run's summary. */
	public final UnreadFiles unreadFiles = new UnreadFiles();
	private final List<WebhookServer.Hook> hooks = new ArrayList<>();
	private final Map<String, List<String>> flowsByEndpoint = new TreeMap<>();
	/** The directories of endpoints that read CSV files, which --feed refuses (its records are JSON). */
	private final Map<String, String> csvDirectories = new HashMap<>();
	/** The encodings of file sources that are not UTF-8: {@code --feed} reads a sample for them as they read files. */
	private final Map<String, java.nio.charset.Charset> feedEncodings = new HashMap<>();
	/** The endpoints flows call ({@code enrich … with call}), each once for all flows; {@code null} for one that cannot be. */
	private final Map<String, HttpCall> calls = new HashMap<>();
	private final RunnerOptions options;
	private WebhookServer webhooks;
	private ManagementServer management;
	/** This runner's hold on its root, released last. */
	private final RootLock root;

	/** What this start created on disk, taken back if it is refused. */
	private final NewFiles created;
	/** What /health says: the runner's state and what fails now. */
	public final RunnerHealth health;

	private Assembly(RunnerOptions options, Journal journal, RootLock root, Environment environment, JsonLog log, NewFiles created) {
		this.options = options;
		this.root = root;
		this.created = created;
		this.health = new RunnerHealth(journal, environment);
		this.journal = journal;
		this.environment = environment;
		this.log = log;
	}

	private static String host() {
		// Not InetAddress.getLocalHost(): on a machine whose name does not resolve it waits for DNS.
		String name = System.getenv("HOSTNAME");
		if (name == null || name.isBlank()) {
			try {
				name = Files.readString(Path.of("/etc/hostname")).strip();
			} catch (IOException | RuntimeException e) {
				name = "";
			}
		}
		return name.isBlank() ? "this host" : name;
	}

	/**
	 * The runner's parts, checked; a refused start says why in the log too ({@code runner.refused}), before the
	 * command's plain lines: a log collector reading the JSON lines saw nothing of it (the notes' left-out).
	 */
	public static Assembly build(RunnerOptions options, boolean listen) throws StartupException {
		try {
			return assemble(options, listen);
		} catch (StartupException e) {
			if (!e.started()) {
				Environment environment = new Environment(options.environment());
				environment.credentialsIn(options.journal());
				environment.credentialsIn(options.data());
				sayRefused(new JsonLog(options.log(), environment), e);
			}
			throw e;
		}
	}

	/** A refused start in the log: every problem, as the command's plain lines say them after it. */
	public static void sayRefused(JsonLog log, StartupException e) {
		log.error("runner.refused", "problems", e.problems().size(), "reason", String.join("; ", e.problems()));
	}

	private static Assembly assemble(RunnerOptions options, boolean listen) throws StartupException {
		GeneratedProject project;
		try {
			project = ConfigurationLoader.load(options.configuration());
		} catch (ConfigurationException e) {
			// Every problem of every file, each on its own line; the other checks need a configuration to read.
			List<String> problems = new ArrayList<>();
			e.problems().forEach(p -> problems.add("invalid configuration: " + p));
			problems.add("the other start-up checks (environment variables, request headers, databases and tables, ports) run once the configuration"
					+ " is valid");
			throw new StartupException(problems);
		}
		Environment environment = new Environment(options.environment());
		// A password in the journal's or the data's URL is scrubbed from every message and log line like a secret.
		environment.credentialsIn(options.journal());
		environment.credentialsIn(options.data());
		JsonLog log = new JsonLog(options.log(), environment);
		String holder = "process " + ProcessHandle.current().pid() + " on " + host() + ", since " + Instant.now();
		JournalOpening.refuseInMemory(options.journal());
		// A refused start takes back what it created (a journal, folders): see NewFiles.
		NewFiles created = new NewFiles();
		// The root first: a second runner on it is refused before it opens a journal or looks at a directory. A run
		// that writes nothing under its root takes no lock, so that its root may be read-only (see RootLock.usedBy).
		RootLock root = RootLock.usedBy(project, options) ? RootLock.take(options.root(), holder, created) : RootLock.NONE;
		created.noteDatabase(EmbeddedH2.file(options.journal()));
		created.noteDatabase(EmbeddedH2.file(options.data()));
		Journal journal;
		try {
			journal = JournalOpening.open(options.journal(), holder, environment, log);
		} catch (StartupException e) {
			root.close();
			created.undo();
			throw e;
		}
		Assembly assembly = new Assembly(options, journal, root, environment, log, created);
		try {
			// Watched from here on: a data database that does not answer held the start, silent, for as long as it did
			// (review 35); the watch says what waits on which database after 10 s, as it does for a running runner's steps.
			journal.watch().start(log);
			journal.watch().stepping("the runner's start-up checks");
			try {
				assembly.wire(project, listen);
			} finally {
				journal.watch().stepped();
			}
			return assembly;
		} catch (StartupException e) {
			assembly.close();
			created.undo();
			throw e;
		} catch (RuntimeException e) {
			assembly.close();
			created.undo();
			throw new StartupException("cannot start: " + e);
		}
	}

	private void wire(GeneratedProject project, boolean listen) throws StartupException {
		List<String> problems = new ArrayList<>();
		Roots roots;
		try {
			roots = new Roots(options.root(), created);
		} catch (IOException e) {
			throw new StartupException("cannot use the root directory " + options.root().toAbsolutePath() + ": " + e.getMessage());
		}
		Endpoints endpoints = new Endpoints(options.data(), roots, environment, log, journal.id());
		Path configuration = options.configuration();
		Map<String, String> schemaTexts = new HashMap<>();
		java.util.function.Function<String, String> schemas = file -> schemaTexts.computeIfAbsent(file, f -> {
			try {
				return Files.readString(configuration.resolve("schemas").resolve(f));
			} catch (IOException e) {
				return null;
			}
		});
		// Before any worker: each writes the dead letters of its flow, and their copies (see DeadLetterCopies).
		journal.deadLetterCopies(DeadLetterCopies.of(project.flows(), (config, record) -> shape(config, record, schemas)));
		Map<String, JsonNode> sendingEndpoints = new LinkedHashMap<>();
		Map<String, JsonNode> shapesOfEndpoints = new HashMap<>();
		Map<String, String> fileSources = new HashMap<>();
		for (Map.Entry<String, JsonNode> entry : project.flows().entrySet()) {
			String flow = entry.getKey();
			JsonNode config = entry.getValue();
			Map<String, LookupTable> lookups;
			try {
				lookups = LookupFiles.load(config, configuration);
			} catch (LookupFiles.BadEntry e) {
				// (the file is the generated configuration's copy: the project's own is where to correct it)
				problems.add("flow " + flow + ": " + e.getMessage() + "; correct the project's lookup file and generate again");
				continue;
			} catch (IOException e) {
				problems.add("flow " + flow + ": a lookup file cannot be read (" + e.getMessage() + "); generate the project again so"
						+ " that its lookup files are copied beside the configuration");
				continue;
			}
			FlowEngine engine = new FlowEngine(config, schemas, lookups, options.clock());
			HttpCalls flowCalls = HttpCalls.of(config, calls, endpoints, metrics, problems);
			if (flowCalls != null) {
				engine.endpointCalls(flowCalls);
			}
			Connection connection;
			try {
				connection = journal.connect();
			} catch (SQLException e) {
				throw new StartupException("cannot connect to the journal: " + environment.redact(e.getMessage()));
			}
			FlowWorker worker = new FlowWorker(config, engine, journal, connection, options.clock(), metrics, log, environment, options.traces(),
					options.keepTraces());
			if (flowCalls != null) {
				worker.callsAhead(new CallsAhead(new FlowEngine(config, schemas, lookups, options.clock()), flowCalls));
			}
			workers.add(worker);
			worker.addSource(new InboxSource(flow));
			String sourceName = config.path("source").path("endpoint").asText();
			JsonNode source = config.path("endpoints").path(sourceName);
			JsonNode shape = shape(config, source.path("record").asText(), schemas);
			flowsByEndpoint.computeIfAbsent(sourceName, k -> new ArrayList<>()).add(flow);
			String where = "flow " + flow + ", source " + sourceName;
			JsonNode transport = source.path("transport");
			switch (transport.path("kind").asText()) {
				case "file" -> {
					if ("csv".equals(source.path("format").asText())) {
						csvDirectories.put(sourceName, transport.path("directory").asText());
					}
					String other = fileSources.put(sourceName, flow);
					if (other != null) {
						problems.add(where + ": flow " + other + " reads the same directory; a file can be consumed by one flow only"
								+ " — give each flow its own endpoint");
						break;
					}
					java.nio.charset.Charset encoding = FileEncoding.of(transport, where, false, problems);
					if (encoding == null) {
						break;
					}
					feedEncodings.put(sourceName, encoding);
					try {
						// A runner that keeps running may see a file while its producer still writes it; --once reads
						// what is there when it starts.
						worker.addSource(new FileSource(flow, sourceName, roots.directory(transport.path("directory").asText(), where),
								transport.path("pattern").asText(null), source.path("format").asText("json"), new CsvRecords(shape), roots, log,
								listen ? WaitingFiles.QUIET : java.time.Duration.ZERO, unreadFiles, encoding));
					} catch (IOException e) {
						problems.add(e.getMessage());
					}
				}
				case "jdbc" -> {
					String url = endpoints.jdbcUrl(transport, where, problems);
					if (url != null) {
						try {
							List<String> keys = new ArrayList<>();
							transport.path("keyColumns").forEach(k -> keys.add(k.asText()));
							worker.addSource(new JdbcSource(flow, sourceName, url, transport.path("table").asText(null),
									transport.path("query").asText(null), keys, shape, log));
						} catch (SQLException e) {
							problems.add(where + ": " + environment.redact(e.getMessage()));
						}
					}
				}
				case "webhook" -> {
					if (hooks.stream().noneMatch(h -> h.endpoint().equals(sourceName))) {
						JsonNode signature = source.get("signature");
						// One webhook for every flow reading it: named so, not by the first flow alone (review 34).
						List<String> readers = project.flows().entrySet().stream()
								.filter(f -> f.getValue().path("source").path("endpoint").asText().equals(sourceName)).map(f -> "flow " + f.getKey()).toList();
						String hookWhere = "endpoint " + sourceName + " (read by " + String.join(", ", readers) + ")";
						// Without listening (--once) no signature is checked, so its secret is not needed.
						String secret = !listen || signature == null || !signature.has("secret") ? null
								: environment.secret(signature.get("secret"), hookWhere + ", signature");
						if (listen && signature != null && !signature.has("secret")) {
							problems.add(hookWhere + ": its signature names no secret to check requests with; " + Endpoints.SECRET_LEFT_OUT);
						}
						hooks.add(new WebhookServer.Hook(sourceName, transport.path("path").asText(), flowsByEndpoint.get(sourceName),
								signature == null ? null : signature.path("scheme").asText(), signature == null ? null : signature.path("header").asText(),
								signature == null ? null : signature.path("timestamp").asText(null),
								signature == null ? null : signature.path("signs").asText(null), secret, Duration.parse(signature == null ? "PT5M" : signature.path("tolerance").asText("PT5M"))));
					}
				}
				default -> problems.add(source.isMissingNode() || transport.path("kind").asText().isEmpty()
						? where + ": the flow's configuration does not describe this endpoint (flows/" + flow + ".json has no \"endpoints\" entry"
								+ " with a transport for it); generate the project again"
						: where + ": the runner receives webhooks and reads directories and tables; reading from an "
								+ transport.path("kind").asText() + " endpoint is not supported — use a webhook or a file drop");
			}
			config.path("endpoints").fields().forEachRemaining(e -> {
				if (!e.getKey().equals(sourceName) && !e.getValue().path("direction").asText().equals("receives")) {
					sendingEndpoints.putIfAbsent(e.getKey(), e.getValue());
					metrics.declareDeliveries(flow, e.getKey());
					shapesOfEndpoints.putIfAbsent(e.getKey(), shape(config, e.getValue().path("record").asText(), schemas));
				}
			});
		}
		Map<String, Sink> sinks = new HashMap<>();
		for (Map.Entry<String, JsonNode> e : sendingEndpoints.entrySet()) {
			Sink sink = endpoints.sink(e.getKey(), e.getValue(), shapesOfEndpoints.get(e.getKey()), problems);
			if (sink != null) {
				sinks.put(e.getKey(), sink);
				try {
					deliverers.add(new Deliverer(e.getKey(), sink, journal, options.clock(), metrics, log, environment));
				} catch (SQLException x) {
					throw new StartupException("cannot connect to the journal: " + x.getMessage());
				}
			}
		}
		TargetPolicies.handTo(sinks, project.flows(), log);
		for (Deliverer d : deliverers) {
			if (d.packs()) {
				workers.forEach(w -> w.packTo(d.endpoint()));
			}
		}
		for (String missing : environment.missing()) {
			problems.add("environment variable " + missing + "; give it its value (secrets are only ever read from the environment,"
					+ " or from --env-file)");
		}
		if (listen) {
			ListenPorts.check(options.host(), hooks.isEmpty() ? -1 : options.port(), options.managementPort(), problems);
		}
		if (!problems.isEmpty()) {
			throw new StartupException(problems);
		}
		deadLetterStrandedWork();
		for (FlowWorker worker : workers) {
			try {
				worker.restore();
			} catch (SQLException e) {
				throw new StartupException("flow " + worker.flow() + ": cannot read its open windows from the journal: " + e.getMessage());
			}
		}
		for (Deliverer d : deliverers) {
			metrics.gauge("isthmus_queue_depth", Metrics.labels("endpoint", d.endpoint()), () -> {
				try {
					return d.pending();
				} catch (SQLException x) {
					throw new IllegalStateException(x);
				}
			});
		}
		if (listen) {
			listen();
		}
	}

	/**
	 * What the journal holds for flows and endpoints this configuration has no longer becomes dead letters (see
	 * {@link StrandedWork}): a gone endpoint's deliveries through a deliverer of their own, which the run drains like any.
	 */
	private void deadLetterStrandedWork() throws StartupException {
		try (Connection c = journal.connect()) {
			String foreign = StrandedWork.anotherProjects(c, flowNames(), environment.redact(options.journal().split(";")[0]));
			if (foreign != null) {
				throw new StartupException(foreign);
			}
			for (String gone : strandedEndpoints(c, true)) {
				deliverers.add(new Deliverer(gone, new StrandedWork.GoneEndpoint(gone), journal, options.clock(), metrics, log, environment));
			}
		} catch (SQLException e) {
			throw new StartupException("cannot read the journal's waiting records: " + e.getMessage());
		}
	}

	/**
	 * For a running runner, now and then: what reached the journal since the start for endpoints and flows this
	 * configuration has not — a dead letter replayed to one (`isthmus dlq replay` writes the journal, not the runner) —
	 * becomes a dead letter again now rather than at the next start.
	 */
	public void deadLetterStrandedSinceStart() throws Exception {
		try (Connection c = journal.connect()) {
			for (String gone : strandedEndpoints(c, false)) {
				try (Deliverer d = new Deliverer(gone, new StrandedWork.GoneEndpoint(gone), journal, options.clock(), metrics, log, environment)) {
					while (d.deliverDue() > 0) {
						// each batch of the endpoint's rows a dead letter, until none is left
					}
				}
			}
		}
	}

	/**
	 * Makes the inbox records of flows this configuration has not dead letters and (at the start) says what else of
	 * them the journal keeps; returns the endpoints it has not that deliveries wait for, said and made due.
	 */
	private java.util.Set<String> flowNames() {
		java.util.Set<String> flows = new java.util.HashSet<>();
		workers.forEach(w -> flows.add(w.flow()));
		return flows;
	}

	private java.util.Set<String> strandedEndpoints(Connection c, boolean atStart) throws SQLException {
		java.util.Set<String> flows = flowNames();
		java.util.Set<String> endpoints = new java.util.HashSet<>();
		deliverers.forEach(d -> endpoints.add(d.endpoint()));
		Instant now = options.clock().get();
		StrandedWork.inboxOfGoneFlows(c, flows, now, log);
		if (atStart) {
			StrandedWork.sayHeldOfGoneFlows(c, flows, log);
			StrandedWork.sayKeysOfGoneFlows(c, flows, now, log);
		}
		Map<String, Long> gone = StrandedWork.goneEndpoints(c, endpoints, now);
		gone.forEach((endpoint, deliveries) -> StrandedWork.sayGoneEndpoint(log, endpoint, deliveries));
		return gone.keySet();
	}

	private void listen() throws StartupException {
		if (!hooks.isEmpty() || options.managementPort() >= 0) {
			// Before the first server starts: the JDK reads it then, once (see WholeRequests).
			WholeRequests.limit(options.bodyLimit());
		}
		if (!hooks.isEmpty()) {
			for (WebhookServer.Hook hook : hooks) {
				if (hook.secret() == null && hook.scheme() != null) {
					throw new StartupException("webhook " + hook.path() + " has no secret");
				}
			}
			try {
				webhooks = new WebhookServer(new InetSocketAddress(options.host(), options.port()), hooks, journal, options.bodyLimit(),
						options.clock(), metrics, log, this::wake);
			} catch (BindException e) {
				throw new StartupException(ListenPorts.inUse(options.host(), options.port(), "webhook port", "--port"));
			} catch (IOException e) {
				throw new StartupException("cannot listen for webhooks on " + options.host() + ":" + options.port() + ": " + e.getMessage());
			}
			for (WebhookServer.Hook hook : hooks) {
				metrics.declareRejections(hook.endpoint(), hook.scheme() != null);
			}
		}
		if (options.managementPort() >= 0) {
			try {
				management = new ManagementServer(new InetSocketAddress(options.host(), options.managementPort()), metrics, () -> health.render(workers.size(), deliverers.size()),
						health::renderLive);
			} catch (BindException e) {
				throw new StartupException(ListenPorts.inUse(options.host(), options.managementPort(), "management port", "--management-port"));
			} catch (IOException e) {
				throw new StartupException("cannot listen for /health and /metrics: " + e.getMessage());
			}
		}
	}

	private final Object signal = new Object();

	/** Wakes the flow workers: a record arrived. */
	public void wake() {
		synchronized (signal) {
			signal.notifyAll();
		}
	}

	/** Waits for a record to arrive, at most {@code millis}. */
	public void await(long millis) throws InterruptedException {
		synchronized (signal) {
			signal.wait(millis);
		}
	}

	public int webhookPort() {
		return webhooks == null ? -1 : webhooks.port();
	}

	public int managementPort() {
		return management == null ? -1 : management.port();
	}

	/** Calls (enrich … with call) end their waits once {@code stop} says so; the flow's batch is read again after. */
	public void stopCallsWhen(java.util.function.BooleanSupplier stop) {
		calls.values().stream().filter(java.util.Objects::nonNull).forEach(c -> c.stopWhen(stop));
	}

	public void stopIntake() {
		if (webhooks != null) {
			webhooks.stopIntake();
		}
	}

	/** What a feed journaled: its records, and those it dead-lettered itself (too long for the journal), by flow. */
	public record Fed(int records, Map<String, Long> deadLettered) {
	}

	/** Flows reading an endpoint, for feeds. */
	public List<String> flowsReading(String endpoint) {
		return flowsByEndpoint.getOrDefault(endpoint, List.of());
	}

	private static JsonNode shape(JsonNode config, String record, java.util.function.Function<String, String> schemas) {
		String file = config.path("shapes").path(record).asText(null);
		if (file == null) {
			return null;
		}
		String text = schemas.apply(file.substring(file.indexOf('/') + 1));
		try {
			return text == null ? null : JSON.readTree(text);
		} catch (IOException e) {
			return null;
		}
	}

	/** Journals a fed file's records for the flows that read its endpoint (see {@link Feeds}). */
	public Fed feed(RunnerOptions.Feed feed) throws StartupException {
		Feeds feeds = new Feeds(journal, log, options.clock(), flowsByEndpoint, csvDirectories, feedEncodings);
		return new Fed(feeds.feed(feed), feeds.deadLettered());
	}

	@Override
	public void close() {
		if (webhooks != null) {
			webhooks.close();
		}
		if (management != null) {
			management.close();
		}
		workers.forEach(FlowWorker::close);
		deliverers.forEach(Deliverer::close);
		calls.values().stream().filter(java.util.Objects::nonNull).forEach(HttpCall::close);
		journal.close();
		if (compactJournal) {
			compactJournal();
		}
		root.close();
	}

	/**
	 * Set by a {@code run --once} that drained its sources: at close, once the journal's connections are closed and
	 * before the root is given up, an embedded journal file mostly dead is rewritten (see {@link JournalCompaction#rewriteIfMostlyDead}).
	 * A running runner's compacts as it runs (see {@link Compactor}); a stopped one's stop is kept short.
	 */
	public boolean compactJournal;

	private void compactJournal() {
		try {
			JournalCompaction.Full full = JournalCompaction.rewriteIfMostlyDead(options.journal());
			if (full != null) {
				full.say(log);
			}
		} catch (IOException | java.sql.SQLException | RuntimeException e) {
			// The file stays as it was (H2 replaces it only once the new one is whole); the next run tries again.
			log.warn("journal.compaction-failed", "database", "journal", "reason", String.valueOf(e.getMessage()), "message",
					"the journal file was not compacted at the end of the run (" + e.getMessage() + "); it is as it was, and the next run tries again");
		}
	}
}
