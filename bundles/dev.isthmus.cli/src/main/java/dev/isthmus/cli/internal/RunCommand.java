package dev.isthmus.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunSummary;
import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;
import dev.isthmus.runner.StartupException;

/** {@code isthmus run <config-dir>}: the headless runner, until stopped or, with {@code --once}, until drained. */
public final class RunCommand implements Command {

	@Override
	public String name() {
		return "run";
	}

	@Override
	public String summary() {
		return "Run a generated project's flows against real endpoints, with a durable journal";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus run <generated-folder> [options]

				Runs every flow of the folder 'isthmus generate' wrote: webhooks in, files and tables polled,
				deliveries to directories, HTTP APIs and tables, with idempotency, retries and dead letters kept
				in a journal. Runs until stopped (Ctrl+C or SIGTERM: intake stops, work in flight is committed,
				and it exits within seconds); with --once it drains its sources, delivers what is due and exits.
				Logs are JSON lines on standard error; the summary goes to standard output.

				Options:
				  --once                   drain the sources, deliver what is due, print a summary and exit
				  --root <dir>             file endpoints' directories and the embedded databases live here
				                           (default: the current directory; the journal is <dir>/.isthmus/journal)
				  --journal <jdbc-url>     keep the journal in this database instead of the embedded H2 file
				  --data <jdbc-url>        the database of 'jdbc embedded' endpoints (default <dir>/.isthmus/data)
				  --feed <endpoint>=<file> accept a JSON or NDJSON file's records as if the endpoint had received
				                           them; the file may be a glob (repeatable; e.g.
				                           Stripe.events='samples/stripe-*.json')
				  --env-file <file>        variables the environment does not set, as docker's .env files have them
				                           (repeatable: a later file's value wins over an earlier one's)
				                           (UTF-8): a line is NAME=value or export NAME=value; 'value' is taken as
				                           written, "value" too but for \\" (a quote); an unquoted value ends at a #
				                           after a space (# comment), while http://h/#frag keeps its #; a line
				                           that starts with # is a comment
				  --bind <host>            address of the webhook and management ports (default 127.0.0.1)
				  --port <n>               webhook port (default 8080; 0 picks a free one)
				  --management-port <n>    /health and /metrics (default 9464; 0 picks a free one; off)
				  --max-body <bytes>       webhook body limit (default 1048576)
				  --batch <n>              records per journal transaction (default 5000)
				  --no-traces              do not keep per-record traces (isthmus trace then finds nothing)
				  --keep-traces <age>      how long traces are kept, 1s to 3650d, e.g. 12h, 30d (default 7d)

				Exit codes: 0 ran (dead letters and files that could not be read are listed, not failures),
				1 refused to start, a --once run stopped by a failure (its summary printed), or a runner stopped by
				a failure of one of its threads (said), 2 wrong usage, 3 out of memory (the launcher ends the JVM:
				what was acknowledged is in the journal; start it again with more, JAVA_OPTS=-Xmx...). Stopped by
				SIGTERM or SIGINT (Ctrl+C), it exits as the JVM does, with 143 or 130 (systemd: SuccessExitStatus=143).
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		Path folder = null;
		boolean once = false;
		Path root = Path.of("");
		String journal = null;
		String data = null;
		String bind = "127.0.0.1";
		int port = 8080;
		int management = 9464;
		long maxBody = 1 << 20;
		int batch = 5000;
		boolean traces = true;
		java.time.Duration keepTraces = java.time.Duration.ofDays(7);
		List<Path> envFiles = new ArrayList<>();
		List<String[]> feeds = new ArrayList<>();
		try {
			for (int i = 0; i < args.length; i++) {
				String a = args[i];
				switch (a) {
					case "--once" -> once = true;
					case "--no-traces" -> traces = false;
					case "--keep-traces" -> keepTraces = keptFor(value(args, ++i, a));
					case "--root" -> root = Path.of(value(args, ++i, a));
					case "--journal" -> journal = value(args, ++i, a);
					case "--data" -> data = value(args, ++i, a);
					case "--bind" -> bind = value(args, ++i, a);
					case "--port" -> port = (int) number(value(args, ++i, a), a, 0, 65535, "a port number, 0 for any free one");
					case "--management-port" -> {
						String v = value(args, ++i, a);
						management = v.equals("off") ? -1 : (int) number(v, a, 0, 65535, "a port number, 0 for any free one, or off");
					}
					case "--max-body" -> maxBody = number(value(args, ++i, a), a, 1, Long.MAX_VALUE, "a number of bytes");
					case "--batch" -> batch = (int) number(value(args, ++i, a), a, 1, 1_000_000, "records per journal transaction, 1 to 1000000");
					case "--env-file" -> envFiles.add(Path.of(value(args, ++i, a)));
					case "--feed" -> {
						String v = value(args, ++i, a);
						int eq = v.indexOf('=');
						if (eq <= 0) {
							throw new IllegalArgumentException("--feed takes <endpoint>=<file>, e.g. Stripe.events=samples/invoice.json");
						}
						feeds.add(new String[] { v.substring(0, eq), v.substring(eq + 1) });
					}
					default -> {
						if (a.startsWith("-") || folder != null) {
							throw new IllegalArgumentException("unknown argument '" + a + "'");
						}
						folder = Path.of(a);
					}
				}
			}
		} catch (IllegalArgumentException e) {
			err.println("isthmus run: " + e.getMessage() + ". Run 'isthmus run --help'.");
			return IsthmusCommandLine.USAGE;
		}
		if (folder == null || !Files.isDirectory(folder)) {
			err.println("isthmus run: expected the folder 'isthmus generate' wrote" + (folder == null ? "" : "; " + folder + " is not a folder") + ".");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		if (port != 0 && port == management && !once) {
			err.println("isthmus run: --port and --management-port are both " + port + "; give them different ports.");
			return IsthmusCommandLine.USAGE;
		}
		if (Files.exists(root) && !Files.isDirectory(root)) {
			err.println("isthmus run: --root " + root + " is a file; give the folder the runner keeps its journal and files under.");
			return IsthmusCommandLine.USAGE;
		}
		for (Path envFile : envFiles) {
			if (!Files.isRegularFile(envFile)) {
				err.println("isthmus run: --env-file " + envFile + (Files.isDirectory(envFile) ? " is a folder" : ": no such file")
						+ "; give a file of NAME=value lines.");
				return IsthmusCommandLine.USAGE;
			}
		}
		RunnerOptions options;
		try {
			List<RunnerOptions.Feed> feedList = new ArrayList<>();
			// A file two --feed options match (a glob and a name, or two globs) was fed twice, its records journaled
			// twice (review 22): fed once, and said.
			java.util.Set<String> fed = new java.util.HashSet<>();
			for (String[] f : feeds) {
				List<Path> files = files(f[1]);
				if (files.isEmpty()) {
					err.println("isthmus run: --feed " + f[0] + "=" + f[1] + (Files.isDirectory(Path.of(f[1]))
							? ": is a directory; give a file, or a glob of files in it (" + Path.of(f[1], "*.ndjson") + ")." : ": no such file."));
					return IsthmusCommandLine.USAGE;
				}
				for (Path file : files) {
					if (fed.add(f[0] + "=" + file.toRealPath())) {
						feedList.add(new RunnerOptions.Feed(f[0], file));
					} else {
						err.println("isthmus run: --feed " + f[0] + ": " + file + " is matched by more than one --feed; it is fed once.");
					}
				}
			}
			options = RunnerOptions.of(folder).withRoot(root).withJournal(journal).withData(data).withPorts(bind, port, management)
					.withBodyLimit(maxBody).withBatchSize(batch).withTraces(traces).withKeptTraces(keepTraces).withFeeds(feedList)
					.withEnvironment(RunnerArguments.environment(envFiles));
		} catch (IOException e) {
			err.println("isthmus run: --env-file: " + e.getMessage());
			return IsthmusCommandLine.USAGE;
		}
		try {
			// Where the journal is, as the commands that read it take it: a --journal URL (its password as ***), else --root.
			// Quoted for a shell: a JDBC URL's settings are separated by ';', and a root may have spaces.
			String shown = journal != null ? Runner.withoutCredentials(journal) : null;
			// With --journal, --root too when the run had one: dlq show and replay find the files of records that could
			// not be read under it, which the journal's URL does not tell.
			String rootWord = root.toString().isEmpty() ? "" : " --root " + ShellWords.word(root.toString());
			String where = journal != null ? " --journal " + ShellWords.word(shown) + rootWord : rootWord;
			String passwordBack = journal != null && !shown.equals(journal) ? " (put the password back in place of ***)" : "";
			if (once) {
				// SIGTERM or Ctrl+C: the batches read so far commit and the run ends early, rather than the JVM
				// exiting under the flows' commits; the JVM waits for this hook, and the hook for the summary.
				java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
				java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
				Thread hook = new Thread(() -> {
					stop.set(true);
					try {
						done.await(30, java.util.concurrent.TimeUnit.SECONDS);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				}, "isthmus-stop");
				Runtime.getRuntime().addShutdownHook(hook);
				try {
					java.time.Instant started = java.time.Instant.now();
					RunSummary summary = Runner.once(options, stop::get);
					out.print(summary.render());
					out.print(unreadFiles(summary.unreadFiles()));
					long dead = summary.deadLettered();
					if (dead > 0) {
						long[] kept = unreplayable(RunnerArguments.journal(journal, root), started);
						long unsendable = kept[0] + kept[1];
						// The command on a line of its own, as it is pasted: in quotes, its own quotes would end them.
						out.printf("%n%s. To see %s%s:%n  isthmus dlq list%s%n", dead == 1 ? "1 dead letter" : dead + " dead letters",
								dead == 1 ? "it" : "them", passwordBack, where);
						if (unsendable < dead) {
							out.printf("and 'isthmus dlq replay'%s sends %s again.%n", where.isEmpty() ? "" : journal == null ? " with the same --root"
									: rootWord.isEmpty() ? " with the same --journal" : " with the same --journal and --root", dead == 1 ? "it" : "them");
						}
						if (unsendable > 0) {
							// Replay passes them over, saying why of each: said here, rather than offered for them.
							List<String> which = new ArrayList<>();
							if (kept[0] > 0) {
								which.add(kept[0] == 1 ? "1 is a record its source could not read" : kept[0] + " are records their source could not read");
							}
							if (kept[1] > 0) {
								which.add(kept[1] == 1 ? "1 is an aggregate's group" : kept[1] + " are aggregates' groups");
							}
							String said = String.join(" and ", which);
							out.printf("%s, which replay cannot send again ('isthmus dlq show <id>' shows %s).%n",
									unsendable < dead ? "Of them, " + said : dead == 1 ? "It" + said.substring(1) : said, unsendable == 1 ? "it" : "each");
						}
					}
					if (stop.get()) {
						out.printf("%nStopped before the sources were drained: what was read is in the journal, and 'isthmus run --once'"
								+ " with the same %s goes on from there.%n", journal != null ? "--journal" : "--root");
					}
					return IsthmusCommandLine.OK;
				} finally {
					out.flush();
					done.countDown();
					if (!stop.get()) {
						try {
							Runtime.getRuntime().removeShutdownHook(hook);
						} catch (IllegalStateException shuttingDown) {
							// a signal came as the run ended: the hook has nothing left to wait for
						}
					}
				}
			}
			Runner runner = Runner.start(options);
			Thread hook = new Thread(() -> {
				// A JVM shutting down cannot tell which signal asked it to.
				runner.close("the process was asked to stop (SIGTERM, Ctrl+C or SIGINT, or the system shutting down)");
				if (!runner.unfinished().isEmpty()) {
					// The README promises a stop within seconds. What was acknowledged is in the journal; what still
					// waits on a database that does not answer would hold the process until that database returns
					// (JDBC calls cannot be interrupted): the process ends now, saying so.
					err.println("isthmus run: stopped without waiting any longer for " + String.join(", ", runner.unfinished())
							+ " (a database that does not answer?); what was acknowledged is in the journal.");
					err.flush();
					Runtime.getRuntime().halt(IsthmusCommandLine.PROBLEMS);
				}
			}, "isthmus-stop");
			Runtime.getRuntime().addShutdownHook(hook);
			// An IPv6 address is written in brackets before its port, as a URL has it: [::1]:9464.
			String host = bind.contains(":") ? "[" + bind + "]" : bind;
			// For the person who started it, on standard output: standard error is the JSON log's, a line a program reads
			// as JSON (review 25).
			out.printf("isthmus run: running %s; %s, /health and /metrics %s. Ctrl+C stops.%n", folder,
					runner.webhookPort() < 0 ? "no webhooks" : "webhooks on " + host + ":" + runner.webhookPort(),
					runner.managementPort() < 0 ? "off" : "on " + host + ":" + runner.managementPort());
			out.flush();
			runner.awaitStop();
			String broken = runner.broken();
			if (broken != null) {
				runner.close();
				err.println("isthmus run: stopped: " + broken + ". What was acknowledged is in the journal, and goes on when the runner"
						+ " is started again.");
				return IsthmusCommandLine.PROBLEMS;
			}
			String lost = runner.lostJournal();
			if (lost != null) {
				runner.close();
				err.println("isthmus run: " + lost + ". The other runner goes on with the journal; start this one again only"
						+ " once that one has stopped, or give it its own --journal.");
				return IsthmusCommandLine.PROBLEMS;
			}
			return IsthmusCommandLine.OK;
		} catch (StartupException e) {
			if (e.started()) {
				// A drain that could not go on (a source's database gone): what it did is in the journal, and said.
				if (e.stoppedAfter() != null) {
					out.print(e.stoppedAfter().render());
					out.flush();
				}
				err.println("isthmus run: the run stopped before its sources were drained: " + e.problems().get(0));
				err.println("What was read before is in the journal" + (e.stoppedAfter() != null ? " (the summary above)" : "")
						+ ": once that is put right, 'isthmus run --once' with the same " + (journal != null ? "--journal" : "--root")
						+ " goes on from there.");
				return IsthmusCommandLine.PROBLEMS;
			}
			err.println("isthmus run: refused to start:");
			e.problems().forEach(p -> err.println("  - " + p));
			return IsthmusCommandLine.PROBLEMS;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return IsthmusCommandLine.OK;
		}
	}

	/** A file, or the files a glob in its last part matches ({@code samples/stripe-*.json}), in name order. */
	static List<Path> files(String spec) throws IOException {
		Path path = Path.of(spec);
		if (Files.isRegularFile(path)) {
			return List.of(path);
		}
		String name = path.getFileName().toString();
		Path dir = path.getParent() == null ? Path.of("") : path.getParent();
		if (!name.contains("*") && !name.contains("?") || !Files.isDirectory(dir.toString().isEmpty() ? Path.of(".") : dir)) {
			return List.of();
		}
		java.nio.file.PathMatcher glob = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + name);
		try (var list = Files.list(dir.toString().isEmpty() ? Path.of(".") : dir)) {
			return list.filter(p -> glob.matches(p.getFileName()) && Files.isRegularFile(p)).sorted().toList();
		}
	}

	/**
	 * How long traces are kept: at least a second (none at all is --no-traces, which says so), at most ten years (an
	 * age beyond what a time can be moved back by is no age).
	 */
	private static java.time.Duration keptFor(String text) {
		try {
			java.time.Duration age = RunnerArguments.age(text);
			if (age.compareTo(java.time.Duration.ofSeconds(1)) >= 0 && age.compareTo(java.time.Duration.ofDays(3650)) <= 0) {
				return age;
			}
		} catch (IllegalArgumentException | ArithmeticException e) {
			// said below
		}
		throw new IllegalArgumentException("--keep-traces takes an age from 1s to 3650d, such as 30min, 12h or 30d, not '" + text
				+ "' (--no-traces keeps none)");
	}

	/** A whole number option's value within its bounds, or what it takes. */
	private static long number(String text, String option, long least, long most, String what) {
		try {
			long n = Long.parseLong(text.strip());
			if (n >= least && n <= most) {
				return n;
			}
		} catch (NumberFormatException e) {
			// said below
		}
		throw new IllegalArgumentException(option + " takes " + what + ", not '" + text + "'");
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[i];
	}

	/**
	 * How many of the dead letters a run made since {@code since} replay cannot send again (see
	 * {@link DeadLetters#replay}): records their source could not read, and aggregates' groups. None when the journal
	 * cannot be read now (one in the runner's memory is gone): the summary has said what there is to see.
	 */
	private static long[] unreplayable(String journalUrl, java.time.Instant since) {
		try (DeadLetters letters = new DeadLetters(journalUrl)) {
			long[] kept = new long[2];
			for (DeadLetters.DeadLetter d : letters.list(new DeadLetters.Filter(null, null, since, null, false))) {
				if (d.readFailure()) {
					kept[0]++;
				} else if ("group".equals(d.kind())) {
					kept[1]++;
				}
			}
			return kept;
		} catch (java.sql.SQLException | RuntimeException e) {
			return new long[2];
		}
	}

	/** Files that could not be read, by name when few: otherwise only a log line on standard error said so. */
	static String unreadFiles(List<RunSummary.UnreadFile> files) {
		if (files.isEmpty()) {
			return "";
		}
		int shown = 10;
		// Names are whatever was dropped in: shown escaped, as dlq list and show do, so a control character in one
		// (an ESC of a terminal sequence) does not act on the terminal.
		String folders = String.join(" and ", files.stream().map(f -> DeadLetters.printable(f.folder()) + "/").distinct().toList());
		StringBuilder s = new StringBuilder(String.format("%n%s moved to %s (%s):%n", files.size() == 1
				? "1 file could not be read and was" : files.size() + " files could not be read and were", folders,
				files.size() == 1 ? "with a .reason.txt saying why" : "each with a .reason.txt saying why"));
		for (RunSummary.UnreadFile f : files.subList(0, Math.min(shown, files.size()))) {
			// A reason that begins with the file's name (most do) is not given it twice.
			String reason = f.reason().startsWith(f.file() + ":") ? f.reason().substring(f.file().length() + 1).strip() : f.reason();
			s.append("  ").append(DeadLetters.printable(f.file())).append(": ").append(DeadLetters.printable(reason))
					.append(System.lineSeparator());
		}
		if (files.size() > shown) {
			s.append("  and ").append(files.size() - shown).append(" more").append(System.lineSeparator());
		}
		return s.toString();
	}
}
