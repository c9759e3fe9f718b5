package dev.isthmus.cli.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.isthmus.cli.Command;
import dev.isthmus.cli.IsthmusCommandLine;
import dev.isthmus.dsl.project.StandaloneLanguage;
import dev.isthmus.importer.RecordImporter;
import dev.isthmus.importer.RecordImporter.ImportException;
import dev.isthmus.importer.RecordImporter.Source;

/** {@code isthmus import json|ndjson|csv|jsonschema <file>}: prints an inferred record declaration. */
public final class ImportCommand implements Command {

	@Override
	public String name() {
		return "import";
	}

	@Override
	public String summary() {
		return "Print a record declaration inferred from a sample JSON, NDJSON or CSV file or a JSON Schema";
	}

	@Override
	public String usage() {
		return """
				Usage: isthmus import json|ndjson|csv|jsonschema <file> [--name <Record>] [--pointer <json-pointer>]

				Infers the shape of the records in <file> and prints a record declaration to paste into a system.
				Fields missing or null in some samples come out optional (?); texts that are ISO dates or
				timestamps come out as date or timestamp.
				  --name      the record's name (default: from the file name, e.g. stripe-invoice.json -> StripeInvoice)
				  --pointer   the sample inside a larger JSON document, e.g. /resources/invoice
				Exit codes: 0 printed, 1 the file cannot be imported, 2 wrong usage.
				""";
	}

	@Override
	public int run(String[] args, PrintStream out, PrintStream err) {
		List<String> positional = new ArrayList<>();
		String name = null;
		String pointer = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--name", "--pointer" -> {
					if (i + 1 == args.length) {
						err.println("isthmus import: " + args[i] + " needs a value.");
						return IsthmusCommandLine.USAGE;
					}
					if (args[i].equals("--name")) {
						name = args[++i];
					} else {
						pointer = args[++i];
					}
				}
				default -> positional.add(args[i]);
			}
		}
		if (positional.size() != 2 || Source.named(positional.get(0)) == null) {
			err.println("isthmus import: expected a format (json, ndjson, csv or jsonschema) and a file.");
			err.print(usage());
			return IsthmusCommandLine.USAGE;
		}
		Path file = Path.of(positional.get(1));
		if (!Files.isRegularFile(file)) {
			err.println("isthmus import: " + file + " is not a file.");
			return IsthmusCommandLine.USAGE;
		}
		if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
			err.println("isthmus import: '" + name + "' is not a record name; use letters, digits and _.");
			return IsthmusCommandLine.USAGE;
		}
		try {
			RecordImporter importer = new RecordImporter(StandaloneLanguage.keywords()::contains);
			out.print(importer.importRecord(Source.named(positional.get(0)), file,
					name == null ? RecordImporter.nameFor(file) : name, pointer));
			return IsthmusCommandLine.OK;
		} catch (ImportException e) {
			err.println("isthmus import: " + e.getMessage());
			return IsthmusCommandLine.PROBLEMS;
		}
	}
}
