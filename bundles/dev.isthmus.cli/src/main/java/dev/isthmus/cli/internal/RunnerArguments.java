package dev.isthmus.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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

	/** An age such as {@code 30m}, {@code 2h}, {@code 7d}, or parts of them together: {@code 2h30min}, {@code 1d12h}. */
	static Duration age(String text) {
		String t = text.trim();
		if (!isAge(t)) {
			throw new IllegalArgumentException("'" + text + "' is not an age: use a number and s, m (or min, as the language writes"
					+ " it), h or d, such as 7d, 12h, 30min or 2h30min");
		}
		// Bounded, so that no caller moves a time back past what an Instant holds (nor parses past a long).
		Duration most = Duration.ofDays(MOST_DAYS);
		Duration age = Duration.ZERO;
		try {
			java.util.regex.Matcher part = AGE_PART.matcher(t);
			while (part.find()) {
				long n = Long.parseLong(part.group(1));
				age = age.plus(switch (part.group(2)) {
					case "s" -> Duration.ofSeconds(n);
					case "m", "min" -> Duration.ofMinutes(n);
					case "h" -> Duration.ofHours(n);
					default -> Duration.ofDays(n);
				});
				if (age.compareTo(most) > 0) {
					break;
				}
			}
			if (age.compareTo(most) <= 0) {
				return age;
			}
		} catch (NumberFormatException | ArithmeticException e) {
			// too long, as said below
		}
		throw new IllegalArgumentException("'" + text + "' is too long an age: at most " + MOST_DAYS + "d (10,000 years)");
	}

	private static final java.util.regex.Pattern AGE_PART = java.util.regex.Pattern.compile("(\\d+)(min|[smhd])");

	private static final long MOST_DAYS = 3_650_000;

	/**
	 * Whether the text is an age: {@code 7d}, {@code 12h}, {@code 30m} or {@code 30min} (the language's minutes), or
	 * parts of them together ({@code 2h30min}).
	 */
	static boolean isAge(String text) {
		return text.matches("(\\d+(min|[smhd]))+");
	}

	/**
	 * The process's environment, then the env files' variables, read as docker and dotenv read .env files (see
	 * {@link #variable}), a later file's over an earlier one's (a second
	 * --env-file replaced the first, whose variables were then "not set"; review 22). A variable the process sets to
	 * nothing gives way to a file's value: the start-up check said "set but empty; give it its value (… or from
	 * --env-file)", which the file did.
	 */
	static Function<String, String> environment(List<Path> envFiles) throws IOException {
		if (envFiles.isEmpty()) {
			return System::getenv;
		}
		Map<String, String> values = new HashMap<>();
		for (Path envFile : envFiles) {
			read(envFile, values);
		}
		return name -> {
			String set = System.getenv(name);
			return set != null && (!set.isEmpty() || !values.containsKey(name)) ? set : values.get(name);
		};
	}

	private static void read(Path envFile, Map<String, String> values) throws IOException {
		int line = 0;
		for (String text : lines(envFile)) {
			line++;
			// An editor's UTF-8 byte order mark would otherwise start the first name.
			String t = (line == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text).strip();
			if (t.isEmpty() || t.startsWith("#")) {
				continue;
			}
			try {
				String[] variable = variable(t);
				values.put(variable[0], variable[1]);
			} catch (IllegalArgumentException e) {
				throw new IOException(envFile + ":" + line + ": " + e.getMessage());
			}
		}
	}

	/** What the usage text says of an env file's lines, and what an error in one says to write. */
	static final String ENV_FILE_LINES = "NAME=value, or export NAME=value; a value in '…' is taken as it is, in \"…\" \\\" is a quote;"
			+ " # starts a comment at a line's start or after a space";

	private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/**
	 * A line's name and value: {@code NAME=value}, {@code export NAME=value}; spaces around {@code =} are dropped; a
	 * value in single quotes is taken as written, one in double quotes too but for {@code \"} (a quote); an unquoted
	 * value ends where a {@code #} follows a space or tab ({@code #} inside it, as in {@code http://h/#frag}, stays).
	 * A line that is none of these is refused, rather than read as an odd variable no flow asks for; the value is not
	 * repeated in the message, as it may be a secret.
	 */
	private static String[] variable(String line) {
		int eq = line.indexOf('=');
		String name = eq < 0 ? null : line.substring(0, eq).strip();
		if (name != null && name.startsWith("export") && name.length() > 6 && Character.isWhitespace(name.charAt(6))) {
			name = name.substring(6).strip();
		}
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("this line is no variable: write " + ENV_FILE_LINES);
		}
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + name + "' is not a variable name: a name is letters, digits and _, not starting"
					+ " with a digit (write NAME=value)");
		}
		String rest = line.substring(eq + 1);
		String value = rest.stripLeading();
		if (value.startsWith("'") || value.startsWith("\"")) {
			char quote = value.charAt(0);
			StringBuilder quoted = new StringBuilder();
			int i = 1;
			for (; i < value.length() && value.charAt(i) != quote; i++) {
				if (quote == '"' && value.charAt(i) == '\\' && i + 1 < value.length() && value.charAt(i + 1) == '"') {
					i++;
				}
				quoted.append(value.charAt(i));
			}
			if (i >= value.length()) {
				throw new IllegalArgumentException(name + "'s value has no closing " + quote + " on its line (a value is one line):"
						+ " write " + name + "=" + quote + "value" + quote);
			}
			String after = value.substring(i + 1);
			if (!after.isBlank() && !after.matches("\\s+#.*")) {
				throw new IllegalArgumentException("after " + name + "'s closing " + quote + " only a # comment may follow, after a"
						+ " space: write " + name + "=" + quote + "value" + quote + "  # comment");
			}
			return new String[] { name, quoted.toString() };
		}
		java.util.regex.Matcher comment = java.util.regex.Pattern.compile("\\s#").matcher(rest);
		return new String[] { name, (comment.find() ? rest.substring(0, comment.start()) : rest).strip() };
	}

	/** The file's lines as UTF-8, the encoding .env files are written in; another encoding is said to be one. */
	private static java.util.List<String> lines(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		try {
			String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
			return text.lines().toList();
		} catch (java.nio.charset.CharacterCodingException e) {
			int line = 1;
			java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
			for (int start = 0, i = 0; i <= bytes.length; i++) {
				if (i == bytes.length || bytes[i] == '\n') {
					try {
						decoder.decode(java.nio.ByteBuffer.wrap(bytes, start, i - start));
					} catch (java.nio.charset.CharacterCodingException bad) {
						break;
					}
					start = i + 1;
					line++;
				}
			}
			throw new IOException(file + ":" + line + ": this is not UTF-8 text; save the file as UTF-8");
		}
	}
}
