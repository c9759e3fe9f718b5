package dev.isthmus.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import dev.isthmus.runner.RunnerOptions;

/** What {@code run}, {@code dlq} and {@code trace} share: where the journal is, and reading times and env files. */
final class RunnerArguments {

	private RunnerArguments() {
	}

	/** The journal URL from {@code --journal}, else the H2 file under {@code --root} (default: here). */
	static String journal(String journal, Path root) {
		// The runner's own rule for where its journal is; IFEXISTS: looking must not create an empty one.
		if (journal != null) {
			// An H2 file named by --journal is looked at, not created, as the default one is.
			boolean file = journal.regionMatches(true, 0, "jdbc:h2:", 0, 8) && !journal.regionMatches(true, 8, "tcp:", 0, 4)
					&& !journal.regionMatches(true, 8, "ssl:", 0, 4) && !journal.regionMatches(true, 8, "mem:", 0, 4);
			return file && !journal.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS") ? journal + ";IFEXISTS=TRUE" : journal;
		}
		return RunnerOptions.of(root).withRoot(root).journal() + ";IFEXISTS=TRUE";
	}

	/** An age such as {@code 30m}, {@code 2h} or {@code 7d}. */
	static Duration age(String text) {
		String t = text.trim();
		if (!t.matches("\\d+[smhd]")) {
			throw new IllegalArgumentException("'" + text + "' is not an age: use a number and s, m, h or d, such as 7d or 12h");
		}
		long n = Long.parseLong(t.substring(0, t.length() - 1));
		return switch (t.charAt(t.length() - 1)) {
			case 's' -> Duration.ofSeconds(n);
			case 'm' -> Duration.ofMinutes(n);
			case 'h' -> Duration.ofHours(n);
			default -> Duration.ofDays(n);
		};
	}

	/**
	 * The process environment, then {@code NAME=value} lines of an env file for names it does not set ({@code #}
	 * starts a comment).
	 */
	static Function<String, String> environment(Path envFile) throws IOException {
		if (envFile == null) {
			return System::getenv;
		}
		Map<String, String> values = new HashMap<>();
		int line = 0;
		for (String text : Files.readAllLines(envFile)) {
			line++;
			String t = text.strip();
			if (t.isEmpty() || t.startsWith("#")) {
				continue;
			}
			int eq = t.indexOf('=');
			if (eq <= 0) {
				throw new IOException(envFile + ":" + line + ": expected NAME=value");
			}
			String value = t.substring(eq + 1).strip();
			if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
				value = value.substring(1, value.length() - 1);
			}
			values.put(t.substring(0, eq).strip(), value);
		}
		return name -> {
			String set = System.getenv(name);
			return set != null ? set : values.get(name);
		};
	}
}
