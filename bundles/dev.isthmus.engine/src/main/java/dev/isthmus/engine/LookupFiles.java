package dev.isthmus.engine;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** Lookup tables a configuration loads from CSV files of the project ({@code lookup … from "file.csv"}). */
public final class LookupFiles {

	private LookupFiles() {
	}

	/** A lookup file that was read, and holds an entry the lookup refuses (a key twice, a value not of its type). */
	public static final class BadEntry extends IOException {
		private static final long serialVersionUID = 1L;

		BadEntry(String message) {
			super(message);
		}
	}

	/**
	 * The configuration's file lookups, read relative to {@code projectRoot}; its inline ones are added as well.
	 *
	 * @throws IOException naming the file when it cannot be read or lacks a column
	 */
	public static Map<String, LookupTable> load(JsonNode config, Path projectRoot) throws IOException {
		Map<String, LookupTable> tables = new HashMap<>(LookupTable.inline(config));
		for (var it = config.path("lookups").fields(); it.hasNext();) {
			var lookup = it.next();
			JsonNode spec = lookup.getValue();
			if (!spec.has("file")) {
				continue;
			}
			Path file = projectRoot.resolve(spec.get("file").asText());
			String keyColumn = spec.path("keyColumn").asText("key");
			String valueColumn = spec.path("valueColumn").asText("value");
			Map<Object, Object> entries = new HashMap<>();
			// Where each key was first listed: a key listed twice took its last value without a word, and a value
			// that is not one of its enum's literals went on into records (review 34), where an inline lookup's are errors.
			Map<Object, Long> lines = new HashMap<>();
			try (Reader reader = Files.newBufferedReader(file);
					MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
							.with(CsvSchema.emptySchema().withHeader()).readValues(reader)) {
				while (rows.hasNext()) {
					Map<String, String> row = rows.next();
					// The parser stands after the row: at the next line's start, unless the file ends without a line break.
					com.fasterxml.jackson.core.JsonLocation after = rows.getCurrentLocation();
					long line = after.getColumnNr() <= 1 ? after.getLineNr() - 1 : after.getLineNr();
					if (!row.containsKey(keyColumn) || !row.containsKey(valueColumn)) {
						throw new IOException(file + ": lookup " + lookup.getKey() + " needs columns '" + keyColumn
								+ "' and '" + valueColumn + "', the file has " + row.keySet());
					}
					String where = file + ":" + line + ": lookup " + lookup.getKey() + ": ";
					Object key = typed(row.get(keyColumn), spec.path("key"), where + "the key ");
					Long first = lines.putIfAbsent(key, line);
					if (first != null) {
						throw new BadEntry(where + "the key \"" + row.get(keyColumn) + "\" is listed twice (first at line " + first
								+ "); keep one of them");
					}
					entries.put(key, typed(row.get(valueColumn), spec.path("value"), where + "the value "));
				}
			}
			JsonNode fallback = spec.get("default");
			tables.put(lookup.getKey(), new LookupTable(entries, fallback == null ? null
					: typed(fallback.asText(), spec.path("value"), file + ": lookup " + lookup.getKey() + ": the default ")));
		}
		return tables;
	}

	/** {@code text} as a value of {@code type} (as an inline lookup's are), or why it is none, after {@code what}. */
	private static Object typed(String text, JsonNode type, String what) throws IOException {
		String kind = type.path("kind").asText("string");
		try {
			Object value = switch (kind) {
				case "integer", "long" -> Long.parseLong(text.strip());
				case "decimal" -> new java.math.BigDecimal(text.strip());
				case "boolean" -> switch (text.strip()) {
					case "true" -> Boolean.TRUE;
					case "false" -> Boolean.FALSE;
					default -> throw new NumberFormatException();
				};
				default -> text;
			};
			if (kind.equals("enum")) {
				java.util.List<String> literals = new java.util.ArrayList<>();
				type.path("literals").forEach(l -> literals.add(l.asText()));
				if (!literals.isEmpty() && !literals.contains(text)) {
					throw new BadEntry(what + "\"" + text + "\" is not a " + type.path("name").asText("literal") + " (" + String.join(", ", literals)
							+ ")");
				}
			}
			return value;
		} catch (NumberFormatException e) {
			throw new BadEntry(what + "\"" + text + "\" is not " + (kind.equals("integer") ? "an " : "a ") + kind);
		}
	}
}
