package dev.isthmus.dsl.ide.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.nodemodel.BidiTreeIterator;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.resource.XtextResource;

import dev.isthmus.dsl.isthmus.ElementTypeRef;
import dev.isthmus.dsl.isthmus.EnumType;
import dev.isthmus.dsl.isthmus.Shape;

/**
 * Semantic highlighting from the node model: a name is coloured by the grammar assignment it fills (a declaration's
 * {@code name}, a cross-reference, a built-in type, a function call), which the spelling alone cannot tell — {@code
 * key} is a keyword in {@code key id : String} and a field in {@code key : String}.
 */
final class IslHighlighter {

	List<IslHighlight> highlights(XtextResource resource) {
		List<IslHighlight> result = new ArrayList<>();
		if (resource.getParseResult() == null) {
			return result;
		}
		BidiTreeIterator<INode> nodes = resource.getParseResult().getRootNode().getAsTreeIterable().iterator();
		while (nodes.hasNext()) {
			INode node = nodes.next();
			IslHighlight.Style style = styleOf(node);
			if (style != null) {
				if (node.getLength() > 0) {
					result.add(new IslHighlight(node.getTotalOffset() + leadingHidden(node), node.getLength(), style));
				}
				nodes.prune();
			}
		}
		return result;
	}

	private static int leadingHidden(INode node) {
		return node.getOffset() - node.getTotalOffset();
	}

	private static IslHighlight.Style styleOf(INode node) {
		EObject grammar = node.getGrammarElement();
		if (grammar instanceof CrossReference) {
			return referenceStyle(node);
		}
		if (!(grammar instanceof org.eclipse.xtext.RuleCall) && !(grammar instanceof org.eclipse.xtext.EnumLiteralDeclaration)
				&& !(grammar instanceof org.eclipse.xtext.Keyword)) {
			return null;
		}
		if (grammar.eContainer() instanceof CrossReference) {
			return referenceStyle(node);
		}
		Assignment assignment = GrammarUtil.containingAssignment(grammar);
		if (assignment == null) {
			return null;
		}
		ParserRule rule = GrammarUtil.containingParserRule(assignment);
		String where = (rule == null ? "" : rule.getName()) + "." + assignment.getFeature();
		return switch (where) {
			case "FunctionCall.function" -> IslHighlight.Style.FUNCTION;
			case "BuiltinTypeRef.builtin", "ScalarShape.kind" -> IslHighlight.Style.TYPE;
			case "MappingRule.target", "SimpleMetric.name", "NameRef.name", "Navigation.member", "Lambda.parameter",
					"Each.variable", "EnrichStep.field" -> null;
			default -> "name".equals(assignment.getFeature()) && !where.startsWith("Test") ? IslHighlight.Style.DECLARATION
					: null;
		};
	}

	private static IslHighlight.Style referenceStyle(INode node) {
		EObject owner = node.getSemanticElement();
		if (owner instanceof ElementTypeRef) {
			return IslHighlight.Style.TYPE;
		}
		CrossReference reference = node.getGrammarElement() instanceof CrossReference c ? c
				: (CrossReference) node.getGrammarElement().eContainer();
		String type = reference.getType() == null || reference.getType().getClassifier() == null ? ""
				: reference.getType().getClassifier().getName();
		return type.equals(Shape.class.getSimpleName()) || type.equals(EnumType.class.getSimpleName())
				? IslHighlight.Style.TYPE
				: IslHighlight.Style.REFERENCE;
	}
}
