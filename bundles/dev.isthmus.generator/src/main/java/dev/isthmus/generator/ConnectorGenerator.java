package dev.isthmus.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.StandaloneLanguage;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.generator.internal.ShapeSchemas;

/**
 * Turns a validated project into its generated files: the manifest, one connector configuration per flow
 * ({@code flows/<flow>.json}) and a JSON Schema per canonical model and system record ({@code schemas/}).
 * Deterministic: the same sources give byte-identical files (sorted names, declaration order inside, fixed line
 * endings), so that a review diff shows only what changed.
 */
public final class ConnectorGenerator {

	/** The version of the generated format; a reader refuses a newer major version. */
	public static final String FORMAT = "1.0";
	public static final String MANIFEST = "isthmus-manifest.json";
	public static final String SCHEMAS = "schemas";
	public static final String FLOWS = "flows";

	private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
			.withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
					.withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER))
			.withObjectIndenter(new DefaultIndenter("  ", "\n")).withArrayIndenter(new DefaultIndenter("  ", "\n")));

	private final String generatorVersion;

	/** @param generatorVersion written into the manifest, e.g. the command line's version */
	public ConnectorGenerator(String generatorVersion) {
		this.generatorVersion = generatorVersion;
	}

	/** The generated files, by path relative to the output folder, in sorted order. */
	public Map<String, String> generate(IslProject project) throws IOException {
		ShapeSchemas schemas = new ShapeSchemas(StandaloneLanguage.injector().getInstance(IEObjectDocumentationProvider.class));
		Map<String, String> files = new TreeMap<>();
		TreeSet<String> flows = new TreeSet<>();
		ProjectIndex index = project.resources().isEmpty() ? null
				: ProjectIndex.of(project.resources().get(0).getResourceSet());
		TreeSet<String> endpoints = new TreeSet<>();
		for (Resource resource : project.resources()) {
			for (var it = resource.getAllContents(); it.hasNext();) {
				EObject object = it.next();
				switch (object) {
					case DataModel model -> files.put(SCHEMAS + "/" + ShapeSchemas.fileName(model), json(schemas.of(model)));
					case Record record -> files.put(SCHEMAS + "/" + ShapeSchemas.fileName(record), json(schemas.of(record)));
					case Flow flow -> {
						flows.add(ProjectIndex.qualifiedName(flow));
						ObjectNode configuration = new dev.isthmus.generator.internal.FlowConfigurations(index).of(flow, FORMAT);
						files.put(FLOWS + "/" + ProjectIndex.qualifiedName(flow) + ".json", json(configuration));
						copyLookupFiles(project, configuration, files);
					}
					case Endpoint endpoint -> endpoints.add(ProjectIndex.qualifiedName(endpoint));
					default -> {
					}
				}
			}
		}
		ObjectNode manifest = new ObjectMapper().createObjectNode();
		manifest.put("format", FORMAT);
		manifest.put("generator", generatorVersion);
		manifest.put("sourcesHash", sourcesHash(project));
		flows.forEach(manifest.putArray("flows")::add);
		endpoints.forEach(manifest.putArray("endpoints")::add);
		files.keySet().forEach(manifest.putArray("files")::add);
		files.put(MANIFEST, json(manifest));
		return files;
	}

	/**
	 * Lookup tables kept in CSV files travel with the configuration, at the same relative path, so that a runner on
	 * another machine needs only the generated folder.
	 */
	private static void copyLookupFiles(IslProject project, ObjectNode configuration, Map<String, String> files) throws IOException {
		java.nio.file.Path root = project.root().toAbsolutePath().normalize();
		for (JsonNode lookup : configuration.path("lookups")) {
			String file = lookup.path("file").asText(null);
			if (file == null || files.containsKey(file)) {
				continue;
			}
			java.nio.file.Path source = root.resolve(file).normalize();
			if (source.startsWith(root) && java.nio.file.Files.isRegularFile(source)) {
				files.put(root.relativize(source).toString().replace('\\', '/'), java.nio.file.Files.readString(source));
			}
		}
	}

	/** The project's functional tests as the engine runs them, in file and declaration order. */
	public static List<JsonNode> testPlans(IslProject project) {
		List<JsonNode> plans = new ArrayList<>();
		if (project.resources().isEmpty()) {
			return plans;
		}
		dev.isthmus.generator.internal.TestPlans tests = new dev.isthmus.generator.internal.TestPlans(
				ProjectIndex.of(project.resources().get(0).getResourceSet()));
		for (Resource resource : project.resources()) {
			for (var it = resource.getAllContents(); it.hasNext();) {
				if (it.next() instanceof dev.isthmus.dsl.isthmus.TestCase test) {
					ObjectNode plan = tests.of(test);
					plan.put("file", project.root().toAbsolutePath().normalize().relativize(java.nio.file.Path.of(resource.getURI().toFileString()).normalize()).toString());
					plans.add(plan);
				}
			}
		}
		return plans;
	}

	/** Writes the files into {@code folder}, replacing what an earlier generation wrote there. */
	public static void write(Map<String, String> files, Path folder) throws IOException {
		for (String generated : List.of(SCHEMAS, FLOWS)) {
			Path dir = folder.resolve(generated);
			if (Files.isDirectory(dir)) {
				try (var old = Files.list(dir)) {
					for (Path file : old.filter(p -> p.toString().endsWith(".json")).toList()) {
						Files.delete(file);
					}
				}
			}
		}
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path target = folder.resolve(file.getKey());
			Files.createDirectories(target.getParent());
			Files.write(target, utf8(file.getKey(), file.getValue()));
		}
	}

	/**
	 * The file's bytes. Half a character (a lone UTF-16 surrogate) has no UTF-8 bytes, and the encoder's own complaint
	 * is a bare "Input length = 1"; validation refuses such a text literal, so this names the file and line should
	 * one come from elsewhere.
	 */
	static byte[] utf8(String name, String text) throws IOException {
		try {
			java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(text));
			byte[] out = new byte[bytes.remaining()];
			bytes.get(out);
			return out;
		} catch (java.nio.charset.CharacterCodingException e) {
			int at = 0;
			while (at < text.length() && !(Character.isSurrogate(text.charAt(at))
					&& (!Character.isHighSurrogate(text.charAt(at)) || at + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(at + 1))))) {
				at += Character.isHighSurrogate(text.charAt(at)) && at + 1 < text.length() ? 2 : 1;
			}
			long line = at >= text.length() ? 0 : text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
			String code = at >= text.length() ? "" : String.format(" (U+%04X)", (int) text.charAt(at));
			throw new IOException(name + " would hold half a character" + code + (line > 0 ? " at line " + line : "")
					+ ", which UTF-8 cannot write, so it was not written. It comes from a text in the sources: isthmus validate "
					+ "points at a literal that holds one; write the whole character (both surrogates, or the character itself).", e);
		}
	}

	private static String json(JsonNode node) {
		try {
			return WRITER.writeValueAsString(node) + "\n";
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IllegalStateException("a JSON tree always serializes", e);
		}
	}

	/** {@code sha256:…} of the sources: each file's path below the project and its bytes, in path order. */
	static String sourcesHash(IslProject project) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			List<Path> files = new ArrayList<>(project.files());
			files.sort(java.util.Comparator.comparing(p -> project.root().relativize(p).toString().replace('\\', '/')));
			for (Path file : files) {
				digest.update(project.root().relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(Files.readAllBytes(file));
				digest.update((byte) 0);
			}
			return "sha256:" + HexFormat.of().formatHex(digest.digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
