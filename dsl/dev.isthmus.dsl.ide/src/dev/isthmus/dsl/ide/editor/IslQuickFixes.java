package dev.isthmus.dsl.ide.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;

import dev.isthmus.dsl.isthmus.Mapping;
import dev.isthmus.dsl.typing.Calls;
import dev.isthmus.dsl.validation.FileEncodingValidator;
import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.MappingRules;
import dev.isthmus.library.IslType;

/**
 * The fixes a problem's own data makes mechanical: "did you mean" replaces the misspelt name with the suggested
 * one; a required target field nobody maps gets a rule stub (reading the source field of the same name, if there
 * is one, else {@code null} for the user to replace); an unknown encoding becomes the known one it is closest to.
 */
final class IslQuickFixes {

	List<IslQuickFix> of(XtextResource resource, String text, IslProblem problem) {
		List<IslQuickFix> fixes = new ArrayList<>();
		String code = problem.code() == null ? "" : problem.code();
		List<String> data = problem.data();
		String suggestion = switch (code) {
			case Diagnostic.LINKING_DIAGNOSTIC -> data.isEmpty() ? null : data.get(0);
			case ExpressionTyper.UNKNOWN_FIELD, ExpressionTyper.UNKNOWN_NAME, Calls.UNKNOWN_FUNCTION,
					MappingRules.UNKNOWN_TARGET_FIELD -> data.size() < 2 ? null : data.get(1);
			default -> null;
		};
		if (suggestion != null && !suggestion.isEmpty() && problem.length() > 0) {
			String written = text.substring(problem.offset(), Math.min(text.length(), problem.offset() + problem.length()));
			int at = problem.offset();
			int length = problem.length();
			// A qualified reference (Stripe.evnts) is underlined whole; keep what precedes the last segment.
			if (written.contains(".") && !suggestion.contains(".")) {
				int dot = written.lastIndexOf('.') + 1;
				at += dot;
				length -= dot;
			}
			String replacement = suggestion.contains(".") ? suggestion : dev.isthmus.dsl.typing.Suggestions.written(suggestion);
			fixes.add(new IslQuickFix("Change to '" + replacement + "'", List.of(new IslEdit(at, length, replacement))));
		}
		if (FileEncodingValidator.UNKNOWN_ENCODING.equals(code) && data.size() >= 2 && !data.get(1).isEmpty() && problem.length() > 0) {
			// The encoding is a string: the whole literal, quotes and all, is replaced.
			fixes.add(new IslQuickFix("Change to \"" + data.get(1) + "\"",
					List.of(new IslEdit(problem.offset(), problem.length(), "\"" + data.get(1) + "\""))));
		}
		if (MappingRules.UNMAPPED_REQUIRED.equals(code) && !data.isEmpty()) {
			IslQuickFix stub = ruleStub(resource, text, problem, data.get(0));
			if (stub != null) {
				fixes.add(stub);
			}
		}
		return fixes;
	}

	private static IslQuickFix ruleStub(XtextResource resource, String text, IslProblem problem, String field) {
		EObject owner = new EObjectAtOffsetHelper().resolveContainedElementAt(resource, problem.offset());
		ICompositeNode node = owner == null ? null : NodeModelUtils.getNode(owner);
		if (node == null) {
			return null;
		}
		ILeafNode closing = null;
		for (ILeafNode leaf : node.getLeafNodes()) {
			if ("}".equals(leaf.getText())) {
				closing = leaf;
			}
		}
		if (closing == null) {
			return null;
		}
		int lineStart = text.lastIndexOf('\n', Math.max(0, closing.getOffset() - 1)) + 1;
		String closingIndent = text.substring(lineStart, closing.getOffset());
		boolean closingOnOwnLine = closingIndent.isBlank();
		String indent = (closingOnOwnLine ? closingIndent : "") + "    ";
		String value = "null";
		if (owner instanceof Mapping mapping && mapping.getSource() != null && !mapping.getSource().eIsProxy()
				&& dev.isthmus.dsl.typing.ShapeTypes.of(mapping.getSource()).required() instanceof IslType.ObjectType source
				&& source.members().member(field) != null) {
			value = field;
		}
		String rule = dev.isthmus.dsl.typing.Suggestions.written(field) + " <- " + value;
		IslEdit edit = closingOnOwnLine ? new IslEdit(lineStart, 0, indent + rule + "\n")
				: new IslEdit(closing.getOffset(), 0, "\n" + indent + rule + "\n");
		return new IslQuickFix("Add rule '" + rule + "'", List.of(edit));
	}
}
