package dev.isthmus.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.cli.Version;
import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;
import dev.isthmus.generator.ConnectorGenerator;

/** {@code isthmus generate <project> -o <dir>}: validates, then writes the generated files; nothing on errors. */
public final class GenerateCommand implements Command {

	@Override
	public String name() {
		return "generate";
	}

	@Override
	public String summary() {
		return "Validate a project, then write its generated files (manifest, JSON Schemas) to a folder";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus generate <project-folder> -o <output-folder>

				Validates the project first; with errors it prints them and writes nothing. Otherwise it writes
				isthmus-manifest.json and schemas/<qualified name>.schema.json (JSON Schema 2020-12 of every
				canonical model and system record) into the output folder. The same sources give byte-identical
				files. Exit codes: 0 written, 1 errors in the project (nothing written), 2 wrong usage.
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		List<String> folders = new ArrayList<>();
		Path output = null;
		for (int i = 0; i < args.length; i++) {
			if ((args[i].equals("-o") || args[i].equals("--output")) && i + 1 < args.length) {
				output = Path.of(args[++i]);
			} else {
				folders.add(args[i]);
			}
		}
		if (folders.size() != 1 || output == null || !Files.isDirectory(Path.of(folders.get(0)))) {
			err.println("isthmus generate: expected a project folder and -o <output-folder>.");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		try {
			IslProject project = IslProject.load(Path.of(folders.get(0)));
			List<ProjectDiagnostic> errors = project.errors();
			if (!errors.isEmpty()) {
				errors.forEach(d -> out.println(d.format()));
				err.println("isthmus generate: " + errors.size() + (errors.size() == 1 ? " error in " : " errors in ") + folders.get(0)
						+ "; nothing was written. Fix " + (errors.size() == 1 ? "it" : "them") + " (isthmus validate lists "
						+ (errors.size() == 1 ? "it" : "them") + " too) and generate again.");
				return IsthmusCommandLine.PROBLEMS;
			}
			Map<String, String> files = new ConnectorGenerator(Version.current()).generate(project);
			ConnectorGenerator.write(files, output);
			out.printf("%s: wrote %d files to %s%n", folders.get(0), files.size(), output);
			return IsthmusCommandLine.OK;
		} catch (IOException e) {
			err.println("isthmus generate: " + e.getMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}
}
