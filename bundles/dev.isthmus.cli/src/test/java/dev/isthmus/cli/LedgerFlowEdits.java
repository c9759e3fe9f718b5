package dev.isthmus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Copies of the generated runner-headers project with the ledger's flow (the one that sends "Stripe-Version") edited
 * by hand: how the tests reach configurations past what the validator allows, which the runner must refuse at start.
 */
final class LedgerFlowEdits {

	private LedgerFlowEdits() {
	}

	/** A copy of {@code generated} in {@code root}/config, its ledger flow's text passed through {@code edit}. */
	static Path editedCopy(Path generated, Path root, UnaryOperator<String> edit) throws IOException {
		Path copy = RunnerTestProjects.copy(generated, Files.createDirectories(root).resolve("config"));
		try (Stream<Path> flows = Files.list(copy.resolve("flows"))) {
			Path flow = flows.filter(f -> read(f).contains("\"Stripe-Version\"")).findFirst().orElseThrow();
			RunnerTestProjects.edit(flow, edit);
		}
		return copy;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
