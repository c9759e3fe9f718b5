package dev.isthmus.runner.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Files dropped into a directory: JSON (one record, or an array of records), NDJSON (a record per line) or CSV (a
 * header, then a record per row), in the endpoint's encoding. A file is read in batches; how far it has been read (in
 * lines, whatever the encoding's width) is a checkpoint committed with each batch's outcome, so a restart goes on
 * where the last commit left off. A file read to its end moves to
 * {@code done/}; one that cannot be read at all (not JSON, bad encoding) moves to {@code failed/} with a note
 * beside it. Bad lines of an NDJSON or CSV file become dead letters; the rest of the file goes on. The file being
 * read is an {@link OpenFile}; {@link FinishedFiles} moves files out of the directory.
 */
final class FileSource implements Source {

	private final String flow;
	private final String endpoint;
	private final String format;
	private final Charset charset;
	private final CsvRecords csv;
	private final Roots roots;
	private final JsonLog log;

	/** The file being read; {@code null} between files. */
	private OpenFile current;
	/** The directory's files that are ready to be read. */
	private final WaitingFiles waiting;
	private final FinishedFiles finished;

	FileSource(String flow, String endpoint, Path directory, String pattern, String format, CsvRecords csv, Roots roots, JsonLog log,
			java.time.Duration quiet) throws IOException {
		this(flow, endpoint, directory, pattern, format, csv, roots, log, quiet, new UnreadFiles(), StandardCharsets.UTF_8);
	}

	/**
	 * @param unread  where the files it moves to failed/ are told, for the run's summary
	 * @param charset the files' encoding (the transport's {@code encoding})
	 */
	FileSource(String flow, String endpoint, Path directory, String pattern, String format, CsvRecords csv, Roots roots, JsonLog log,
			java.time.Duration quiet, UnreadFiles unread, Charset charset) throws IOException {
		// Where files are moved once done with: a link out of the root there would take them (and their notes) out of it.
		for (String to : FinishedFiles.FOLDERS) {
			roots.refuseLinkOut(directory.resolve(to), "flow " + flow + ", source " + endpoint);
		}
		this.flow = flow;
		this.endpoint = endpoint;
		this.waiting = new WaitingFiles(flow, endpoint, directory, pattern, roots, log, quiet);
		waiting.awaitLastLineBreak(file -> !formatOf(file).equals("json"));
		this.finished = new FinishedFiles(flow, endpoint, directory, roots, log, waiting, unread);
		this.format = format;
		this.charset = charset;
		this.csv = csv;
		this.roots = roots;
		this.log = log;
	}

	private String checkpointName(Path file) {
		return "file:" + flow + ":" + roots.root().relativize(file);
	}

	@Override
	public Batch next(Connection c, int max) throws Exception {
		try {
			if (current == null && !open(c)) {
				return Batch.EMPTY;
			}
		} catch (Unreadable e) {
			return fail(c, e.file, e.reason);
		}
		OpenFile reading = current;
		Path file = reading.file();
		String name = checkpointName(file);
		List<Input> inputs = new ArrayList<>();
		boolean end;
		// The lines earlier batches took: the file was whole text when opened, so a bad byte now is one written since.
		long before = reading.line();
		try {
			end = reading.read(inputs, max, csv, endpoint);
		} catch (CharacterCodingException e) {
			return fail(c, file, notText(file, null, before, formatOf(file)));
		} catch (IOException e) {
			return fail(c, file, e.getMessage());
		}
		long reached = reading.line();
		FilePrint read = reading.print();
		String mark = read.mark(reached);
		if (end) {
			closeReader();
			current = null;
		}
		return new Batch(inputs, tx -> Journal.checkpoint(tx, name, mark), end ? () -> {
			if (finished.unchanged(c, file, name, read, reached)) {
				finished.finish(c, file, name, "done");
			}
		} : () -> {
		});
	}

