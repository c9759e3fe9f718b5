package dev.isthmus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ERP that drops windows-1252 CSV exports (rows of id and name) in "in", each row copied to the NDJSON files of
 * "out" by the flow Copy: the project of the tests on large exports read in batches (see
 * {@link TargetFiles#idsDelivered} for what reached "out").
 */
final class ErpExportProject {

	static final String SYSTEM = """
			system Erp kind product {
			    record Row csv {
			        id    : string
			        name  : string
			    }
			    record Out ndjson {
			        id    : string
			        name  : string
			    }
			    endpoint exports file "in" pattern "*.csv" encoding "windows-1252" receives Row
			    endpoint copies file "out" pattern "o-*.ndjson" sends Out
			}
			mapping M : Erp.Row -> Erp.Out { id <- id name <- name }
			flow Copy { from Erp.exports map M to Erp.copies dead-letter }
			""";

	private ErpExportProject() {
	}

	/** Writes the project's source in {@code project} and generates it into {@code generated}, which must succeed. */
	static Path generate(Path project, Path generated) throws IOException {
		Files.writeString(project.resolve("erp.isl"), SYSTEM);
		return RunnerTestProjects.generateFrom(project, generated);
	}
}
