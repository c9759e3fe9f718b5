package dev.isthmus.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The generator's golden output (the contract as the generator writes it), copied for a test to break by hand. */
final class GoldenCopy {

	private static final Path GOLDEN = Path.of("../dev.isthmus.generator/src/test/resources/golden");

	private GoldenCopy() {
	}

	static void into(Path copy) throws IOException {
		try (Stream<Path> files = Files.walk(GOLDEN)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path target = copy.resolve(GOLDEN.relativize(file).toString());
				Files.createDirectories(target.getParent());
				Files.copy(file, target);
			}
		}
	}
}
