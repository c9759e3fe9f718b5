package dev.isthmus.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.isthmus.cli.internal.FormatCommand;
import dev.isthmus.cli.internal.GenerateCommand;
import dev.isthmus.cli.internal.DlqCommand;
import dev.isthmus.cli.internal.ImportCommand;
import dev.isthmus.cli.internal.RunCommand;
import dev.isthmus.cli.internal.TestCommand;
import dev.isthmus.cli.internal.TraceCommand;
import dev.isthmus.cli.internal.ValidateCommand;

/**
 * The {@code isthmus} command: everything the Studio does, headless. A plain Java program; no OSGi container
 * and no display. Subcommands are {@link Command}s registered in {@link #COMMANDS}.
 */
public final class IsthmusCommandLine {

	/** Exit code: the command did its job and found nothing wrong. */
	public static final int OK = 0;
	/** Exit code: the command ran and found problems (errors in a project, failed tests). */
	public static final int PROBLEMS = 1;
	/** Exit code: the command line itself is wrong (unknown command, missing argument, no such file). */
	public static final int USAGE = 2;

	private static final List<Command> COMMANDS = List.of(new ValidateCommand(), new GenerateCommand(), new TestCommand(), new FormatCommand(),
			new ImportCommand(), new RunCommand(), new DlqCommand(), new TraceCommand());

	private final PrintStream out;
	private final PrintStream err;

	public IsthmusCommandLine(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** The JDK HTTP client's setting to send a request of any method again when its pooled connection had closed. */
	static final String RETRY_ALL_METHODS = "jdk.httpclient.enableAllMethodRetry";

	public static void main(String[] args) {
		// A server closes an idle connection as the JDK's HTTP client sends the next request on it (keep-alive timeouts,
		// load balancers): the request fails with no answer, and a POST is not sent again by the client, so a flow without
		// a retry policy dead-lettered it. The runner sends a request again under its Idempotency-Key in any case, so
		// the client may send any method again on a new connection; read once, before the client's first request.
		if (System.getProperty(RETRY_ALL_METHODS) == null) {
			System.setProperty(RETRY_ALL_METHODS, "true");
		}
		System.exit(new IsthmusCommandLine(System.out, System.err).run(args));
	}

	/** Runs one command line and returns its exit code; never calls {@link System#exit}. */
	public int run(String... args) {
		if (args.length == 0) {
			err.print(help());
			return USAGE;
		}
		String first = args[0];
		switch (first) {
			case "--help", "-h", "help" -> {
				out.print(help());
				return OK;
			}
			case "--version", "-V" -> {
				out.println("isthmus " + Version.current() + " (Java " + Runtime.version() + ")");
				return OK;
			}
			default -> {
				Optional<Command> command = COMMANDS.stream().filter(c -> c.name().equals(first)).findFirst();
				if (command.isEmpty()) {
					err.println("isthmus: unknown command '" + first + "'. Run 'isthmus --help' for the commands.");
					return USAGE;
				}
				String[] rest = Arrays.copyOfRange(args, 1, args.length);
				if (rest.length == 1 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
					out.print(command.get().usage());
					return OK;
				}
				return command.get().run(rest, out, err);
			}
		}
	}

	static String help() {
		StringBuilder help = new StringBuilder("""
				Isthmus — integration modelling for SaaS systems and ERPs, headless.

				Usage: isthmus <command> [options]
				       isthmus --version | --help

				Commands:
				""");
		for (Command command : COMMANDS) {
			help.append(String.format("  %-10s %s%n", command.name(), command.summary()));
		}
		help.append("""

				Run 'isthmus <command> --help' for a command's options.
				Exit codes: 0 ok, 1 problems found, 2 wrong usage.
				""");
		return help.toString();
	}
}
