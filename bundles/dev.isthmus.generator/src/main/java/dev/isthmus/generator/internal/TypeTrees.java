package dev.isthmus.generator.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.isthmus.library.IslType;

/** Types as the configuration writes them: {@code {"kind": "decimal", "scale": 2, "optional": true}}. */
final class TypeTrees {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private TypeTrees() {
	}

	/**
	 * A model or record by qualified name; a nested object of a record by the record's name and the field path:
	 * {@code acme.revenue.Stripe.StripeInvoice#lines.data}.
	 */
	static String shapeName(org.eclipse.emf.ecore.EObject origin) {
		if (origin instanceof dev.isthmus.dsl.isthmus.DataModel || origin instanceof dev.isthmus.dsl.isthmus.Record) {
			return dev.isthmus.dsl.typing.ProjectIndex.qualifiedName(origin);
		}
		java.util.Deque<String> path = new java.util.ArrayDeque<>();
		org.eclipse.emf.ecore.EObject at = origin;
		while (at != null && !(at instanceof dev.isthmus.dsl.isthmus.Record)) {
			if (at instanceof dev.isthmus.dsl.isthmus.RecordField field) {
				path.addFirst(field.getName());
			}
			at = at.eContainer();
		}
		return (at == null ? "?" : dev.isthmus.dsl.typing.ProjectIndex.qualifiedName(at)) + "#" + String.join(".", path);
	}

	static ObjectNode of(IslType type) {
		ObjectNode node = JSON.objectNode();
		IslType value = type.required();
		switch (value) {
			case IslType.Scalar s -> {
				node.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
				if (s.scale() != null) {
					node.put("scale", s.scale());
				}
			}
			case IslType.EnumType e -> {
				node.put("kind", "enum");
				node.put("name", e.name());
				e.literals().forEach(node.putArray("literals")::add);
			}
			case IslType.ObjectType o -> {
				node.put("kind", "object");
				node.put("shape", o.members().origin() instanceof org.eclipse.emf.ecore.EObject origin ? shapeName(origin) : o.name());
			}
			case IslType.ListType l -> {
				node.put("kind", "list");
				node.set("element", of(l.element()));
			}
			case IslType.Null n -> node.put("kind", "null");
			default -> node.put("kind", "any");
		}
		if (type.isOptional() && !(type instanceof IslType.Null)) {
			node.put("optional", true);
		}
		return node;
	}
}
