package dev.isthmus.generator.internal;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.dsl.isthmus.ArrayShape;
import dev.isthmus.dsl.isthmus.BooleanLiteral;
import dev.isthmus.dsl.isthmus.BuiltinTypeRef;
import dev.isthmus.dsl.isthmus.Constraint;
import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.DecimalLiteral;
import dev.isthmus.dsl.isthmus.ElementTypeRef;
import dev.isthmus.dsl.isthmus.EnumLiteral;
import dev.isthmus.dsl.isthmus.EnumType;
import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.IntegerLiteral;
import dev.isthmus.dsl.isthmus.LengthConstraint;
import dev.isthmus.dsl.isthmus.NameRef;
import dev.isthmus.dsl.isthmus.ObjectShape;
import dev.isthmus.dsl.isthmus.OneOfConstraint;
import dev.isthmus.dsl.isthmus.PatternConstraint;
import dev.isthmus.dsl.isthmus.RangeConstraint;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.isthmus.ScalarShape;
import dev.isthmus.dsl.isthmus.ShapeType;
import dev.isthmus.dsl.isthmus.StringLiteral;
import dev.isthmus.dsl.isthmus.TypeRef;
import dev.isthmus.dsl.typing.ProjectIndex;

/**
 * JSON Schema (2020-12) of canonical models and system records. Canonical models are closed (no properties beyond
 * their fields); records are open, because real payloads carry more than a project declares. Isthmus-specific facts
 * (key, owner, Decimal scale, ref targets) are {@code x-isthmus-*} annotations that validators ignore.
 */
public final class ShapeSchemas {

	public static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private final IEObjectDocumentationProvider documentation;

	public ShapeSchemas(IEObjectDocumentationProvider documentation) {
		this.documentation = documentation;
	}

	/** The file a shape's schema is written to, beside the others: {@code acme.revenue.Customer.schema.json}. */
	public static String fileName(EObject shape) {
		return ProjectIndex.qualifiedName(shape) + ".schema.json";
	}

	public ObjectNode of(DataModel model) {
		ObjectNode schema = header(model);
		ObjectNode properties = schema.putObject("properties");
		ArrayNode required = JSON.arrayNode();
		ArrayNode key = JSON.arrayNode();
		for (Field field : model.getFields()) {
			ObjectNode property = type(field.getType());
			describe(property, field);
			constraints(property, field.getConstraints());
			literal(field.getDefault(), property);
			if (field.isDeprecated()) {
				property.put("deprecated", true);
			}
			properties.set(field.getName(), field.isOptional() ? nullable(property) : property);
			if (!field.isOptional() && field.getDefault() == null) {
				required.add(field.getName());
			}
			if (field.isKey()) {
				key.add(field.getName());
			}
		}
		schema.set("required", required);
		schema.put("additionalProperties", false);
		schema.set("x-isthmus-key", key);
		if (model.getOwner() != null && !model.getOwner().eIsProxy()) {
			schema.put("x-isthmus-owner", ProjectIndex.qualifiedName(model.getOwner()));
		}
		if (model.getVersion() != null) {
			schema.put("x-isthmus-version", Long.parseLong(model.getVersion()));
		}
		if (model.isDeprecated()) {
			schema.put("deprecated", true);
		}
		return schema;
	}

	public ObjectNode of(Record record) {
		ObjectNode schema = header(record);
		object(schema, record.getFields());
		schema.put("x-isthmus-format", record.getFormat().getLiteral());
		return schema;
	}

	private ObjectNode header(EObject shape) {
		ObjectNode schema = JSON.objectNode();
		schema.put("$schema", DRAFT);
		schema.put("$id", fileName(shape));
		schema.put("title", ProjectIndex.qualifiedName(shape));
		describe(schema, shape);
		schema.put("type", "object");
		return schema;
	}

	private void object(ObjectNode schema, List<RecordField> fields) {
		schema.put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		ArrayNode required = JSON.arrayNode();
		for (RecordField field : fields) {
			ObjectNode property = shape(field.getType());
			properties.set(field.getName(), field.isOptional() ? nullable(property) : property);
			if (!field.isOptional()) {
				required.add(field.getName());
			}
		}
		schema.set("required", required);
	}

	private ObjectNode shape(ShapeType type) {
		ObjectNode node = JSON.objectNode();
		switch (type) {
			case ScalarShape s -> {
				switch (s.getKind()) {
					case STRING -> node.put("type", "string");
					case INTEGER -> node.put("type", "integer");
					case NUMBER, DECIMAL -> node.put("type", "number");
					case BOOLEAN -> node.put("type", "boolean");
					case DATE -> node.put("type", "string").put("format", "date");
					case TIMESTAMP -> node.put("type", "string").put("format", "date-time");
				}
			}
			case ArrayShape a -> {
				node.put("type", "array");
				node.set("items", shape(a.getElement()));
			}
			case ObjectShape o -> object(node, o.getFields());
			default -> {
			}
		}
		return node;
	}

