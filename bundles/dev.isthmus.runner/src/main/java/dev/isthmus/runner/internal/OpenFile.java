package dev.isthmus.runner.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.engine.CsvRowText;

/**
 * The file a {@link FileSource} is reading: its records a batch at a time, and how far it has been read (the line
 * its checkpoint names, with the {@link FilePrint} of the file it was read in; for a JSON array, the elements).
 */
final class OpenFile {

	// Decimals exact from the start: a double loses digits past the 16th and the scale (12.30).
	private static final ObjectMapper JSON = JsonText.INPUTS;

	private final Path file;
	/** Where the file lies, relative to the root: its records' origins name it so. */
	private final String rel;
	private final String format;
	/** Which file it is, as it was when opened: its checkpoint names it so. */
	private final FilePrint print;
	/** The encoding the file is read in: its records' origins name one that is not UTF-8 (see {@link FileEncoding#origin}). */
	private final java.nio.charset.Charset charset;
	private BufferedReader reader;
	/** The CSV file's rows (a row may span lines); {@code null} for other formats. */
	private CsvRowText rows;
	private long line;
	private List<String> header;
	/** A JSON file's check (see {@link JsonDocument}); {@code null} for other formats. */
	private final JsonDocument document;
	/** A JSON array's elements, read one at a time; {@code null} for other formats and a JSON file of one record. */
	private JsonParser elements;

	private OpenFile(Path file, String rel, String format, FilePrint print, java.nio.charset.Charset charset, BufferedReader reader,
			CsvRowText rows, long line, List<String> header, JsonDocument document, JsonParser elements) {
		this.file = file;
		this.charset = charset;
		this.rel = rel;
		this.format = format;
		this.print = print;
		this.reader = reader;
		this.rows = rows;
		this.line = line;
		this.header = header;
		this.document = document;
		this.elements = elements;
	}

	/**
	 * The file, its reader moved past the {@code done} lines its checkpoint says an earlier run committed (see
	 * {@link FilePrint#committed}). The reader, decoding {@code charset}, is the caller's to close when this fails. The
	 * checkpoint counts lines, not bytes, so it holds whatever the encoding's width.
	 *
	 * @throws IOException when the file cannot be read up to there (a {@link java.nio.charset.CharacterCodingException}
	 *                     when it is not text in its encoding)
	 */
	static OpenFile at(Path file, String rel, String format, FilePrint print, java.nio.charset.Charset charset, BufferedReader opened,
			long done, CsvRecords csv) throws IOException {
		List<String> header = null;
		CsvRowText rows = null;
		long at = 0;
		// A byte order mark is no part of the first record (nor of a CSV file's first column name).
		opened.mark(1);
		if (opened.read() != '\uFEFF') {
			opened.reset();
		}
		if ("csv".equals(format)) {
			rows = new CsvRowText(opened, Journal.MAX_TEXT);
			if (done > 0) {
				header = csv.header(rows.next(), rel);
				rows.skip(done - rows.consumed());
			}
			at = rows.consumed();
		} else if ("json".equals(format)) {
			// Checked whole first, then read an element at a time: read whole, a JSON export of a few hundred MB was a
			// tree several times its size, an OutOfMemoryError every time the runner came back to the file.
			JsonDocument document = check(file, rel, charset);
			JsonParser elements = null;
			if (document.array()) {
				elements = JSON.createParser(opened);
				elements.nextToken();
				while (at < done && elements.nextToken() != JsonToken.END_ARRAY) {
					elements.skipChildren();
					at++;
				}
			} else {
				at = Math.min(done, 1); // one record, read (1) or not (0)
			}
			return new OpenFile(file, rel, format, print, charset, opened, null, at, null, document, elements);
		} else {
			while (at < done && opened.readLine() != null) {
				at++;
			}
		}
		return new OpenFile(file, rel, format, print, charset, opened, rows, at, header, null, null);
	}

	/** The JSON file as {@link JsonDocument#check} finds it, or why it is refused. */
	private static JsonDocument check(Path file, String rel, java.nio.charset.Charset charset) throws IOException {
		JsonDocument document;
		try (BufferedReader in = FileEncoding.text(file, charset)) {
			document = JsonDocument.check(in);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			String twice = JsonText.duplicate(e, false);
			if (twice != null) {
				throw new IOException(rel + ": " + twice + ", and drop the file in again");
			}
			throw new IOException(JsonText.refusal(e, false) + (JsonText.moreThanOneValue(e) ? ": a JSON file is one document (an array of"
					+ " records, or one record); a record per line belongs in a file named .ndjson" : ""));
		}
		if (document.empty()) {
			throw new IOException("the file is empty");
		}
		return document;
	}

	Path file() {
		return file;
	}

	/** The file as it was when it was opened. */
	FilePrint print() {
		return print;
	}

	/** The lines read so far, which the checkpoint counts. */
	long line() {
		return line;
	}

	/**
	 * The next records, at most {@code max} and about {@link Source#BATCH_TEXT} of text: JSON (a document, read
	 * whole) or a record per line or CSV row. Says whether the file's end was reached.
	 */
	boolean read(List<Input> inputs, int max, CsvRecords csv, String endpoint) throws IOException {
		return "json".equals(format) ? readDocument(inputs, max, endpoint) : readLines(inputs, max, csv, endpoint);
	}

	private boolean readLines(List<Input> inputs, int max, CsvRecords csv, String endpoint) throws IOException {
		long bytes = 0;
		while (inputs.size() < max && bytes < Source.BATCH_TEXT) {
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
					Input input = csv.record(header, row, rows, rel, charset, endpoint);
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
				inputs.add(JsonInput.read(text, "line " + line + ": ", FileEncoding.origin(rel, line, charset), endpoint));
			}
		}
		return false;
	}

	/** A JSON file: an array's next elements, or its one record, whole. */
	private boolean readDocument(List<Input> inputs, int max, String endpoint) throws IOException {
		if (elements != null) {
			long chars = 0;
			while (inputs.size() < max && chars < Source.BATCH_TEXT) {
				if (elements.nextToken() == JsonToken.END_ARRAY) {
					return true;
				}
				// Half of a character (a \\ud800 escape alone) is read: the engine refuses it where it would be delivered.
				JsonNode element = JSON.readTree(elements);
				String text = element.toString();
				inputs.add(Input.parsed(text, element, "file:" + rel + "#" + line, endpoint));
				chars += text.length();
				line++;
			}
			return false;
		}
		if (line > 0) {
			return true;
		}
		line = 1;
		String origin = "file:" + rel;
		StringBuilder text = new StringBuilder();
		char[] buffer = new char[8192];
		for (int n; (n = reader.read(buffer)) >= 0 && text.length() <= Journal.MAX_TEXT;) {
			text.append(buffer, 0, n);
		}
		if (document.chars() > Journal.MAX_TEXT) {
			inputs.add(Input.tooLong(text.toString(), document.chars(), origin, endpoint));
		} else {
			inputs.add(Input.parsed(text.toString(), JSON.readTree(text.toString()), origin, endpoint));
		}
		return true;
	}

	void close() {
		if (elements != null) {
			try {
				elements.close();
			} catch (IOException e) {
				// read-only: nothing is lost
			}
			elements = null;
		}
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
}
