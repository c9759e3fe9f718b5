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
				Usage: isthmus validate <project-folder> [--format text|json]

				Parses, links, type-checks and validates every .isl file below the folder, as one project
				(references cross files). Prints each problem as file:line:col: severity: message, then a
				summary; --format json prints one JSON document for tools instead.
				Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 wrong usage.
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		boolean json = false;
		List<String> folders = new java.util.ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--format") && i + 1 < args.length && List.of("text", "json").contains(args[i + 1])) {
				json = args[++i].equals("json");
			} else if (args[i].startsWith("--")) {
				err.println("isthmus validate: unknown option " + args[i] + "; the only option is --format text|json.");
				return IsthmusCommandLine.USAGE;
			} else {
				folders.add(args[i]);
			}
		}
		if (folders.size() != 1) {
			err.println("isthmus validate: expected one project folder, got " + folders.size() + ".");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		Path root = Path.of(folders.get(0));
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
		long errors = count(diagnostics, Severity.ERROR);
		long warnings = count(diagnostics, Severity.WARNING);
		if (json) {
			out.println(DiagnosticsJson.write(root, project.files().size(), errors, warnings, diagnostics));
		} else {
			diagnostics.forEach(d -> out.println(d.format()));
			out.println(root + ": " + counted(project.files().size(), "file") + ", " + counted(errors, "error") + ", " + counted(warnings, "warning"));
		}
		return errors == 0 ? IsthmusCommandLine.OK : IsthmusCommandLine.PROBLEMS;
	}

	/** "1 file", "18 files": the summary is read by people; tools read --format json. */
	private static String counted(long n, String what) {
		return n + " " + what + (n == 1 ? "" : "s");
	}

	private static long count(List<ProjectDiagnostic> diagnostics, Severity severity) {
		return diagnostics.stream().filter(d -> d.severity() == severity).count();
	}
}