	private ObjectNode type(TypeRef ref) {
		ObjectNode node = JSON.objectNode();
		ObjectNode single = ref instanceof BuiltinTypeRef b ? builtin(b) : element((ElementTypeRef) ref);
		if (!ref.isMany()) {
			return single;
		}
		node.put("type", "array");
		node.set("items", single);
		if (ref.getLower() != null) {
			node.put("minItems", Long.parseLong(ref.getLower()));
		}
		if (ref.getUpper() != null && !ref.getUpper().equals("*")) {
			node.put("maxItems", Long.parseLong(ref.getUpper()));
		}
		return node;
	}

	private static ObjectNode builtin(BuiltinTypeRef ref) {
		ObjectNode node = JSON.objectNode();
		switch (ref.getBuiltin()) {
			case STRING -> node.put("type", "string");
			case INTEGER -> node.put("type", "integer").put("minimum", Integer.MIN_VALUE).put("maximum", Integer.MAX_VALUE);
			case LONG -> node.put("type", "integer");
			case DECIMAL -> {
				node.put("type", "number");
				if (ref.getScale() != null) {
					node.put("x-isthmus-scale", Integer.parseInt(ref.getScale()));
				}
			}
			case BOOLEAN -> node.put("type", "boolean");
			case DATE -> node.put("type", "string").put("format", "date");
			case TIMESTAMP -> node.put("type", "string").put("format", "date-time");
			case DURATION -> node.put("type", "string").put("format", "duration");
			// The pattern for any JSON Schema reader; the engine checks the code against ISO 4217 (StoredValues).
			case CURRENCY -> node.put("type", "string").put("pattern", "^[A-Z]{3}$").put("x-isthmus-currency", true);
		}
		return node;
	}

	private ObjectNode element(ElementTypeRef ref) {
		ObjectNode node = JSON.objectNode();
		EObject element = ref.getElement();
		if (element instanceof EnumType enumType) {
			ArrayNode values = node.putArray("enum");
			enumType.getLiterals().stream().map(EnumLiteral::getName).forEach(values::add);
		} else if (ref.isReference() && element instanceof DataModel model) {
			Field key = model.getFields().stream().filter(Field::isKey).findFirst().orElse(null);
			node.setAll(key == null ? JSON.objectNode().put("type", "string") : type(key.getType()));
			node.put("x-isthmus-ref", ProjectIndex.qualifiedName(model));
		} else if (element != null) {
			node.put("$ref", fileName(element));
		}
		return node;
	}

	/** An optional value may also be null. */
	private static ObjectNode nullable(ObjectNode property) {
		JsonNode type = property.get("type");
		if (type != null && type.isTextual() && !property.has("enum")) {
			property.putArray("type").add(type.asText()).add("null");
			return property;
		}
		ObjectNode either = JSON.objectNode();
		either.putArray("anyOf").add(property).add(JSON.objectNode().put("type", "null"));
		return either;
	}

	private static void constraints(ObjectNode property, List<Constraint> constraints) {
		for (Constraint c : constraints) {
			switch (c) {
				case PatternConstraint p -> property.put("pattern", p.getPattern());
				case RangeConstraint r -> {
					property.put("minimum", new java.math.BigDecimal(r.getMin()));
					property.put("maximum", new java.math.BigDecimal(r.getMax()));
				}
				case LengthConstraint l -> {
					property.put("minLength", Long.parseLong(l.getMin()));
					property.put("maxLength", Long.parseLong(l.getMax()));
				}
				case OneOfConstraint o -> {
					ArrayNode values = property.putArray("enum");
					o.getValues().forEach(v -> values.add(value(v)));
				}
				default -> {
				}
			}
		}
	}

	/** A default that is a literal (or an enum literal) is the schema's default; computed defaults are not. */
	private static void literal(Expression expression, ObjectNode property) {
		JsonNode value = expression == null ? null : value(expression);
		if (value != null) {
			property.set("default", value);
		}
	}

	private static JsonNode value(Expression e) {
		return switch (e) {
			case StringLiteral s -> JSON.textNode(s.getValue());
			case IntegerLiteral i -> JSON.numberNode(new java.math.BigInteger(i.getValue()));
			case DecimalLiteral d -> JSON.numberNode(new java.math.BigDecimal(d.getValue()));
			case BooleanLiteral b -> JSON.booleanNode(b.isValue());
			case NameRef n -> JSON.textNode(n.getName());
			default -> null;
		};
	}

	private void describe(ObjectNode node, EObject element) {
		String doc = documentation.getDocumentation(element);
		if (doc != null && !doc.isBlank()) {
			node.put("description", doc.strip());
		}
	}
}
