package dev.isthmus.runner.internal;

import java.io.IOException;
import java.io.OutputStream;
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
 * Writes deliveries into a directory: JSON one record per file, NDJSON and CSV one batch per file. A file is
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

	FileSink(Path directory, String pattern, String format, JsonNode shape, String endpoint, String journal) {
		this.directory = directory;
		this.journal = journal.isEmpty() ? "" : journal + "-";
		this.format = format;
		String extension = format.equals("csv") ? ".csv" : format.equals("ndjson") ? ".ndjson" : ".json";
		this.pattern = pattern == null || !pattern.contains("*") ? endpoint.substring(endpoint.lastIndexOf('.') + 1) + "-*" + extension : pattern;
		List<String> names = new ArrayList<>();
		if (shape != null) {
			shape.path("properties").fieldNames().forEachRemaining(names::add);
		}
		this.columns = Collections.unmodifiableList(names);
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
		long batch = rows.get(0).batch() != null ? rows.get(0).batch() : rows.get(0).id();
		Path target = directory.resolve(pattern.replace("*", journal + String.format("%012d", batch)));
		Path temporary = directory.resolve("." + target.getFileName() + ".tmp");
		try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
				StandardOpenOption.WRITE)) {
			out.write(render(rows));
		}
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
		Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		return Collections.nCopies(rows.size(), Result.OK);
	}

	private byte[] render(List<Pending> rows) throws IOException {
		StringBuilder text = new StringBuilder();
		switch (format) {
			case "csv" -> {
				CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
				List<String> names = columns.isEmpty() ? fieldsOf(rows.get(0)) : columns;
				names.forEach(schema::addColumn);
				List<java.util.Map<String, Object>> values = new ArrayList<>();
				for (Pending row : rows) {
					JsonNode record = JSON.readTree(row.record());
					java.util.Map<String, Object> cells = new java.util.LinkedHashMap<>();
					for (String name : names) {
						JsonNode v = record.get(name);
						// A decimal in plain digits: BigDecimal's own text turns 1E+3 or 0.0000001 into exponent form.
						cells.put(name, v == null || v.isNull() ? ""
								: v.isBigDecimal() ? v.decimalValue().toPlainString() : v.isValueNode() ? v.asText() : v.toString());
					}
					values.add(cells);
				}
				java.io.StringWriter csv = new java.io.StringWriter();
				// Quoted only where a value needs it: by default Jackson quotes every value over 24 characters unchecked,
				// which quoted one invoice id of a column and not the others.
				try (var writer = new CsvMapper().writer(schema.build()).with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
						.writeValues(csv)) {
					writer.writeAll(values);
				}
				text.append(csv);
			}
			case "ndjson" -> rows.forEach(r -> text.append(r.record()).append('\n'));
			default -> text.append(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(rows.get(0).record()))).append('\n');
		}
		return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static List<String> fieldsOf(Pending row) throws IOException {
		List<String> names = new ArrayList<>();
		JSON.readTree(row.record()).fieldNames().forEachRemaining(names::add);
		return names;
	}
}
