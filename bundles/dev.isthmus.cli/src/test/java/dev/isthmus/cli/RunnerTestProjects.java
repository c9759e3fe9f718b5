package dev.isthmus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.isthmus.runner.DeadLetters;
import dev.isthmus.runner.RunnerOptions;

/**
 * The runner's test projects ({@code src/test/resources/runner*}) made ready for a run, as each runner test did for
 * itself: generated into a configuration (copied and edited first when a test needs it otherwise), a run root with
 * the files a flow is to read, options that log nowhere unless the test looks at the log, and the run's dead letters.
 */
final class RunnerTestProjects {

	private RunnerTestProjects() {
	}

	/** The sources of the test project {@code name}, a folder of src/test/resources. */
	static Path sources(String name) {
		return Path.of("src/test/resources", name);
	}

	/** Generates the test project {@code name} into {@code into}, which must succeed; returns {@code into}. */
	static Path generate(String name, Path into) {
		return generateFrom(sources(name), into);
	}

	/** Generates the project whose sources are in {@code sources} into {@code into}, which must succeed; returns {@code into}. */
	static Path generateFrom(Path sources, Path into) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new IsthmusCommandLine(nowhere(), print(err)).run("generate", sources.toString(), "-o", into.toString());
		assertEquals(IsthmusCommandLine.OK, code, text(err));
		return into;
	}

	/** Copies the folder {@code from}, all of it, into {@code to}: a project (or a generated one) to edit. */
	static Path copy(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path p : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) {
					Files.createDirectories(target);
				} else {
					Files.copy(p, target);
				}
			}
		}
		return to;
	}

	/** Rewrites {@code file} as {@code edit} makes of its text. */
	static Path edit(Path file, UnaryOperator<String> edit) throws IOException {
		return Files.writeString(file, edit.apply(Files.readString(file)));
	}

	/** Writes {@code content} to {@code path} under the run root, making its folders: a file dropped for a flow to read. */
	static Path drop(Path root, String path, String content) throws IOException {
		Path file = root.resolve(path);
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content);
	}

	/** A run of {@code generated} in {@code root} that sees only {@code environment} and logs nowhere. */
	static RunnerOptions options(Path generated, Path root, Map<String, String> environment) {
		return RunnerOptions.of(generated).withRoot(root).withEnvironment(environment::get).withLog(nowhere());
	}

	/** Why a {@code --once} run of {@code generated} in {@code root}, seeing only {@code environment}, is refused at start. */
	static String refusal(Path generated, Path root, Map<String, String> environment) {
		return org.junit.jupiter.api.Assertions.assertThrows(dev.isthmus.runner.StartupException.class,
				() -> dev.isthmus.runner.Runner.once(options(generated, root, environment))).getMessage();
	}

	/** Every dead letter in the journal of the run root. */
	static List<DeadLetters.DeadLetter> deadLetters(Path generated, Path root) throws SQLException {
		try (DeadLetters letters = new DeadLetters(RunnerOptions.of(generated).withRoot(root).journal())) {
			return letters.list(DeadLetters.Filter.ALL);
		}
	}

	/** Whether the journal (of a runner that may be running on it) has a dead letter such as {@code which}. */
	static boolean anyDeadLetter(Path generated, Path root, Predicate<DeadLetters.DeadLetter> which) {
		try {
			return deadLetters(generated, root).stream().anyMatch(which);
		} catch (SQLException e) {
			return false; // not there yet, or busy: asked again
		}
	}

	/** A stream for output no test looks at. */
	static PrintStream nowhere() {
		return print(new ByteArrayOutputStream());
	}

	static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	static String text(ByteArrayOutputStream bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}
}
