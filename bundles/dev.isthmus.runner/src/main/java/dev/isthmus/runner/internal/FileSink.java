package dev.isthmus.runner.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Writes deliveries into a directory, in the endpoint's encoding: JSON one record per file, NDJSON and CSV one batch
 * per file. A record holding a character the encoding cannot write is refused alone (see {@link UnwritableCharacters}),
 * and the batch's file holds the others. A file is
 * written beside its final name, flushed to disk and renamed atomically, so readers never see half a file. Its
 * name comes from the batch's id in the journal (and the journal's id, see {@link Journal#id}), so a batch delivered
 * again after a crash replaces its own file instead of adding a second one, and never another journal's.
 */
final class FileSink implements Sink {

	private static final ObjectMapper JSON = JsonText.RECORDS;

	private final Path directory;
	private final String pattern;
	private final String format;
	private final List<String> columns;
	private final String journal;
	private final java.nio.charset.Charset charset;
	private final UnwritableCharacters unwritable;
	/** The root the directory must stay inside: it may be replaced by a symbolic link while the runner runs. */
	private final Roots roots;

	/** A sink confined to the directory's parent (its tests'). */
	FileSink(Path directory, String pattern, String format, JsonNode shape, String endpoint, String journal) {
		this(directory, pattern, format, shape, endpoint, journal, parentOf(directory), java.nio.charset.StandardCharsets.UTF_8);
	}

	FileSink(Path directory, String pattern, String format, JsonNode shape, String endpoint, String journal, Roots roots) {
		this(directory, pattern, format, shape, endpoint, journal, roots, java.nio.charset.StandardCharsets.UTF_8);
	}

	/** @param charset the files' encoding (the transport's {@code encoding}) */
	FileSink(Path directory, String pattern, String format, JsonNode shape, String endpoint, String journal, Roots roots,
			java.nio.charset.Charset charset) {
		this.directory = directory;
		this.charset = charset;
		// UTF-8 writes every character: nothing to look for.
		this.unwritable = charset.equals(java.nio.charset.StandardCharsets.UTF_8) ? null : new UnwritableCharacters(charset);
		this.roots = roots;
		this.journal = journal.isEmpty() ? "" : journal + "-";
		// The files' extension says what they hold, as it does for a directory read (a .ndjson file is read a record
		// per line): a json record written to "*.ndjson" files is written as NDJSON, not as JSON no reader takes.
		this.format = pattern == null ? format : FileFormat.of(pattern, format);
		String extension = this.format.equals("csv") ? ".csv" : this.format.equals("ndjson") ? ".ndjson" : ".json";
		this.pattern = pattern == null ? endpoint.substring(endpoint.lastIndexOf('.') + 1) + "-*" + extension : pattern;
		List<String> names = new ArrayList<>();
		if (shape != null) {
			shape.path("properties").fieldNames().forEachRemaining(names::add);
		}
		this.columns = Collections.unmodifiableList(names);
	}

	private static Roots parentOf(Path directory) {
		try {
			return new Roots(directory.toAbsolutePath().normalize().getParent());
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/**
	 * What is wrong with a target's file name pattern, or {@code null}: it names files in the endpoint's directory
	 * (no separators: a pattern of "../x-*.json" wrote outside the root) and holds one {@code *} for the batch's number
	 * (without one every batch would replace the last file; it was silently replaced by a pattern of the runner's).
	 */
	static String patternProblem(String pattern) {
		if (pattern == null) {
			return null;
		}
		if (pattern.contains("/") || pattern.contains("\\") || pattern.equals("..") || pattern.equals(".")) {
			return "the pattern \"" + pattern + "\" is a path; it names the files in the endpoint's directory, e.g. \"entries-*.ndjson\""
					+ " (put the folder in the directory)";
		}
		if (pattern.chars().filter(c -> c == '*').count() != 1) {
			return "the pattern \"" + pattern + "\" needs one '*', where each batch's number goes (each batch is a file of its own),"
					+ " e.g. \"" + (pattern.contains(".") ? pattern.substring(0, pattern.lastIndexOf('.')) + "-*" + pattern.substring(pattern.lastIndexOf('.'))
							: pattern + "-*") + "\"";
		}
		return null;
	}

	@Override
	public int batchSize() {
		return format.equals("json") ? 1 : 500;
	}

	@Override
	public boolean stableBatches() {
		return true;
	}

	@Override
	public List<Result> deliver(List<Pending> rows) throws IOException {
		try {
			return write(rows);
		} catch (java.nio.file.FileSystemException e) {
			// Its message is the path alone ("/out/x.json.tmp"): the reason says what went wrong with it.
			throw new IOException("cannot write " + e.getFile() + ": " + (e instanceof java.nio.file.AccessDeniedException
					? "permission denied" : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
							: e.getClass().getSimpleName() + (e.getReason() == null ? "" : " (" + e.getReason() + ")")), e);
		}
	}

	private List<Result> write(List<Pending> rows) throws IOException {
		long batch = rows.get(0).batch() != null ? rows.get(0).batch() : rows.get(0).id();
		Path target = directory.resolve(pattern.replace("*", journal + String.format("%012d", batch)));
		Path temporary = directory.resolve("." + target.getFileName() + ".tmp");
		List<Result> results = new ArrayList<>(Collections.nCopies(rows.size(), Result.OK));
		List<Pending> writable = rows;
		if (unwritable != null) {
			writable = new ArrayList<>();
			for (int i = 0; i < rows.size(); i++) {
				String problem = unwritable.problem(JSON.readTree(rows.get(i).record()));
				if (problem == null) {
					writable.add(rows.get(i));
				} else {
					results.set(i, new Result(Kind.PERMANENT, problem));
				}
			}
			if (writable.isEmpty()) {
				return results; // no file of none
			}
		}
		byte[] text = render(writable);
		// Once a batch: the directory checked at the start may have been replaced by a symbolic link since.
		confined();
		linkAt(target);
		try {
			write(temporary, text);
		} catch (java.nio.file.NoSuchFileException e) {
			// The directory was removed under the running runner (a cleanup job): made again, as at the start, where it was.
			confined();
			Files.createDirectories(directory);
			write(temporary, text);
		}
		// A rename replaces the name's entry itself and never follows a link there: one planted since the look above is
		// replaced by the file, and nothing is written where it pointed.
		Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		return results;
	}

	/**
	 * Refuses an output name that is a symbolic link: the runner writes regular files only, so someone else put it
	 * there, and replacing it would hide that (a delivery again after a crash replaces its own regular file).
	 */
	private static void linkAt(Path target) throws IOException {
		if (Files.isSymbolicLink(target)) {
			throw new IOException(target + " is a symbolic link (to " + Files.readSymbolicLink(target) + "), not a file the runner"
					+ " wrote; nothing was written: remove the link (the runner writes regular files there); the batch is retried as"
					+ " the flow's retry policy says (a dead letter to replay once its retries are spent)");
		}
	}

	/** Refuses to write where the directory no longer lies inside the root: the batch is retried, as for a full disk. */
	private void confined() throws IOException {
		Path leads = roots.outside(directory);
		if (leads != null) {
			throw new IOException(roots.leadsOutside(directory, leads) + "; nothing was written: " + roots.putBack(directory)
					+ "; the batch is retried as the flow's retry policy says (a dead letter to replay once its retries are spent)");
		}
	}

	/**
	 * Writes the temporary file and flushes it to disk. Its name is predictable, so whatever lies there (a crashed
	 * write's leftover, or a symbolic link planted to send the records outside the root) is removed, not followed,
	 * and the file is made anew: CREATE_NEW and NOFOLLOW_LINKS fail on anything put there in between, and the
	 * batch is retried.
	 */
	private static void write(Path file, byte[] text) throws IOException {
		if (!Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			Files.deleteIfExists(file); // a link itself, not what it points to; a directory there is no leftover of ours
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
				java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text);
			while (bytes.hasRemaining()) {
				channel.write(bytes);
			}
			channel.force(true);
		}
	}

	private byte[] render(List<Pending> rows) throws IOException {
		StringBuilder text = new StringBuilder();
		switch (format) {
			case "csv" -> {
				CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
				List<String> names = columns.isEmpty() ? fieldsOf(rows.get(0)) : columns;
				names.forEach(schema::addColumn);
				java.io.StringWriter csv = new java.io.StringWriter();
				try (CsvGenerator out = new CsvMapper().getFactory().createGenerator(csv)) {
					out.setSchema(schema.build());
					// Quoted only where a value needs it: by default Jackson quotes every value over 24 characters
					// unchecked, which quoted one invoice id of a column and not the others.
					out.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
					for (Pending row : rows) {
						JsonNode record = JSON.readTree(row.record());
						out.writeStartObject();
						for (String name : names) {
							JsonNode v = record.get(name);
							out.writeFieldName(name);
							if (v == null || v.isNull()) {
								out.writeNull(); // an empty cell
							} else if (v.isTextual() && v.asText().isEmpty()) {
								// "", told from no value's empty cell, as the engine's CsvRows (and PostgreSQL's COPY) read them: both
								// were an empty cell, read back as no value. Raw: Jackson's ALWAYS_QUOTE_EMPTY_STRINGS does
								// nothing under STRICT_CHECK_FOR_QUOTING.
								out.writeRawValue("\"\"");
							} else {
								// A decimal in plain digits: BigDecimal's own text turns 1E+3 or 0.0000001 into exponent form.
								out.writeString(v.isBigDecimal() ? v.decimalValue().toPlainString() : v.isValueNode() ? v.asText() : v.toString());
							}
						}
						out.writeEndObject();
					}
				}
				text.append(csv);
			}
			case "ndjson" -> rows.forEach(r -> text.append(r.record()).append('\n'));
			default -> text.append(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(rows.get(0).record()))).append('\n');
		}
		return encoded(text);
	}

	/**
	 * The text in the files' encoding. Records were checked for characters it cannot write; what else is written
	 * (CSV column names) fails the batch rather than turn into {@code ?}.
	 */
	private byte[] encoded(CharSequence text) throws IOException {
		if (unwritable == null) {
			return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}
		try {
			java.nio.ByteBuffer bytes = charset.newEncoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
					.onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(text));
			byte[] out = new byte[bytes.remaining()];
			bytes.get(out);
			return out;
		} catch (java.nio.charset.CharacterCodingException e) {
			throw new IOException("the file's text (its CSV header, say) holds a character " + charset.name() + " cannot write; nothing"
					+ " was written: rename the field, or set the endpoint's encoding to one that has the character (encoding \"UTF-8\")", e);
		}
	}

	private static List<String> fieldsOf(Pending row) throws IOException {
		List<String> names = new ArrayList<>();
		JSON.readTree(row.record()).fieldNames().forEachRemaining(names::add);
		return names;
	}
}
