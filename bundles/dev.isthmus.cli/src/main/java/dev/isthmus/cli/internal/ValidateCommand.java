package dev.isthmus.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;
import dev.isthmus.dsl.project.ProjectDiagnostic.Severity;

/** {@code isthmus validate <project>}: parse, link and validate every .isl file of a project folder. */
public final class ValidateCommand implements Command {

	@Override
	public String name() {
		return "validate";
	}

	@Override
	public String summary() {
		return "Check the .isl files of a project; print problems as file:line:col: severity: message";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus validate <project-folder>

				Parses, links and validates every .isl file below the folder, as one project (references
				cross files). Prints each problem as file:line:col: severity: message, then a summary.
				Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 wrong usage.
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length != 1) {
			err.println("isthmus validate: expected one project folder, got " + args.length + " arguments.");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		Path root = Path.of(args[0]);
		if (!Files.isDirectory(root)) {
			err.println("isthmus validate: " + root + " is not a folder. Give the folder that holds the project's .isl files.");
			return IsthmusCommandLine.USAGE;
		}
		IslProject project;
		try {
			project = IslProject.load(root);
		} catch (IOException e) {
			err.println("isthmus validate: cannot read " + root + ": " + e.getMessage());
			return IsthmusCommandLine.USAGE;
		}
		if (project.files().isEmpty()) {
			err.println("isthmus validate: no .isl files below " + root + ". Is this the project folder?");
			return IsthmusCommandLine.USAGE;
		}
		List<ProjectDiagnostic> diagnostics = project.validate();
		diagnostics.forEach(d -> out.println(d.format()));
		long errors = count(diagnostics, Severity.ERROR);
		long warnings = count(diagnostics, Severity.WARNING);
		out.printf("%s: %d files, %d errors, %d warnings%n", root, project.files().size(), errors, warnings);
		return errors == 0 ? IsthmusCommandLine.OK : IsthmusCommandLine.PROBLEMS;
	}

	private static long count(List<ProjectDiagnostic> diagnostics, Severity severity) {
		return diagnostics.stream().filter(d -> d.severity() == severity).count();
	}
}
