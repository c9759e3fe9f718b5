package dev.isthmus.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.cli.Version;
import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;
import dev.isthmus.generator.ConnectorGenerator;

/** {@code isthmus test <project> [--junit <file>]}: the project's test blocks, run through the engine. */
public final class TestCommand implements Command {

	@Override
	public String name() {
		return "test";
	}

	@Override
	public String summary() {
		return "Run the project's test blocks through the engine on their sample data (--junit writes a report)";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus test <project-folder> [--junit <report.xml>]

				Validates the project, generates its configurations in memory and runs every test block through
				the engine, as the runner would run the flows. A failed expectation prints what was expected,
				what was found and the records' trace. --junit writes a JUnit XML report for CI servers.
				Exit codes: 0 all passed, 1 a test failed or the project has errors, 2 wrong usage.
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		List<String> folders = new ArrayList<>();
		Path junit = null;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--junit") && i + 1 < args.length) {
				junit = Path.of(args[++i]);
			} else {
				folders.add(args[i]);
			}
		}
		if (folders.size() != 1 || !Files.isDirectory(Path.of(folders.get(0)))) {
			err.println("isthmus test: expected one project folder.");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		try {
			IslProject project = IslProject.load(Path.of(folders.get(0)));
			List<ProjectDiagnostic> errors = project.errors();
			if (!errors.isEmpty()) {
				errors.forEach(d -> out.println(d.format()));
				err.println("isthmus test: " + errors.size() + (errors.size() == 1 ? " error in " : " errors in ") + folders.get(0) + "; fix " + (errors.size() == 1 ? "it" : "them") + " before testing.");
				return IsthmusCommandLine.PROBLEMS;
			}
			Map<String, String> files = new ConnectorGenerator(Version.current()).generate(project);
			TestRun runner = new TestRun(files, project.root());
			List<TestRun.Result> results = new ArrayList<>();
			for (JsonNode plan : ConnectorGenerator.testPlans(project)) {
				TestRun.Result result = runner.run(plan);
				results.add(result);
				out.println((result.passed() ? "PASS " : "FAIL ") + result.file() + ": " + result.name());
				if (!result.passed()) {
					result.failures().forEach(f -> out.println("    " + f));
					out.println("    trace:");
					result.trace().forEach(t -> out.println("      " + t));
				}
			}
			long failed = results.stream().filter(r -> !r.passed()).count();
			out.println((results.size() - failed) + " passed, " + failed + " failed");
			if (junit != null) {
				JUnitReport.write(junit, "isthmus." + project.root().getFileName(), results);
			}
			return failed == 0 ? IsthmusCommandLine.OK : IsthmusCommandLine.PROBLEMS;
		} catch (IOException e) {
			err.println("isthmus test: " + e.getMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}
}
