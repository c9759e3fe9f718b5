package dev.isthmus.engine.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The {@code validate} step: a record against the generated JSON Schema of its canonical model, with the model's
 * constraints (required fields, patterns, ranges, lengths, enums). Schemas refer to each other by file name; they are
 * served from the generated files under a fixed base, so that no file or network is read while validating.
 */
public final class ShapeValidator {

	private static final String BASE = "https://isthmus.invalid/schemas/";

	private final JsonSchemaFactory factory;
	private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
	private final Map<String, JsonSchema> compiled = new HashMap<>();

	/** @param schemas the text of a schema by file name, {@code acme.revenue.Invoice.schema.json} */
	public ShapeValidator(Function<String, String> schemas) {
		this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
				.schemaLoaders(loaders -> loaders.add(location -> {
					String uri = location.toString();
					if (!uri.startsWith(BASE)) {
						return null;
					}
					String text = schemas.apply(uri.substring(BASE.length()));
					return text == null ? null : () -> new java.io.ByteArrayInputStream(
							text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
				})));
	}

	/** The first problem as "/pointer: message" (the validator's words), or empty when the record fits. */
	public synchronized Optional<String> problem(String schemaFile, JsonNode record) {
		JsonSchema schema = compiled.computeIfAbsent(schemaFile, f -> factory.getSchema(SchemaLocation.of(BASE + f), config));
		Set<ValidationMessage> problems = schema.validate(record);
		return problems.stream().min(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()))
				.map(ValidationMessage::getMessage);
	}
}
