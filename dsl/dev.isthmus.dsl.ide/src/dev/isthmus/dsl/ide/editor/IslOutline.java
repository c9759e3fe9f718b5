package dev.isthmus.dsl.ide.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

import dev.isthmus.dsl.isthmus.Element;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.EnumLiteral;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.isthmus.ScenarioSetting;
import dev.isthmus.dsl.isthmus.Source;
import dev.isthmus.dsl.isthmus.Step;

/**
 * The outline of a file: its declarations (models, systems, lookups, mappings, flows, tests, scenarios) and what
 * each is made of (fields, records, endpoints, rules, the source and steps of a flow).
 */
final class IslOutline {

	List<IslSymbol> symbols(XtextResource resource) {
		List<IslSymbol> symbols = new ArrayList<>();
		if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof IslFile file)) {
			return symbols;
		}
		for (Element element : file.getElements()) {
			IslSymbol symbol = symbol(element, 0);
			if (symbol != null) {
				symbols.add(symbol);
			}
		}
		return symbols;
	}

	private IslSymbol symbol(EObject object, int depth) {
		ICompositeNode node = NodeModelUtils.getNode(object);
		if (node == null) {
			return null;
		}
		List<IslSymbol> children = new ArrayList<>();
		if (depth < 2) {
			for (EObject child : object.eContents()) {
				if (shown(child)) {
					IslSymbol symbol = symbol(child, depth + 1);
					if (symbol != null) {
						children.add(symbol);
					}
				}
			}
		}
		INode nameNode = nameNode(object, node);
		String name = label(object, node);
		return new IslSymbol(name, kind(object), node.getOffset(), node.getLength(), nameNode.getOffset(),
				nameNode.getLength(), nameNode.getStartLine(), children);
	}

	private static boolean shown(EObject child) {
		return child instanceof Field || child instanceof Record || child instanceof Endpoint
				|| child instanceof RecordField || child instanceof EnumLiteral || child instanceof MappingRule
				|| child instanceof Source || child instanceof Step || child instanceof ScenarioSetting;
	}

	private static INode nameNode(EObject object, ICompositeNode node) {
		EStructuralFeature name = object.eClass().getEStructuralFeature("name");
		if (name == null) {
			name = object.eClass().getEStructuralFeature("target"); // a mapping rule is named by its target field
		}
		if (name != null) {
			List<INode> nodes = NodeModelUtils.findNodesForFeature(object, name);
			if (!nodes.isEmpty()) {
				return nodes.get(0);
			}
		}
		return node;
	}

	private static String label(EObject object, ICompositeNode node) {
		EStructuralFeature name = object.eClass().getEStructuralFeature("name");
		if (name != null && object.eGet(name) instanceof String s) {
			return object instanceof dev.isthmus.dsl.isthmus.TestCase ? "\"" + s + "\"" : s;
		}
		if (object instanceof MappingRule rule) {
			return rule.getTarget();
		}
		// A source, step or setting: its first line of text, e.g. "idempotent on id for 7d".
		String text = NodeModelUtils.getTokenText(node);
		return text.length() > 60 ? text.substring(0, 57) + "…" : text;
	}

	private static String kind(EObject object) {
		String eClass = object.eClass().getName();
		return switch (eClass) {
			case "DataModel" -> "model";
			case "ExternalSystem" -> "system";
			case "TestCase" -> "test";
			case "RecordField" -> "field";
			case "MappingRule" -> "rule";
			case "EnumType" -> "enum";
			case "EnumLiteral" -> "literal";
			case "Source" -> "source";
			default -> object instanceof Step ? "step"
					: object instanceof ScenarioSetting ? "setting"
							: Character.toLowerCase(eClass.charAt(0)) + eClass.substring(1);
		};
	}
}
