package dev.isthmus.library;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard-library section of the language reference, generated from the declarations so that it cannot
 * drift from what the checker and the engine do. {@code dsl/standard-library.md} is this output; a test fails when
 * they differ and names the command that rewrites it.
 */
public final class LibraryReference {

	private LibraryReference() {
	}

	/** The reference as Markdown: one table per group. */
	public static String markdown() {
		StringBuilder md = new StringBuilder("""
				# The standard library

				<!-- Generated from the declarations in bundles/dev.isthmus.library; do not edit.
				     Rewrite with: java -cp bundles/dev.isthmus.library/target/classes dev.isthmus.library.LibraryReference dsl/standard-library.md -->

				Every function is declared once, with its parameter and result types, this text and its
				implementation: the validator checks calls against the same declaration the engine runs. A `?` marks
				a value that may be missing. Unless a function says otherwise, a missing argument makes the result
				missing, and decimals round half-even.
				""");
		Map<String, List<FunctionDeclaration>> groups = new LinkedHashMap<>();
		for (FunctionDeclaration f : StandardLibrary.all()) {
			groups.computeIfAbsent(f.group(), g -> new java.util.ArrayList<>()).add(f);
		}
		groups.forEach((group, functions) -> {
			md.append("\n## ").append(group).append("\n\n| Function | What it does |\n|---|---|\n");
			for (FunctionDeclaration f : functions) {
				md.append("| `").append(f.signature().replace("|", "\\|")).append("` | ").append(f.doc()).append(" |\n");
			}
		});
		return md.toString();
	}

	/** Writes the reference to the file named by the first argument. */
	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: LibraryReference <output.md>");
			System.exit(2);
		}
		Files.writeString(Path.of(args[0]), markdown(), StandardCharsets.UTF_8);
	}
}
