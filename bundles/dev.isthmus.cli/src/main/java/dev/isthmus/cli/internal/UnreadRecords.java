package dev.isthmus.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.isthmus.runner.DeadLetters.DeadLetter;

/**
 * Dead letters of records their source could not read ({@link DeadLetter#readFailure()}): why 'dlq replay' leaves
 * them, and where the record is now. Their reason names the file where it was read, but a file read to its end has
 * moved to {@code done/} since (or {@code failed/}), so a person told the old place would not find it.
 */
final class UnreadRecords {

	/**
	 * {@code file:import/a.csv:4}, {@code feed:more.ndjson:2}: where a record was read, and its line (see OpenFile, Feeds);
	 * then the file's encoding when it is not UTF-8, {@code file:import/a.csv:4 (windows-1252)} (see FileEncoding).
	 */
	private static final Pattern LINE = Pattern.compile("(file|feed):(.+):(\\d+)(?: \\(([^()]+)\\))?");

	/** Where the runner moves a file it is done with (see its FinishedFiles). */
	private static final List<String> FOLDERS = List.of("done", "failed");

	private UnreadRecords() {
	}

	/** Why the letter's record is not replayed, and what to do instead: a sentence a replay prints for each. */
	static String whyNotReplayed(DeadLetter d, Path root) {
		String where = whereNow(d, root);
		if (d.cutShort()) {
			return "the record was not kept whole (it was longer than the journal keeps a record, so it was never processed);"
					+ " it is at " + where + ": " + whatToDo(d, root, "fix it there");
		}
		String why = csv(d) ? "it is a CSV row that could not be read as a record (" + reason(d) + "); a replay sends the flow a record"
				+ " as JSON, and the journal keeps this row only as its text, so it would fail again"
				: "it is a record that could not be read (" + reason(d) + "); a replay sends back the text as it was read, which would"
						+ " fail the same way";
		return why + "; it is at " + where + ": " + whatToDo(d, root, "correct it there");
	}

	/**
	 * Where the record is now, as a person finds it: {@code import/done/a.csv line 4} (under the root) when the file
	 * moved, else where it was read, said so when it is not there any more; {@code null} when the origin names no file.
	 * {@code root} is {@code null} when it is not known ({@code --journal} without {@code --root}): the place read is
	 * then said to be under the runner's root, never claimed gone, as it would be when looked for here.
	 */
	static String whereNow(DeadLetter d, Path root) {
		Matcher m = d.origin() == null ? null : LINE.matcher(d.origin());
		if (m == null || !m.matches()) {
			return d.origin() == null ? "no file (the dead letter keeps no origin)" : d.origin();
		}
		String line = " line " + m.group(3);
		if (m.group(1).equals("feed")) {
			return m.group(2) + line;
		}
		Path read = Path.of(m.group(2));
		Path dir = read.getParent() == null ? Path.of("") : read.getParent();
		if (root == null) {
			return slashed(read) + line + " as it was read, under the runner's root (the journal was given by --journal, so where the"
					+ " root is is not known here; give --root <dir> as well to have the file looked for: once read it moves to "
					+ slashed(dir.resolve("done")) + "/)";
		}
		List<Path> candidates = candidates(root, read);
		long at = Long.parseLong(m.group(3));
		Charset encoding = encoding(m.group(4));
		List<Path> holding = candidates.stream().filter(c -> holds(root.resolve(c), encoding, at, d.record(), d.cutShort())).toList();
		if (holding.size() == 1) {
			return slashed(holding.get(0)) + line;
		}
		if (holding.size() > 1) {
			// Files of one name dropped again move in numbered (a.csv.1): the journal's origin does not tell them apart.
			return "one of " + holding.stream().map(c -> slashed(c) + line).collect(Collectors.joining(", "))
					+ " (files of that name were read one after another, and each has the record's text at that line)";
		}
		if (!candidates.isEmpty()) {
			return slashed(read) + line + " as it was read; no file of that name has the record's text at that line now (looked at "
					+ candidates.stream().map(UnreadRecords::slashed).collect(Collectors.joining(", ")) + ": changed since?)";
		}
		return slashed(read) + line + " as it was read (the file is no longer there, nor in " + slashed(dir.resolve("done")) + "/ or "
				+ slashed(dir.resolve("failed")) + "/ by that name or that name with a number added, as one dropped again is)";
	}

