package dev.isthmus.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A CSV file's rows as text, a row at a time. A quoted value may hold line breaks (RFC 4180), so a row may span
 * several lines of the file; lines are counted as {@link BufferedReader#readLine} counts them, so that a checkpoint
 * in lines, always at a row's end, is found again by skipping that many lines. A quote opens a value only at the
 * value's start, as Jackson's CSV parser has it ({@code 12" pipe} is a plain value).
 */
public final class CsvRowText {

	/**
	 * One row: its text without the final line break, the line it starts on, how many lines it spans, and, when its
	 * quoting is broken, why (then it is its first line alone, and the lines after it are read again as rows).
	 */
	public record Row(String text, long line, List<String> lines, String problem) {

		/** The line it ends on. */
		public long last() {
			return line + lines.size() - 1;
		}
	}

	private final BufferedReader reader;
	/** Lines read past a broken row, to be read again as rows of their own. */
	private final Deque<String> again = new ArrayDeque<>();
	/** A row longer than this is no row the journal could keep: an open quote is taken as broken past it. */
	private final int limit;
	private long consumed;

	/** @param limit the longest row taken: an open quote is taken as broken past it */
	public CsvRowText(BufferedReader reader, int limit) {
		this.reader = reader;
		this.limit = limit;
	}

	/** Lines of the file handed out as rows (or skipped) so far: the checkpoint after the last row. */
	public long consumed() {
		return consumed;
	}

	/** Skips lines an earlier run already read. */
	public void skip(long lines) throws IOException {
		for (long i = 0; i < lines && line() != null; i++) {
			consumed++;
		}
	}

	/** The next row, or {@code null} at the end of the file. */
	public Row next() throws IOException {
		String first = line();
		if (first == null) {
			return null;
		}
		long start = consumed + 1;
		if (!endsInsideQuotes(first, false)) {
			consumed++;
			return new Row(withoutBreak(first), start, List.of(first), null);
		}
		List<String> lines = new ArrayList<>(List.of(first));
		long length = first.length();
		boolean inside = true;
		String more;
		while (inside && length <= limit && (more = line()) != null) {
			lines.add(more);
			length += more.length();
			inside = endsInsideQuotes(more, true);
		}
		if (inside) {
			Row row = new Row(String.join("", lines), start, lines, null);
			return alone(row, length > limit ? "a quote opened on this line is not closed within " + limit + " characters"
					: "a quote opened on this line is not closed by the end of the file (line " + row.last() + ")");
		}
		consumed += lines.size();
		return new Row(withoutBreak(String.join("", lines)), start, lines, null);
	}

	/**
	 * A row over several lines that is no CSV row after all (a quote left open that a later line seemed to close):
	 * its first line alone, as broken, and the lines after it read again as rows of their own, so that a stray quote
	 * costs one line, not the rest of the file.
	 */
	public Row alone(Row row, String problem) {
		List<String> lines = row.lines();
		for (int i = lines.size() - 1; i >= 1; i--) {
			again.addFirst(lines.get(i));
		}
		consumed = row.line();
		return new Row(withoutBreak(lines.get(0)), row.line(), List.of(lines.get(0)), problem);
	}

	/**
	 * The row, or, when it spans lines and is not a row of the header's {@code width} after all (a quote left open on
	 * its first line took in the lines after it), its first line alone as broken, the lines after it read again.
	 */
	public Row checked(Row row, int width) {
		if (row.problem() == null && row.lines().size() > 1 && CsvRows.cellCount(row.text()) != width) {
			return alone(row, "a quote opened on this line makes lines " + row.line() + "-" + row.last()
					+ " one row, and that is not a CSV row of " + width + " cells");
		}
		return row;
	}

	/** The next line of the file with its line break ({@code \n}, {@code \r\n} or {@code \r}), or {@code null}. */
	private String line() throws IOException {
		if (!again.isEmpty()) {
			return again.poll();
		}
		StringBuilder text = null;
		for (int ch; (ch = reader.read()) >= 0;) {
			if (text == null) {
				text = new StringBuilder();
			}
			text.append((char) ch);
			if (ch == '\n') {
				break;
			}
			if (ch == '\r') {
				reader.mark(1);
				int next = reader.read();
				if (next == '\n') {
					text.append('\n');
				} else if (next >= 0) {
					reader.reset();
				}
				break;
			}
		}
		return text == null ? null : text.toString();
	}

	private static String withoutBreak(String text) {
		int end = text.length();
		if (end > 0 && text.charAt(end - 1) == '\n') {
			end--;
		}
		if (end > 0 && text.charAt(end - 1) == '\r') {
			end--;
		}
		return text.substring(0, end);
	}

	/** Whether a line, read from inside a quoted value or not, ends inside one. */
	private static boolean endsInsideQuotes(String line, boolean inside) {
		final int start = 0, plain = 1, quoted = 2, closed = 3;
		int state = inside ? quoted : start;
		for (int i = 0; i < line.length(); i++) {
			char ch = line.charAt(i);
			switch (state) {
				case start -> state = ch == '"' ? quoted : ch == ',' ? start : plain;
				case quoted -> {
					if (ch == '"') {
						if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
							i++; // a quote inside the value, written twice
						} else {
							state = closed;
						}
					}
				}
				default -> { // plain, or after a closing quote: only a comma starts the next value
					if (ch == ',') {
						state = start;
					}
				}
			}
		}
		return state == quoted;
	}
}
