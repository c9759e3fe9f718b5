package dev.isthmus.studio.internal.views;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.EACH__VARIABLE;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.MAPPING_RULE__TARGET;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ELEMENT__NAME;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.MAPPING__SOURCE;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.MAPPING__TARGET;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import dev.isthmus.dsl.isthmus.Each;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.ObjectConstruction;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.library.IslType;
import dev.isthmus.studio.internal.views.MappingRow.Status;

/**
 * Computes the Mapping view's rows from the EMF model: the target's fields in declaration order, each with the rule
 * that fills it and a status — the same reading of "required" as the validator's unmapped-field check (not
 * optional, no default). No SWT: a test calls it on a parsed file.
 */
public final class MappingRows {

	private MappingRows() {
	}

	/**
	 * The table of the mapping that contains {@code element}, or {@code null} when it is in no mapping. Call while
	 * holding the document's lock; the result holds no model objects.
	 */
	public static MappingTable at(EObject element) {
		Mapping mapping = element instanceof Mapping m ? m : EcoreUtil2.getContainerOfType(element, Mapping.class);
		if (mapping == null) {
			return null;
		}
		IslType target = mapping.getTarget() == null || mapping.getTarget().eIsProxy() ? IslType.ANY
				: ShapeTypes.of(mapping.getTarget());
		INode name = first(mapping, ELEMENT__NAME);
		int[] header = name == null ? place(mapping) : new int[] { name.getOffset(), name.getLength() };
		String qualified = ProjectIndex.qualifiedName(mapping);
		return new MappingTable(qualified == null ? String.valueOf(mapping.getName()) : qualified,
				text(first(mapping, MAPPING__SOURCE)), text(first(mapping, MAPPING__TARGET)), header[0], header[1],
				rows(mapping.getRules(), target, header));
	}

	/** One row per field of {@code object} (declaration order), then rows for rules naming no field. */
	private static List<MappingRow> rows(List<MappingRule> rules, IslType object, int[] owner) {
		Map<String, List<MappingRule>> byField = new LinkedHashMap<>();
		for (MappingRule rule : rules) {
			if (rule.getTarget() != null) {
				byField.computeIfAbsent(rule.getTarget(), k -> new ArrayList<>()).add(rule);
			}
		}
		List<MappingRow> rows = new ArrayList<>();
		IslType.ObjectType type = object.required() instanceof IslType.ObjectType o ? o : null;
		if (type != null) {
			for (String field : type.members().names()) {
				IslType fieldType = type.members().member(field);
				List<MappingRule> filling = byField.remove(field);
				if (filling == null) {
					rows.add(unmapped(field, fieldType, ShapeTypes.declaration(type, field), owner));
				} else {
					filling.forEach(rule -> rows.add(mapped(rule, fieldType, Status.MAPPED)));
				}
			}
		}
		// Without a known target every rule is shown as mapped: the validator reports an unresolved target shape.
		Status rest = type == null ? Status.MAPPED : Status.UNKNOWN;
		byField.values().forEach(filling -> filling.forEach(rule -> rows.add(mapped(rule, IslType.ANY, rest))));
		return rows;
	}

	private static MappingRow mapped(MappingRule rule, IslType fieldType, Status status) {
		int[] place = place(rule);
		String display = fieldType instanceof IslType.Any ? "" : fieldType.display();
		IslType element = elementOf(fieldType);
		List<MappingRow> children = List.of();
		String expression;
		if (rule.getValue() == null) {
			expression = "{ … }";
			INode target = first(rule, MAPPING_RULE__TARGET);
			children = rows(rule.getRules(), element, target == null ? place : new int[] { target.getOffset(), target.getLength() });
		} else {
			expression = (rule.isAppend() ? "+= " : "") + text(NodeModelUtils.getNode(rule.getValue()));
			if (rule.getValue() instanceof Each each) {
				INode variable = first(each, EACH__VARIABLE);
				children = rows(each.getRules(), element, variable == null ? place(each) : new int[] { variable.getOffset(), variable.getLength() });
				expression = (rule.isAppend() ? "+= " : "") + "each " + text(NodeModelUtils.getNode(each.getSource())) + " as "
						+ each.getVariable() + " { … }";
			} else if (rule.getValue() instanceof ObjectConstruction object) {
				children = rows(object.getRules(), element, place(object));
				expression = (rule.isAppend() ? "+= " : "") + "{ … }";
			}
		}
		return new MappingRow(rule.getTarget(), expression, display, status, place[0], place[1],
				ElementFacts.of(rule, display), children);
	}

	private static MappingRow unmapped(String field, IslType fieldType, EObject declaration, int[] owner) {
		String display = fieldType == null ? "" : fieldType.display();
		Status status = Status.MISSING;
		String expression = "";
		if (declaration instanceof Field f) {
			if (f.getDefault() != null) {
				status = Status.DEFAULTED;
				expression = "= " + text(NodeModelUtils.getNode(f.getDefault()));
			} else if (f.isOptional()) {
				status = Status.DEFAULTED;
			}
		} else if (declaration instanceof RecordField f && f.isOptional()) {
			status = Status.DEFAULTED;
		} else if (declaration == null && fieldType != null && fieldType.isOptional()) {
			status = Status.DEFAULTED;
		}
		ElementFacts facts = declaration == null ? new ElementFacts("Field", field, "", display, "", 0, Map.of())
				: ElementFacts.of(declaration, display);
		return new MappingRow(field, expression, display, status, owner[0], owner[1], facts, List.of());
	}

	/** The object a rule for a field of this type fills: the list's element, or the object itself. */
	private static IslType elementOf(IslType fieldType) {
		IslType required = fieldType.required();
		return required instanceof IslType.ListType list ? list.element().required() : required;
	}

	private static INode first(EObject object, EStructuralFeature feature) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(object, feature);
		return nodes.isEmpty() ? null : nodes.get(0);
	}

	private static int[] place(EObject object) {
		INode node = NodeModelUtils.getNode(object);
		return node == null ? new int[] { 0, 0 } : new int[] { node.getOffset(), node.getLength() };
	}

	private static String text(INode node) {
		return node == null ? "" : NodeModelUtils.getTokenText(node);
	}
}
