package dev.isthmus.studio.internal.views;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;
import dev.isthmus.engine.FlowEngine;
import dev.isthmus.engine.LookupFiles;
import dev.isthmus.engine.Outcome;
import dev.isthmus.engine.Values;
import dev.isthmus.generator.ConnectorGenerator;
import dev.isthmus.studio.internal.views.SampleRecords.Sample;

/**
 * Runs one mapping on the records of a sample file with the engine, on the configuration the generator makes of
 * the project in memory — the configuration a runner would execute. The mapping runs as in a flow that uses it:
 * the flow's lookups and calendar, the record read by the source shape's schema, then the mapping, then the
 * target's shape checked as a {@code validate} step would. The sample is read in the encoding of the flow's source
 * endpoint when the mapping maps that endpoint's records ({@link PreviewFlow}). No SWT, no workspace: a test calls it
 * on a folder.
 */
public final class MappingPreviewRun {

	/** More would make a view nobody reads; the rest is counted. */
	static final int MAX_RECORDS = 500;

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String PREVIEW_ENDPOINT = "studio.preview.sample";

	/**
	 * One record of the sample and what the mapping made of it.
	 *
	 * @param origin {@code file:line} of the input record
	 * @param output the mapped record as pretty JSON, or the empty string when the mapping failed before producing one
	 * @param error  what went wrong with this record, or {@code null}
	 */
	public record PreviewRecord(String origin, String output, String error) {
	}

	/**
	 * The outcome of a preview.
	 *
	 * @param mapping the mapping's qualified name
	 * @param flow    the flow whose configuration ran it, or the empty string when none could
	 * @param records one per sample record (at most {@link #MAX_RECORDS})
	 * @param skipped sample records beyond the limit
	 * @param problem why nothing could run (project errors, unused mapping, unreadable sample), or {@code null}
	 * @param reading how the sample is (or a sample would be) read and why, e.g. "read as windows-1252, the encoding
	 *                of endpoint shop.Erp.inbox, the source of flow shop.Import"; {@code null} before a flow is found
	 */
	public record Result(String mapping, String flow, List<PreviewRecord> records, int skipped, String problem,
			String reading) {

		static Result problem(String mapping, String flow, String problem) {
			return problem(mapping, flow, problem, null);
		}

		static Result problem(String mapping, String flow, String problem, String reading) {
			return new Result(mapping, flow, List.of(), 0, problem, reading);
		}

		/** Records that failed. */
		public long errors() {
			return records.stream().filter(r -> r.error() != null).count();
		}
	}

	private MappingPreviewRun() {
	}

