package dev.isthmus.cli;

import java.io.PrintStream;

/** One {@code isthmus} subcommand. */
public interface Command {

	/** The word that selects this command, e.g. {@code validate}. */
	String name();

	/** One line for {@code isthmus --help}. */
	String summary();

	/** The text of {@code isthmus <name> --help}. */
	String usage();

	/**
	 * Runs the command.
	 *
	 * @param args the arguments after the command's name
	 * @return an exit code of {@link IsthmusCommandLine}
	 */
	int run(String[] args, PrintStream out, PrintStream err);
}
