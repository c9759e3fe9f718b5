package dev.isthmus.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Reads what {@code isthmus generate} wrote, refusing anything the format does not allow: each file is validated
 * against the format's JSON Schema (kept in this bundle, {@code schema/}), and a newer major format is refused.
 * Problems name the file and the JSON pointer of the offending value; every problem of every file is named at once.
 */
public final class ConfigurationLoader {

	/** The major format version this reader understands. */
	public static final int MAJOR = 1;
	public static final String MANIFEST = "isthmus-manifest.json";

	private static final ObjectMapper JSON = new ObjectMapper();
	/** What to do about a value this reader refuses. */
	private static final String CORRECT_IT = "; correct it in the file, or generate the project again from its .isl files"
			+ " (isthmus generate writes these files; they are not meant to be edited by hand)";
	/** A parser's location, "[Source: REDACTED (…); line: 1, column: 2]", which some of its messages quote within. */
	private static final java.util.regex.Pattern PARSER_LOCATION = java.util.regex.Pattern
			.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
	private static final JsonSchema MANIFEST_SCHEMA = schema("isthmus-manifest.schema.json");
	private static final JsonSchema FLOW_SCHEMA = schema("isthmus-flow.schema.json");

	private ConfigurationLoader() {
	}

	public static GeneratedProject load(Path folder) throws ConfigurationException {
		Path manifestFile = folder.resolve(MANIFEST);
		if (!Files.isRegularFile(manifestFile)) {
			// A project's .isl files are in its folder or a folder of it; deeper ones are some other project's below it
			// (review 39: /tmp was called an Isthmus project for a file three folders down).
			Path isl;
			try (java.util.stream.Stream<Path> files = Files.walk(folder, 2)) {
				isl = files.filter(f -> f.getFileName().toString().endsWith(".isl")).sorted().findFirst().orElse(null);
			} catch (IOException | java.io.UncheckedIOException e) {
				isl = null;
			}
			// A project's own folder must not be suggested as the output: generating into it would mix the two.
			throw new ConfigurationException(manifestFile, "", isl != null
					? "this is an Isthmus project (it holds .isl files: " + folder.relativize(isl) + "), not a generated one; run 'isthmus generate " + folder
							+ " -o target/" + folder.toAbsolutePath().normalize().getFileName() + "' and then use target/"
							+ folder.toAbsolutePath().normalize().getFileName()
					: "no manifest here; run 'isthmus generate <project> -o " + folder + "' first", null);
		}
		JsonNode manifest = read(manifestFile);
		checkFormat(manifestFile, manifest);
		// From here every problem is gathered, of every file, and refused together: one per start would have a
		// person fix a hand-edited configuration one value at a time.
		List<ConfigurationException.Problem> problems = new ArrayList<>();
		check(manifestFile, manifest, MANIFEST_SCHEMA, problems);
		// Every file the generator wrote must be there: a flow whose record schema is gone would run without the
		// declared type checks, and one whose lookup file is gone would fail record by record.
		Set<Path> missing = new HashSet<>();
		JsonNode files = manifest.path("files");
		for (int i = 0; i < files.size(); i++) {
			Path file = folder.resolve(files.get(i).asText());
			if (!Files.isRegularFile(file)) {
				missing.add(file);
				problems.add(new ConfigurationException.Problem(manifestFile, "/files/" + i, "the manifest lists " + files.get(i).asText()
						+ " but " + folder.relativize(file) + " is missing; generate the project again"));
			}
		}
		Map<String, JsonNode> flows = new TreeMap<>();
		for (JsonNode name : manifest.path("flows")) {
			if (!name.isTextual()) {
				continue; // the manifest's schema check has said so
			}
			Path file = folder.resolve("flows").resolve(name.asText() + ".json");
			if (!Files.isRegularFile(file)) {
				if (missing.add(file)) {
					problems.add(new ConfigurationException.Problem(manifestFile, "/flows", "the manifest lists flow " + name.asText()
							+ " but " + folder.relativize(file) + " is missing; generate the project again"));
				}
				continue;
			}
			JsonNode flow;
			try {
				flow = read(file);
				checkFormat(file, flow);
			} catch (ConfigurationException e) {
				problems.addAll(e.problems());
				continue;
			}
			check(file, flow, FLOW_SCHEMA, problems);
			stepsAfterRoute(file, flow, problems);
			FlowDurations.check(file, flow, problems);
			pagedQueries(file, flow, problems);
			flows.put(name.asText(), flow);
		}
		if (!problems.isEmpty()) {
			throw new ConfigurationException(problems);
		}
		return new GeneratedProject(manifest, flows);
	}

