package dev.isthmus.config;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A generated project as the engine, runner and simulator read it: the manifest and one validated configuration
 * per flow, by qualified flow name.
 */
public record GeneratedProject(JsonNode manifest, Map<String, JsonNode> flows) {
}
