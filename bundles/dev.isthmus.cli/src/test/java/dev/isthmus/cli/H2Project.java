package dev.isthmus.cli;

import static dev.isthmus.cli.RunnerTestProjects.print;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.isthmus.runner.Runner;
import dev.isthmus.runner.RunnerOptions;

/**
 * A project a test writes out (one .isl file) whose jdbc endpoints name their database by the variable DB, run against
 * a real H2 database file in the run root: its statements, its runs, and the notes of the rows it wrote out to files.
 */
final class H2Project {

	private H2Project() {
	}

	/** {@code isl} written to {@code sources} as {@code file} and generated into {@code generated}; the database's URL. */
	static String generate(Path sources, String file, String isl, Path generated, Path root) throws Exception {
		Files.writeString(sources.resolve(file), isl);
		RunnerTestProjects.generateFrom(sources, generated);
		return "jdbc:h2:file:" + root.toAbsolutePath().resolve("db");
	}

	static void sql(String db, String... statements) throws Exception {
		try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
			for (String statement : statements) {
				s.execute(statement);
			}
		}
	}

	static RunnerOptions options(Path generated, Path root, String db, ByteArrayOutputStream log) {
		return RunnerTestProjects.options(generated, root, Map.of("DB", db)).withLog(print(log));
	}

	/** A run with --once; what it logged. */
	static ByteArrayOutputStream once(Path generated, Path root, String db) throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		Runner.once(options(generated, root, db, log));
		return log;
	}

	/** The notes of the rows written to the directory {@code out}, in the files' order. */
	static List<String> notes(Path root, String out) throws Exception {
		List<String> notes = new ArrayList<>();
		if (!Files.isDirectory(root.resolve(out))) {
			return notes;
		}
		ObjectMapper json = new ObjectMapper();
		try (Stream<Path> files = Files.list(root.resolve(out))) {
			for (Path file : files.sorted().toList()) {
				for (String line : Files.readAllLines(file)) {
					notes.add(json.readTree(line).path("note").asText());
				}
			}
		}
		return notes;
	}
}
