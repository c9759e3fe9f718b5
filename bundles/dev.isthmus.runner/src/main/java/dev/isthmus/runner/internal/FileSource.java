package dev.isthmus.runner.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.engine.CsvRowText;

/**
 * Files dropped into a directory: JSON (one record, or an array of records), NDJSON (a record per line) or CSV (a
 * header, then a record per row). A file is read in batches; how far it has been read is a checkpoint committed
 * with each batch's outcome, so a restart goes on where the last commit left off. A file read to its end moves to
 * {@code done/}; one that cannot be read at all (not JSON, bad encoding) moves to {@code failed/} with a note
 * beside it. Bad lines of an NDJSON or CSV file become dead letters; the rest of the file goes on.
 */
final class FileSource implements Source {

	// Decimals exact from the start: a double loses digits past the 16th and the scale (12.30).
	private static final ObjectMapper JSON = JsonText.RECORDS;

	private final String flow;
	private final String endpoint;
	private final Path directory;
	private final String format;
	private final CsvRecords csv;
	private final Roots roots;
	private final JsonLog log;

	private Path current;
	private String currentFormat;
	private BufferedReader reader;
	/** The open CSV file's rows (a row may span lines); {@code null} for other formats. */
	private CsvRowText rows;
	private long line;
	private String fingerprint;
	/** The open file's identity (its inode, where the file system has one): see {@link #finish}. */
	private Object identity;
	private List<String> header;
	/** The directory's files that are ready to be read. */
	private final WaitingFiles waiting;

	FileSource(String flow, String endpoint, Path directory, String pattern, String format, CsvRecords csv, Roots roots, JsonLog log,
			java.time.Duration quiet) {
		this.flow = flow;
		this.endpoint = endpoint;
		this.directory = directory;
		this.waiting = new WaitingFiles(flow, endpoint, directory, pattern, roots, log, quiet);
		this.format = format;
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
		Path file = current;
		String name = checkpointName(file);
		List<Input> inputs = new ArrayList<>();
		boolean end;
		try {
			end = "json".equals(currentFormat) ? readDocument(inputs) : readLines(inputs, max);
		} catch (CharacterCodingException e) {
			return fail(c, file, notUtf8(file));
		} catch (IOException e) {
			return fail(c, file, e.getMessage());
		}
		long reached = line;
		String read = fingerprint;
		Object readIdentity = identity;
		String mark = read + ":" + reached;
		if (end) {
			closeReader();
			current = null;
		}
		return new Batch(inputs, tx -> Journal.checkpoint(tx, name, mark), end ? () -> {
			if (unchanged(c, file, name, readIdentity, read, reached)) {
				finish(c, file, name, "done");
			}
		} : () -> {
		});
	}