	/** Opens the first waiting file and skips what an earlier run already committed. */
	private boolean open(Connection c) throws Exception {
		finished.watchMoved();
		for (Path file : waiting.list()) {
			if (!roots.inside(file)) {
				log.warn("file.refused", "flow", flow, "endpoint", endpoint, "file", file, "reason", "a symbolic link leading outside the root");
				if (!finished.move(file, "failed", "refused: a symbolic link leading outside the root " + roots.root())) {
					waiting.stick(file);
				}
				continue;
			}
			// Nothing of the source changes until the file is open at its checkpoint: a step that fails on the way
			// leaves the source as it was, to try again, rather than half-open at line 0.
			FilePrint print;
			BufferedReader opened;
			try {
				print = FilePrint.of(file);
				opened = reader(file);
			} catch (java.nio.file.NoSuchFileException e) {
				continue; // gone since the directory was listed
			} catch (IOException e) {
				waiting.retryLater(file, e);
				continue;
			}
			waiting.opened(file);
			String fileFormat = formatOf(file);
			OpenFile at;
			try {
				String mark = Journal.checkpoint(c, checkpointName(file));
				c.commit();
				// One count for the lines skipped and for what a reason says was read: a file grown since is read on.
				long read = print.committed(mark);
				try {
					String wide = BadBytes.noZeroByte(file, charset);
					if (wide != null) {
						throw new Unreadable(file, notText(file, wide, read, fileFormat));
					}
					// The whole file before any record of it: a bad byte found only when the reader came to it had
					// the batches before it delivered, and the file dropped in again once corrected delivered them twice.
					if (!BadBytes.whole(file, charset)) {
						throw new Unreadable(file, notText(file, null, read, fileFormat));
					}
					String utf8 = read == 0 ? BadBytes.utf8Instead(file, charset) : null;
					if (utf8 != null) {
						// Read as the endpoint says, its text would go on garbled (a byte order mark, the header's first
						// column not found): refused whole, with both ways out.
						throw new Unreadable(file, roots.root().relativize(file) + ": the file looks like UTF-8, not " + charset.name()
								+ " text, the encoding endpoint " + endpoint + " reads its files in: " + utf8 + "; so no record of it was"
								+ " read: save it as " + charset.name() + " and drop it in again, or, if its files are written in UTF-8,"
								+ " set the endpoint's encoding to \"UTF-8\"");
					}
					String rel = roots.root().relativize(file).toString();
					at = OpenFile.at(file, rel, fileFormat, print, charset, opened, read, csv);
					if (at.line() < read) {
						// Fewer lines than were read: not the file read, grown, but another written in its place with
						// the same start (its first bytes and identity alike), read from its start.
						log.warn("file.shorter-than-read", "flow", flow, "endpoint", endpoint, "file", rel, "linesRead", read, "linesNow",
								at.line(), "message", "the file has fewer lines than were read of it: taken as another file, read from its start");
						opened.close();
						opened = reader(file);
						at = OpenFile.at(file, rel, fileFormat, print, charset, opened, 0, csv);
					}
				} catch (CharacterCodingException e) {
					throw new Unreadable(file, notText(file, null, read, fileFormat));
				} catch (IOException e) {
					throw new Unreadable(file, e.getMessage());
				}
			} catch (Exception e) {
				opened.close();
				throw e;
			}
			current = at;
			// Said once for where it starts: a flow held up (an endpoint refusing the runner's credentials) reads its batch
			// again each second from the same line, and said so each time (review 40).
			String reading = roots.root().relativize(file) + ":" + (at.line() + 1);
			if (!reading.equals(lastReading)) {
				lastReading = reading;
				log.info("file.reading", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "fromLine", at.line() + 1);
			}
			return true;
		}
		return false;
	}

	/** The file and line the last {@code file.reading} named. */
	private String lastReading;

	/** The file's text, decoded strictly: a byte that is not the encoding's is an error, never a replacement. */
	private BufferedReader reader(Path file) throws IOException {
		return new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
	}

	/** A file that cannot be read on from its checkpoint: it goes to failed/ with the reason. */
	private static final class Unreadable extends Exception {

		private static final long serialVersionUID = 1L;
		final transient Path file;
		final String reason;

