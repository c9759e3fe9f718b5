package dev.isthmus.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What a file target wrote, as a test reads it back from the real directory. */
final class TargetFiles {

	private TargetFiles() {
	}

	/** The text of the files written in {@code dir} whose names end in {@code extension}, in their names' order. */
	static String written(Path dir, String extension) throws IOException {
		StringBuilder text = new StringBuilder();
		for (Path file : files(dir, extension)) {
			text.append(Files.readString(file, StandardCharsets.UTF_8));
		}
		return text.toString();
	}

	/** How many times each {@code id} reached the NDJSON files in {@code dir}: more than once is a row delivered twice. */
	static Map<String, Integer> idsDelivered(Path dir) throws IOException {
		Map<String, Integer> ids = new TreeMap<>();
		ObjectMapper json = new ObjectMapper();
		for (Path file : files(dir, ".ndjson")) {
			for (String line : Files.readAllLines(file)) {
				if (!line.isBlank()) {
					ids.merge(json.readTree(line).get("id").asText(), 1, Integer::sum);
				}
			}
		}
		return ids;
	}

	/** None where the target has not made {@code dir} yet: it writes nothing until it has a record. */
	private static List<Path> files(Path dir, String extension) throws IOException {
		List<Path> files = new ArrayList<>();
		if (Files.isDirectory(dir)) {
			try (var list = Files.list(dir)) {
				list.filter(f -> f.getFileName().toString().endsWith(extension)).sorted().forEach(files::add);
			}
		}
		return files;
	}
}