	/** Opens the first waiting file and skips what an earlier run already committed. */
	private boolean open(Connection c) throws Exception {
		for (Path file : waiting.list()) {
			if (!roots.inside(file)) {
				log.warn("file.refused", "flow", flow, "endpoint", endpoint, "file", file, "reason", "a symbolic link leading outside the root");
				if (!move(file, "failed", "refused: a symbolic link leading outside the root " + roots.root())) {
					waiting.stick(file);
				}
				continue;
			}
			// Nothing of the source changes until the file is open at its checkpoint: a step that fails on the way
			// leaves the source as it was, to try again, rather than half-open at line 0.
			String print;
			Object openedIdentity;
			BufferedReader opened;
			try {
				print = WaitingFiles.printOf(file);
				openedIdentity = identityOf(file);
				opened = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
						.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
			} catch (java.nio.file.NoSuchFileException e) {
				continue; // gone since the directory was listed
			} catch (IOException e) {
				waiting.retryLater(file, e);
				continue;
			}
			waiting.opened(file);
			String fileFormat = formatOf(file);
			List<String> fileHeader = null;
			CsvRowText fileRows = null;
			long at = 0;
			try {
				String mark = Journal.checkpoint(c, checkpointName(file));
				c.commit();
				String from = mark == null ? null
						: mark.startsWith(print + ":") ? print + ":"
								: openedIdentity != null && mark.startsWith(grown(openedIdentity)) ? grown(openedIdentity) : null;
				long done = from == null ? 0 : Long.parseLong(mark.substring(from.length()));
				try {
					// A byte order mark is no part of the first record (nor of a CSV file's first column name).
					opened.mark(1);
					if (opened.read() != '\uFEFF') {
						opened.reset();
					}
					if ("csv".equals(fileFormat)) {
						fileRows = new CsvRowText(opened, Journal.MAX_TEXT);
						if (done > 0) {
							fileHeader = csv.header(fileRows.next(), roots.root().relativize(file).toString());
							fileRows.skip(done - fileRows.consumed());
						}
						at = fileRows.consumed();
					} else {
						while (at < done && opened.readLine() != null) {
							at++;
						}
					}
				} catch (CharacterCodingException e) {
					throw new Unreadable(file, notUtf8(file));
				} catch (IOException e) {
					throw new Unreadable(file, e.getMessage());
				}
			} catch (Exception e) {
				opened.close();
				throw e;
			}
			current = file;
			currentFormat = fileFormat;
			fingerprint = print;
			identity = openedIdentity;
			reader = opened;
			rows = fileRows;
			line = at;
			header = fileHeader;
			log.info("file.reading", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "fromLine", line + 1);
			return true;
		}
		return false;
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

	private String notUtf8(Path file) {
		String where;
		try {
			where = Utf8Check.firstBadByte(file);
		} catch (IOException e) {
			where = null;
		}
		return roots.root().relativize(file) + ": the file is not UTF-8 text" + (where == null ? "" : " (" + where + ")")
				+ "; save it as UTF-8 and drop it in again";
	}

	private static Object identityOf(Path file) throws IOException {
		return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
	}

	/**
	 * Whether the file read to its end is still the one that was read, as it was, so that moving it to done/ loses
	 * nothing. A producer may have replaced it meanwhile (a new file renamed over the name): the new one is read from
	 * its start, and not moved unread. Or it may have written more to it: the checkpoint keeps the lines read, under
	 * the file's new size and time, and the rest is read once the file is quiet again.
	 */
	private boolean unchanged(Connection c, Path file, String name, Object readIdentity, String read, long reached) {
		String now = WaitingFiles.printOf(file);
		Object nowIdentity;
		try {
			nowIdentity = identityOf(file);
		} catch (IOException e) {
			// Gone (moved away by someone else): nothing to move. Its checkpoint goes with it.
			nowIdentity = null;
			now = "";
		}
		if (now.equals(read) && java.util.Objects.equals(nowIdentity, readIdentity)) {
			return true;
		}
		boolean replaced = now.isEmpty() || readIdentity == null || !readIdentity.equals(nowIdentity);
		Journal.WRITES.lock();
		try {
			// A file that grew may grow on before it is opened again: its checkpoint names it by identity, not by size.
			Journal.checkpoint(c, name, replaced ? null : grown(readIdentity) + reached);
			c.commit();
		} catch (Exception e) {
			Journal.rollback(c);
			// The checkpoint stays at the end of what was read: the changed file is read again from its start, its
			// records refused as duplicates where the flow is idempotent.
			log.error("file.checkpoint-failed", "flow", flow, "file", roots.root().relativize(file), "reason", String.valueOf(e));
		} finally {
			Journal.WRITES.unlock();
		}
		if (replaced) {
			log.warn("file.replaced", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason",
					"another file took its name while it was read; the one read is journaled, the new one is read from its start");
		} else {
			log.warn("file.changed", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason",
					"it changed while it was read (" + reached + " lines read); the rest is read once it has been quiet for "
							+ waiting.quiet().toSeconds() + " s", "action", "write files under a .tmp or hidden name and rename them when complete");
		}
		return false;
	}

	/** The start of the checkpoint of a file that changed while it was read (see {@link #unchanged}). */
	private static String grown(Object identity) {
		return "grown " + identity + ":";
	}

	/**
	 * A file named .ndjson or .jsonl holds a record per line whatever the record's format; .csv is CSV. A .json file
	 * is read as the record says: an ndjson record's files named .json have always been read a record per line.
	 */
	private String formatOf(Path file) {
		String named = FileFormat.of(file.getFileName().toString(), format);
		return named.equals("json") ? format : named;
	}

	private boolean readLines(List<Input> inputs, int max) throws IOException {
		String rel = roots.root().relativize(current).toString();
		long bytes = 0;
		while (inputs.size() < max && bytes < BATCH_TEXT) {
			if (rows != null) {
				// CSV: a row, not a line, at a time (a quoted value may hold line breaks); the checkpoint counts lines.
				CsvRowText.Row row = rows.next();
				if (row == null) {
					line = rows.consumed();
					return true;
				}
				if (header == null) {
					header = csv.header(row, rel);
				} else if (!row.text().isBlank()) {
					Input input = csv.record(header, row, rows, rel, endpoint);
					bytes += input.text().length();
					inputs.add(input);
				}
				line = rows.consumed();
				continue;
			}
			String text = reader.readLine();
			if (text == null) {
				return true;
			}
			bytes += text.length();
			line++;
			if (!text.isBlank()) {
				inputs.add(JsonInput.read(text, "line " + line + ": ", "file:" + rel + ":" + line, endpoint));
			}
		}
		return false;
	}

	/** A JSON file is one document: read whole, once. */
	private boolean readDocument(List<Input> inputs) throws IOException {
		if (line > 0) {
			return true;
		}
		StringBuilder text = new StringBuilder();
		char[] buffer = new char[8192];
		for (int n; (n = reader.read(buffer)) >= 0;) {
			text.append(buffer, 0, n);
		}
		line = 1;
		String rel = roots.root().relativize(current).toString();
		JsonNode document;
		try {
			// Trailing content is refused: a second document would otherwise be dropped without a word.
			document = JSON.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
					.readTree(text.toString());
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IOException("not JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
					+ ": " + e.getOriginalMessage() + " (a record per line belongs in a file named .ndjson)");
		}
		if (document == null) {
			throw new IOException("the file is empty");
		}
		if (document.isArray()) {
			int i = 0;
			for (JsonNode element : document) {
				inputs.add(Input.parsed(element.toString(), element, "file:" + rel + "#" + i++, endpoint));
			}
		} else {
			inputs.add(Input.parsed(text.toString(), document, "file:" + rel, endpoint));
		}
		return true;
	}

	private Batch fail(Connection c, Path file, String reason) throws Exception {
		closeReader();
		current = null;
		String name = checkpointName(file);
		log.error("file.failed", "flow", flow, "endpoint", endpoint, "file", roots.root().relativize(file), "reason", reason);
		return new Batch(List.of(), tx -> {
		}, () -> finish(c, file, name, "failed", reason));
	}

	private void finish(Connection c, Path file, String name, String to) {
		finish(c, file, name, to, null);
	}

	/**
	 * After the commit: the file moves out of the way, then its checkpoint goes (a crash between is harmless). A file
	 * that cannot be moved keeps its checkpoint, which is at its end, so that nothing of it is read again.
	 */
	private void finish(Connection c, Path file, String name, String to, String reason) {
		Journal.WRITES.lock();
		try {
			try {
				if (!move(file, to, reason)) {
					waiting.stick(file);
					return;
				}
				Journal.checkpoint(c, name, null);
				c.commit();
			} catch (Exception e) {
				log.error("file.move-failed", "flow", flow, "file", file, "reason", String.valueOf(e));
			}
		} finally {
			Journal.WRITES.unlock();
		}
	}

	/** Moves a file to done/ or failed/; says whether it could. */
	private boolean move(Path file, String to, String reason) {
		Path dir = directory.resolve(to);
		Path target = dir.resolve(file.getFileName());
		try {
			Files.createDirectories(dir);
			for (int i = 1; Files.exists(target); i++) {
				target = dir.resolve(file.getFileName() + "." + i);
			}
			Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException e) {
			String left = "done".equals(to) ? "its records are journaled; it stays where it is and is not read again"
					: "it stays where it is until the runner starts again";
			log.error("file.move-failed", "flow", flow, "file", roots.root().relativize(file), "to", roots.root().relativize(dir), "reason",
					String.valueOf(e), "action", left + "; make " + roots.root().relativize(dir)
							+ " a directory the runner may write to, and the next start moves the file");
			return false;
		}
		if (reason != null) {
			Path note = dir.resolve(target.getFileName() + ".reason.txt");
			try {
				Files.writeString(note, reason + System.lineSeparator());
			} catch (IOException e) {
				log.error("file.note-failed", "flow", flow, "file", note, "reason", String.valueOf(e), "note", reason);
			}
		}
		return true;
	}

	private void closeReader() {
		if (reader != null) {
			try {
				reader.close();
			} catch (IOException e) {
				// read-only: nothing is lost
			}
			reader = null;
			rows = null;
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
