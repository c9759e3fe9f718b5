package dev.isthmus.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.isthmus.runner.DeadLetters.DeadLetter;

/**
 * Dead letters of records their source could not read ({@link DeadLetter#readFailure()}): why 'dlq replay' leaves
 * them, and where the record is now. Their reason names the file where it was read, but a file read to its end has
 * moved to {@code done/} since (or {@code failed/}), so a person told the old place would not find it.
 */
final class UnreadRecords {

	/** {@code file:import/a.csv:4}, {@code feed:more.ndjson:2}: where a record was read, and its line (see OpenFile, Feeds). */
	private static final Pattern LINE = Pattern.compile("(file|feed):(.+):(\\d+)");

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
		if (Files.exists(root.resolve(read))) {
			return slashed(read) + line;
		}
		Path dir = read.getParent() == null ? Path.of("") : read.getParent();
		for (String moved : new String[] { "done", "failed" }) {
			Path there = dir.resolve(moved).resolve(read.getFileName());
			if (Files.exists(root.resolve(there))) {
				return slashed(there) + line;
			}
		}
		return slashed(read) + line + " as it was read (the file is no longer there, nor in " + slashed(dir.resolve("done")) + "/ or "
				+ slashed(dir.resolve("failed")) + "/ by that name: one of that name there before it makes it move in with a number added)";
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

	private static String slashed(Path path) {
		return path.toString().replace('\\', '/');
	}
}
