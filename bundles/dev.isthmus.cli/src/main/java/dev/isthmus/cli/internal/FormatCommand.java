package dev.isthmus.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.dsl.project.IslProject;

/** {@code isthmus format <project> [--check]}: the language's formatter over every .isl file of a project. */
public final class FormatCommand implements Command {

	@Override
	public String name() {
		return "format";
	}

	@Override
	public String summary() {
		return "Format the .isl files of a project in place (--check: only list those that are not formatted)";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus format <project-folder> [--check]

				Formats every .isl file below the folder with the language's formatter, in place. Files with
				syntax errors are left as they are. With --check nothing is written: the files that are not
				formatted are listed, and the exit code is 1 if there are any (for CI).
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		List<String> list = List.of(args);
		boolean check = list.contains("--check");
		List<String> folders = list.stream().filter(a -> !a.equals("--check")).toList();
		if (folders.size() != 1 || !Files.isDirectory(Path.of(folders.get(0)))) {
			err.println("isthmus format: expected one project folder.");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		try {
			Map<Path, String> unformatted = IslProject.load(Path.of(folders.get(0))).unformatted();
			for (Map.Entry<Path, String> file : unformatted.entrySet()) {
				if (check) {
					out.println(file.getKey() + ": not formatted");
				} else {
					Files.writeString(file.getKey(), file.getValue());
					out.println(file.getKey() + ": formatted");
				}
			}
			return check && !unformatted.isEmpty() ? IsthmusCommandLine.PROBLEMS : IsthmusCommandLine.OK;
		} catch (IOException e) {
			err.println("isthmus format: " + e.getMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}
}
