package dev.isthmus.runner.internal;

import java.util.Locale;

/**
 * What a file holds, by its name: {@code .ndjson} or {@code .jsonl} a record per line, {@code .csv} CSV,
 * {@code .json} JSON; any other name what its endpoint's record says. Directories read, targets written and
 * {@code --feed} go by the same rule.
 */
final class FileFormat {

	private FileFormat() {
	}

	static String of(String fileName, String recordFormat) {
		String n = fileName.toLowerCase(Locale.ROOT);
		return n.endsWith(".ndjson") || n.endsWith(".jsonl") ? "ndjson" : n.endsWith(".csv") ? "csv" : n.endsWith(".json") ? "json" : recordFormat;
	}
}
