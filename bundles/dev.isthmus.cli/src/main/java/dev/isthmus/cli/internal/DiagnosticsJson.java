package dev.isthmus.cli.internal;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.project.ProjectDiagnostic;

/** {@code isthmus validate --format json}: the diagnostics as one JSON document for build servers and tools. */
final class DiagnosticsJson {

	private static final ObjectMapper JSON = new ObjectMapper();

	private DiagnosticsJson() {
	}

	static String write(Path project, int files, long errors, long warnings, List<ProjectDiagnostic> diagnostics) {
		ObjectNode root = JSON.createObjectNode();
		root.put("project", project.toString());
		root.put("files", files);
		root.put("errors", errors);
		root.put("warnings", warnings);
		ArrayNode list = root.putArray("diagnostics");
		for (ProjectDiagnostic d : diagnostics) {
			ObjectNode node = list.addObject();
			node.put("file", d.file().toString());
			node.put("line", d.line());
			node.put("column", d.column());
			node.put("severity", d.severity().label());
			node.put("message", d.message());
			if (d.code() != null) {
				node.put("code", d.code());
			}
		}
		try {
			return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
		} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
			throw new IllegalStateException("a tree of strings and numbers always serializes", e);
		}
	}
}