	/**
	 * The file's one JSON document. Content after it (a merge conflict's marker, a second document) is refused like any
	 * malformed file: readTree alone stops after the first value and would run a half-edited configuration.
	 */
	private static JsonNode read(Path file) throws ConfigurationException {
		try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(file.toFile())) {
			JsonNode document = JSON.readTree(parser);
			if (document != null && parser.nextToken() != null) {
				throw malformed(file, parser.currentTokenLocation(), "more content after the JSON document ends", null);
			}
			return document;
		} catch (JsonProcessingException e) {
			// The parser's own short message, without its "[Source: REDACTED (StreamReadFeature…)" location internals.
			String message = PARSER_LOCATION.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("line $1, column $2");
			throw malformed(file, e.getLocation(), message, e);
		} catch (IOException e) {
			throw new ConfigurationException(file, "", "cannot read: " + e.getMessage(), e);
		}
	}

	private static ConfigurationException malformed(Path file, com.fasterxml.jackson.core.JsonLocation where, String what, Throwable cause) {
		String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
		return new ConfigurationException(file, "", "not valid JSON" + at + ": " + what + "; generate the project again with"
				+ " 'isthmus generate <project> -o <this folder>' (it writes these files; they are not meant to be edited by hand)", cause);
	}

	/** A newer major format is refused before its details can confuse the schema check. */
	private static void checkFormat(Path file, JsonNode document) throws ConfigurationException {
		if (document == null || !document.isObject()) {
			throw new ConfigurationException(file, "", (document == null || document.isMissingNode() ? "the file is empty"
					: "expected a JSON object, found " + document.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))
					+ "; generate the project again", null);
		}
		String format = document.path("format").asText("");
		if (!format.matches("\\d+\\.\\d+")) {
			throw new ConfigurationException(file, "/format", "expected a format version such as \"1.0\", found "
					+ document.path("format"), null);
		}
		int major = Integer.parseInt(format.substring(0, format.indexOf('.')));
		if (major > MAJOR) {
			throw new ConfigurationException(file, "/format", "format " + format + " is newer than this reader (" + MAJOR
					+ ".x); use the isthmus version that generated it, or a newer one", null);
		}
	}

	/** Adds each value of {@code document} its schema refuses, in the order of their pointers. */
	private static void check(Path file, JsonNode document, JsonSchema schema, List<ConfigurationException.Problem> problems) {
		schema.validate(document).stream().sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
				.thenComparing(ValidationMessage::getMessage)).forEach(m -> {
					String pointer = m.getInstanceLocation().toString();
					// The validator's message starts with the pointer, which the problem names already.
					String what = m.getMessage().startsWith(pointer + ": ") ? m.getMessage().substring(pointer.length() + 2) : m.getMessage();
					problems.add(new ConfigurationException.Problem(file, pointer, what + CORRECT_IT));
				});
	}

	/**
	 * A step after a route, which the engine would never run (each record leaves through the route's branch): the
	 * language refuses it, and a configuration edited by hand must not run without it silently either.
	 */
	private static void stepsAfterRoute(Path file, JsonNode flow, List<ConfigurationException.Problem> problems) {
		JsonNode steps = flow.path("steps");
		int route = -1;
		for (int i = 0; i < steps.size(); i++) {
			String step = steps.get(i).path("step").asText();
			if (route >= 0) {
				problems.add(new ConfigurationException.Problem(file, "/steps/" + i, "a '" + step + "' step after the route at /steps/" + route
						+ " never runs (a route ends the flow's steps); move it before the route, or generate the project again from its"
						+ " .isl files"));
			} else if (step.equals("route")) {
				route = i;
			}
		}
	}

	/**
	 * A polled query with LIMIT (or FETCH FIRST/NEXT, TOP, OFFSET), from an older generator or edited by hand: the
	 * runner reads the query in batches by its key itself, so it would read the same first rows forever, silently.
	 */
	private static void pagedQueries(Path file, JsonNode flow, List<ConfigurationException.Problem> problems) {
		flow.path("endpoints").properties().forEach(endpoint -> {
			String clause = dev.isthmus.library.PolledQueries.pagingClause(endpoint.getValue().path("transport").path("query").asText(null));
			if (clause != null) {
				problems.add(new ConfigurationException.Problem(file, "/endpoints/" + pointerToken(endpoint.getKey()) + "/transport/query",
						"the query has " + clause + ", and the runner reads the query in batches by its key itself (SELECT * FROM (query) Q"
								+ " WHERE key >= ? ORDER BY key), so the " + clause + " would return the same first rows at every poll and the"
								+ " rest never; remove the " + clause + " from the query in the .isl file and generate the project again"));
			}
		});
	}

	/** A name as one token of a JSON pointer (RFC 6901). */
	static String pointerToken(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

	/** What to do about a value of a file that is well-formed but refused; see {@link #CORRECT_IT}. */
	static String correctIt() {
		return CORRECT_IT;
	}

	private static JsonSchema schema(String name) {
		try (InputStream in = ConfigurationLoader.class.getResourceAsStream("/schema/" + name)) {
			if (in == null) {
				throw new IllegalStateException("schema/" + name + " is missing from this bundle");
			}
			// Instance locations as JSON pointers: flow and endpoint names contain dots.
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
					SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());
		} catch (IOException e) {
			throw new IllegalStateException("cannot read schema/" + name, e);
		}
	}
}
