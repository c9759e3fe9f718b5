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

	/** Edits the copy's flow by hand: {@code what} (which must be there) becomes {@code with}. */
	static void editFlow(Path copy, String what, String with) throws IOException {
		Path flow = copy.resolve("flows/shop.Orders.json");
		String json = Files.readString(flow);
		if (!json.contains(what)) {
			throw new AssertionError("the golden flow has no " + what);
		}
		Files.writeString(flow, json.replace(what, with));
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
