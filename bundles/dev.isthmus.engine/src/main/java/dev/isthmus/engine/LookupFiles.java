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
			try (Reader reader = Files.newBufferedReader(file);
					MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
							.with(CsvSchema.emptySchema().withHeader()).readValues(reader)) {
				while (rows.hasNext()) {
					Map<String, String> row = rows.next();
					if (!row.containsKey(keyColumn) || !row.containsKey(valueColumn)) {
						throw new IOException(file + ": lookup " + lookup.getKey() + " needs columns '" + keyColumn
								+ "' and '" + valueColumn + "', the file has " + row.keySet());
					}
					entries.put(row.get(keyColumn), row.get(valueColumn));
				}
			}
			tables.put(lookup.getKey(), new LookupTable(entries, null));
		}
		return tables;
	}
}