	/**
	 * Previews {@code mapping} (qualified name) of the project in {@code projectRoot} on {@code sample}. Never
	 * throws for what a user can get wrong: a broken project, sample or mapping comes back as {@link Result#problem}
	 * or as per-record errors.
	 *
	 * @param sample    the sample file, or {@code null} to only find out whether the mapping can run (the result's
	 *                  problem then says to choose a sample)
	 * @param cancelled asked between records; a cancelled run returns what it has
	 */
	public static Result run(Path projectRoot, String mapping, Path sample, BooleanSupplier cancelled) {
		IslProject project;
		try {
			project = IslProject.load(projectRoot);
		} catch (IOException e) {
			return Result.problem(mapping, "", "cannot read the project " + projectRoot + ": " + e.getMessage());
		}
		List<ProjectDiagnostic> errors = project.errors();
		if (!errors.isEmpty()) {
			ProjectDiagnostic first = errors.get(0);
			return Result.problem(mapping, "", "the project has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
					+ ", so no configuration can be generated to run the mapping on; the first: "
					+ projectRoot.toAbsolutePath().normalize().relativize(first.file().toAbsolutePath().normalize()) + ":" + first.line() + ":" + first.column()
					+ ": " + first.message() + ". Fix the errors (Problems view) and save.");
		}
		Map<String, String> files;
		try {
			files = new ConnectorGenerator("studio-preview").generate(project);
		} catch (IOException | RuntimeException e) {
			return Result.problem(mapping, "", "generating the configuration failed: " + e.getMessage());
		}
		List<ObjectNode> users = new ArrayList<>(); // by name: the generator's map is sorted, flows/<name>.json
		for (Map.Entry<String, String> file : files.entrySet()) {
			if (file.getKey().startsWith(ConnectorGenerator.FLOWS + "/")) {
				JsonNode config = parse(file.getValue());
				if (config.path("mappings").has(mapping)) {
					users.add((ObjectNode) config);
				}
			}
		}
		if (users.isEmpty()) {
			return Result.problem(mapping, "", "mapping " + mapping + " is used by no flow, and the preview runs a mapping"
					+ " on the configuration of a flow that uses it. Use it in a flow ('map " + simple(mapping)
					+ "' or 'to <endpoint> via " + simple(mapping) + "') and save.");
		}
		String source = users.get(0).get("mappings").get(mapping).path("source").asText();
		PreviewFlow chosen = PreviewFlow.choose(mapping, source, users);
		ObjectNode flowConfig = chosen.config();
		String flow = flowConfig.path("flow").asText();
		JsonNode mappingConfig = flowConfig.get("mappings").get(mapping);
		String sourceSchemaFile = flowConfig.path("shapes").path(source).asText(null);
		if (sample == null) {
			return Result.problem(mapping, flow, "Choose a sample file (JSON, NDJSON or CSV) of " + source
					+ " records to run mapping " + mapping + " on.", chosen.reading());
		}
		List<Sample> samples;
		try {
			samples = SampleRecords.read(sample, sourceSchemaFile == null ? null : parse(files.get(sourceSchemaFile)),
					chosen.encoding());
		} catch (SampleRecords.SampleException e) {
			return Result.problem(mapping, flow, e.getMessage(), chosen.reading());
		}
		FlowEngine engine;
		try {
			engine = new FlowEngine(previewConfiguration(flowConfig, mapping, mappingConfig),
					file -> files.get(ConnectorGenerator.SCHEMAS + "/" + file), LookupFiles.load(flowConfig, projectRoot),
					Instant::now);
		} catch (IOException | RuntimeException e) {
			return Result.problem(mapping, flow, "the engine cannot run flow " + flow + ": " + e.getMessage(), chosen.reading());
		}
		List<PreviewRecord> records = new ArrayList<>();
		for (Sample input : samples.subList(0, Math.min(samples.size(), MAX_RECORDS))) {
			if (cancelled.getAsBoolean()) {
				break;
			}
			records.add(input.problem() != null ? new PreviewRecord(input.origin(), "", input.problem())
					: preview(engine, mapping, input));
		}
		return new Result(mapping, flow, List.copyOf(records), Math.max(0, samples.size() - MAX_RECORDS), null,
				chosen.reading());
	}

	private static PreviewRecord preview(FlowEngine engine, String mapping, Sample input) {
		Outcome outcome;
		try {
			outcome = engine.process(input.json());
		} catch (RuntimeException e) {
			// The engine reports record errors in the outcome; anything else is a defect, shown rather than lost.
			return new PreviewRecord(input.origin(), "", "the engine failed: " + e);
		}
		Object mapped = outcome.trace().stream().filter(t -> t.step().equals("map " + mapping)).map(Outcome.Trace::record)
				.findFirst().orElse(null);
		String output = mapped == null ? "" : pretty(Values.toJson(mapped));
		return new PreviewRecord(input.origin(), output, outcome.deadLetter());
	}

	/**
	 * The flow's configuration cut down to this mapping: the sample arrives at an endpoint of the mapping's source
	 * shape, the mapping runs, the target's shape is checked. Lookups, calendar, shapes and mappings stay the flow's.
	 */
	private static ObjectNode previewConfiguration(ObjectNode flowConfig, String mapping, JsonNode mappingConfig) {
		ObjectNode config = flowConfig.deepCopy();
		String source = mappingConfig.path("source").asText();
		String target = mappingConfig.path("target").asText();
		config.putObject("source").put("endpoint", PREVIEW_ENDPOINT).put("shape", source);
		ObjectNode endpoints = config.get("endpoints") instanceof ObjectNode e ? e : config.putObject("endpoints");
		ObjectNode endpoint = endpoints.putObject(PREVIEW_ENDPOINT);
		endpoint.put("direction", "receives").put("record", source).put("format", "json");
		endpoint.putObject("transport").put("kind", "file").put("directory", ".");
		var steps = config.putArray("steps");
		steps.addObject().put("step", "map").put("mapping", mapping);
		steps.addObject().put("step", "validate").put("shape", target);
		return config;
	}

	private static JsonNode parse(String text) {
		try {
			return JSON.readTree(text);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("the generator wrote JSON that does not parse", e);
		}
	}

	private static String pretty(JsonNode node) {
		try {
			return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("a JSON tree always serializes", e);
		}
	}

	private static String simple(String qualified) {
		return qualified.substring(qualified.lastIndexOf('.') + 1);
	}
}
