package dev.isthmus.importer;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.importer.internal.CsvInference;
import dev.isthmus.importer.internal.JsonInference;
import dev.isthmus.importer.internal.JsonSchemaInference;
import dev.isthmus.importer.internal.RecordWriter;

/**
 * Infers a {@code record} declaration from a sample JSON or NDJSON file, a CSV file (header and sample rows) or a
 * JSON Schema — so that nobody retypes a 150-field payload.
 */
public final class RecordImporter {

	/** What the input is. */
	public enum Source {
		JSON, NDJSON, CSV, JSONSCHEMA;

		/** The source a command-line word names, e.g. {@code jsonschema}; {@code null} if none. */
		public static Source named(String word) {
			try {
				return valueOf(word.toUpperCase(Locale.ROOT));
			} catch (IllegalArgumentException e) {
				return null;
			}
		}
	}

	private final ObjectMapper json = new ObjectMapper();
	private final Predicate<String> reserved;

	/**
	 * @param reserved the language's keywords: a field of that name is written quoted, e.g. {@code "from" : string}
	 */
	public RecordImporter(Predicate<String> reserved) {
		this.reserved = reserved;
	}

	/**
	 * The declaration of record {@code name} inferred from {@code file}.
	 *
	 * @param pointer a JSON pointer to the sample inside a larger JSON document (e.g. {@code /resources/invoice}),
	 *                or {@code null} for the whole document
	 * @throws ImportException when the input cannot be read as the source says, naming the file and the place
	 */
	public String importRecord(Source source, Path file, String name, String pointer) throws ImportException {
		try (Reader reader = Files.newBufferedReader(file)) {
			Shape shape = switch (source) {
				case JSON -> JsonInference.of(select(json.readTree(reader), pointer, file));
				case NDJSON -> JsonInference.ofLines(reader, json, file);
				case CSV -> CsvInference.of(reader, file);
				case JSONSCHEMA -> new JsonSchemaInference(select(json.readTree(reader), pointer, file), file).root();
			};
			String format = source == Source.CSV ? "csv" : source == Source.NDJSON ? "ndjson" : "json";
			return new RecordWriter(reserved).write(name, format, shape);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new ImportException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
					+ ": not valid JSON: " + e.getOriginalMessage(), e);
		} catch (IOException e) {
			throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
		}
	}

	private static JsonNode select(JsonNode document, String pointer, Path file) throws ImportException {
		if (pointer == null || pointer.isEmpty()) {
			return document;
		}
		JsonNode node = document.at(pointer);
		if (node.isMissingNode()) {
			throw new ImportException(file + ": nothing at JSON pointer " + pointer
					+ "; pointers look like /resources/invoice (object keys and array indexes, separated by /)", null);
		}
		return node;
	}

	/** A record name from a file name: {@code stripe-invoice.json} gives {@code StripeInvoice}. */
	public static String nameFor(Path file) {
		String base = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
		StringBuilder name = new StringBuilder();
		for (String part : base.split("[^A-Za-z0-9]+")) {
			if (!part.isEmpty()) {
				name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
			}
		}
		return name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "Imported" + name : name.toString();
	}

	/** An input that cannot be imported; the message says which file, where and why. */
	public static final class ImportException extends Exception {
		private static final long serialVersionUID = 1L;

		public ImportException(String message, Throwable cause) {
			super(message, cause);
		}
	}
}