		Unreadable(Path file, String reason) {
			super(reason, null, false, false);
			this.file = file;
			this.reason = reason;
		}
	}

	/**
	 * Why a file that is not text in the endpoint's encoding goes to failed/: where its first bad byte is
	 * ({@code where}, when known already), what of it was read, and what to do. A file in another encoding is the
	 * usual cause (a spreadsheet's export in windows-1252, a UTF-8 file where UTF-16 was said), so both ways out are
	 * named. {@code read} lines of it went on already (the file grew while it was read, or a run before this check
	 * read them): the whole file dropped in again would deliver them twice, so only the lines after them are asked for.
	 */
	private String notText(Path file, String where, long read, String fileFormat) {
		if (where == null) {
			try {
				where = BadBytes.first(file, charset);
			} catch (IOException e) {
				where = null;
			}
		}
		String name = charset.name();
		boolean utf8 = charset.equals(StandardCharsets.UTF_8);
		// Named for UTF-8 too (review 38: "save it as UTF-8" alone): a system exporting in another encoding does so every time.
		String otherEncoding = utf8 ? "if its files are written in another encoding (a spreadsheet's export is often windows-1252), give the"
				+ " endpoint's file line that encoding (file \"…\" encoding \"windows-1252\") and generate again"
				: "if its files are written in another encoding, set the endpoint's encoding to that one (encoding \"UTF-8\", say)";
		String text = roots.root().relativize(file) + ": the file is not " + name + " text" + (where == null ? "" : " (" + where + ")")
				+ (utf8 ? "" : ", the encoding endpoint " + endpoint + " reads its files in") + utf16(file);
		if (read == 0) {
			return text + ", so no record of it was read; save it as " + name + " and drop it in again, or, " + otherEncoding;
		}
		return text + "; lines 1 to " + read + " of it were read before that was found (the file grew while it was read, or a run"
				+ " before read them) and their records went on: drop in only the lines after line " + read + ", corrected and saved as "
				+ name + ", in a new file" + ("csv".equals(fileFormat) ? " under the header row" : "")
				+ " (the whole file again would deliver those lines' records twice); or, " + otherEncoding + " first";
	}

	/** What a file starting with UTF-16's byte order mark is (a spreadsheet's "Unicode text"), when the endpoint reads another. */
	private String utf16(Path file) {
		if (charset.name().startsWith("UTF-16")) {
			return "";
		}
		byte[] start = new byte[2];
		try (java.io.InputStream in = Files.newInputStream(file)) {
			if (in.readNBytes(start, 0, 2) == 2 && ((start[0] & 0xff) == 0xff && (start[1] & 0xff) == 0xfe
					|| (start[0] & 0xff) == 0xfe && (start[1] & 0xff) == 0xff)) {
				return " — it starts with UTF-16's byte order mark: a UTF-16 file (encoding \"UTF-16\" reads it)";
			}
		} catch (IOException e) {
			// said without it
		}
		return "";
	}

	/**
	 * A file named .ndjson or .jsonl holds a record per line whatever the record's format; .csv is CSV. A .json file
	 * is read as the record says: an ndjson record's files named .json have always been read a record per line.
	 */
	private String formatOf(Path file) {
		String named = FileFormat.of(file.getFileName().toString(), format);
		return named.equals("json") ? format : named;
	}

	private Batch fail(Connection c, Path file, String reason) throws Exception {
		closeReader();
		current = null;
		String name = checkpointName(file);
		log.error("file.failed", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason", reason);
		return new Batch(List.of(), tx -> {
		}, () -> finished.finish(c, file, name, "failed", reason));
	}

	private void closeReader() {
		if (current != null) {
			current.close();
		}
	}

	/**
	 * Within a file, the next lines are read from where the reader is. A file's end waits for its commit: the file
	 * must have moved to done/ before the directory is looked at again.
	 */
	@Override
	public boolean readsAhead() {
		return current != null;
	}

	/** Reads the file again from its committed checkpoint, as {@link #open} does after a restart. */
	@Override
	public void rollback() {
		closeReader();
		current = null;
	}

	@Override
	public void close() {
		closeReader();
	}
}