	/**
	 * The files of the name read that are there now, relative to the root: where it was read, then in done/ and
	 * failed/ by that name and by that name numbered (the runner moves one dropped again in as {@code a.csv.1}).
	 */
	private static List<Path> candidates(Path root, Path read) {
		List<Path> found = new ArrayList<>();
		if (Files.isRegularFile(root.resolve(read))) {
			found.add(read);
		}
		Path dir = read.getParent() == null ? Path.of("") : read.getParent();
		String name = read.getFileName().toString();
		Pattern numbered = Pattern.compile(Pattern.quote(name) + "(?:\\.(\\d+))?");
		for (String moved : FOLDERS) {
			Path there = dir.resolve(moved);
			if (!Files.isDirectory(root.resolve(there))) {
				continue;
			}
			try (Stream<Path> files = Files.list(root.resolve(there))) {
				files.map(f -> f.getFileName().toString()).map(numbered::matcher).filter(Matcher::matches)
						.filter(n -> Files.isRegularFile(root.resolve(there).resolve(n.group()))).sorted(Comparator.comparingLong(
								n -> n.group(1) == null ? 0 : Long.parseLong(n.group(1))))
						.forEach(n -> found.add(there.resolve(n.group())));
			} catch (IOException | NumberFormatException e) {
				// Not listed, so not named: the answer says none was found, with where it was read.
			}
		}
		return found;
	}

	/**
	 * Whether {@code file} has the record's text from line {@code at} on: all of it, ending at a line's end, or, for
	 * a record the journal cut short, its start. A CSV row may span lines; its breaks are compared as {@code \n}.
	 */
	private static boolean holds(Path file, Charset encoding, long at, String record, boolean cut) {
		if (record == null) {
			return false;
		}
		String wanted = record.replace("\r\n", "\n").replace('\r', '\n');
		if (cut) {
			wanted = wanted.substring(0, wanted.length() - 1);
		}
		// Malformed text read as replacement characters, not refused: the record's line is what is compared.
		try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), encoding))) {
			String text = null;
			for (long n = 1; n <= at; n++) {
				text = in.readLine();
				if (text == null) {
					return false;
				}
				if (n == 1 && text.startsWith("\uFEFF")) {
					text = text.substring(1);
				}
			}
			StringBuilder read = new StringBuilder(text);
			for (String more; read.length() < wanted.length() && (more = in.readLine()) != null;) {
				read.append('\n').append(more);
			}
			return cut ? read.toString().startsWith(wanted) : read.toString().equals(wanted);
		} catch (IOException e) {
			return false;
		}
	}

	/** The encoding the origin names (the one the runner read the file in), else UTF-8. */
	private static Charset encoding(String name) {
		try {
			return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
		} catch (IllegalArgumentException e) {
			return StandardCharsets.UTF_8; // an origin of another Java's: the file is compared as UTF-8, and said changed if it is not
		}
	}

	private static String whatToDo(DeadLetter d, Path root, String fix) {
		Matcher m = d.origin() == null ? null : LINE.matcher(d.origin());
		if (m == null || !m.matches()) {
			return fix + " and send it again";
		}
		if (m.group(1).equals("feed")) {
			return fix + " and feed it again (--feed)";
		}
		Path read = Path.of(m.group(2));
		String dir = read.getParent() == null ? "the directory it was read from" : slashed(read.getParent()) + "/";
		return fix + ", and drop it in again in a file of its own in " + dir + (csv(d) ? ", under the header row" : "")
				+ " (not the whole file: its other records were read already)";
	}

	private static boolean csv(DeadLetter d) {
		Matcher m = d.origin() == null ? null : LINE.matcher(d.origin());
		return m != null && m.matches() && m.group(2).toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
	}

	/** The reason without the advice a CSV reason ends with (see the runner's CsvRecords): the sentence gives its own. */
	private static String reason(DeadLetter d) {
		String r = d.reason();
		int advice = r.indexOf("; a quote starts a quoted value");
		return advice < 0 ? r : r.substring(0, advice);
	}

	static String slashed(Path path) {
		return path.toString().replace('\\', '/');
	}
}
