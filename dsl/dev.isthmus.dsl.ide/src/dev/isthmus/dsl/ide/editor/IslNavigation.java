package dev.isthmus.dsl.ide.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.ILocationInFileProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.ITextRegion;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.FunctionCall;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.NameRef;
import dev.isthmus.dsl.isthmus.Navigation;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.typing.ExpressionTypes;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.IslType;
import dev.isthmus.library.StandardLibrary;

/**
 * Go to definition, find references and hover: what the name under the caret means. Cross-references (models,
 * endpoints, mappings, …) are resolved by Xtext's linker; field names in expressions and rules by the language's
 * type checker, since a field path's meaning depends on the record type at that place.
 */
public class IslNavigation {

	@Inject
	private EObjectAtOffsetHelper atOffset;

	@Inject
	private ILocationInFileProvider locations;

	@Inject
	private IEObjectDocumentationProvider documentation;

	/** The declaration the name at {@code offset} refers to (or is), or {@code null}. */
	public EObject declarationAt(XtextResource resource, int offset) {
		EObject referenced = atOffset.resolveCrossReferencedElementAt(resource, offset);
		if (referenced != null && !referenced.eIsProxy()) {
			return referenced;
		}
		EObject element = atOffset.resolveContainedElementAt(resource, offset);
		if (element == null) {
			return null;
		}
		if (element instanceof FunctionCall call && onFeature(call, "function", offset) && call.eResource() != null) {
			return ProjectIndex.of(call.eResource().getResourceSet()).lookup(call.getFunction());
		}
		return fieldDeclaration(element, offset);
	}

	IslLocation definition(XtextResource resource, int offset) {
		EObject target = declarationAt(resource, offset);
		return target == null ? null : location(target, locations.getSignificantTextRegion(target));
	}

	List<IslLocation> references(XtextResource resource, int offset) {
		EObject target = declarationAt(resource, offset);
		if (target == null) {
			target = atOffset.resolveElementAt(resource, offset);
		}
		List<IslLocation> found = new ArrayList<>();
		if (target == null) {
			return found;
		}
		// A field is not cross-referenced: its uses are names in expressions and rule targets, found by typing them.
		boolean field = fieldDeclaration(target);
		for (Resource r : List.copyOf(resource.getResourceSet().getResources())) {
			for (var it = r.getAllContents(); it.hasNext();) {
				EObject owner = it.next();
				if (field) {
					String feature = fieldUse(owner, target);
					if (feature != null) {
						var nodes = NodeModelUtils.findNodesForFeature(owner, owner.eClass().getEStructuralFeature(feature));
						if (!nodes.isEmpty()) {
							found.add(location(owner, new org.eclipse.xtext.util.TextRegion(nodes.get(0).getOffset(), nodes.get(0).getLength())));
						}
					}
				}
				for (EReference reference : owner.eClass().getEAllReferences()) {
					if (reference.isContainment() || reference.isContainer()) {
						continue;
					}
					Object value = owner.eGet(reference, true);
					List<?> values = reference.isMany() ? (EList<?>) value : java.util.Collections.singletonList(value);
					for (int i = 0; i < values.size(); i++) {
						if (values.get(i) == target) {
							ITextRegion region = locations.getSignificantTextRegion(owner, reference, reference.isMany() ? i : -1);
							found.add(location(owner, region));
						}
					}
				}
			}
		}
		return found;
	}

	String hover(XtextResource resource, int offset) {
		EObject element = atOffset.resolveContainedElementAt(resource, offset);
		if (element instanceof FunctionCall call && onFeature(call, "function", offset)) {
			List<FunctionDeclaration> functions = StandardLibrary.named(call.getFunction());
			if (!functions.isEmpty()) {
				StringBuilder text = new StringBuilder();
				for (FunctionDeclaration f : functions) {
					text.append(f.signature()).append("\n\n").append(f.doc()).append("\n");
				}
				return text.toString().strip();
			}
		}
		EObject declaration = declarationAt(resource, offset);
		StringBuilder text = new StringBuilder();
		if (element instanceof Expression expression && !(element instanceof FunctionCall) && declaration != null
				&& (element instanceof NameRef || element instanceof Navigation)) {
			text.append(name(expression)).append(": ").append(ExpressionTypes.typeOf(expression).display()).append("\n\n");
		}
		if (declaration != null) {
			text.append(signature(declaration));
			String doc = documentation.getDocumentation(declaration);
			if (doc != null && !doc.isBlank()) {
				text.append("\n\n").append(doc.strip());
			}
			return text.toString();
		}
		if (element instanceof Expression expression) {
			IslType type = ExpressionTypes.typeOf(expression);
			return type == IslType.ANY ? null : "Type: " + type.display();
		}
		return null;
	}

	private static String name(Expression expression) {
		return expression instanceof NameRef ref ? ref.getName()
				: expression instanceof Navigation nav ? nav.getMember() : "";
	}

	/** A declaration's first line as written, e.g. {@code endpoint events webhook "/stripe" receives StripeEvent}. */
	static String signature(EObject declaration) {
		ICompositeNode node = NodeModelUtils.getNode(declaration);
		if (node == null) {
			return declaration.eClass().getName();
		}
		StringBuilder text = new StringBuilder();
		for (ILeafNode leaf : node.getLeafNodes()) {
			if (leaf.isHidden()) {
				if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
					text.append(' ');
				}
				continue;
			}
			if ("{".equals(leaf.getText()) || text.length() > 160) {
				break;
			}
			text.append(leaf.getText());
		}
		String where = ProjectIndex.qualifiedName(declaration);
		String first = text.toString().strip();
		return where == null || where.isEmpty() ? first : first + "    (" + where + ")";
	}

	private static EObject fieldDeclaration(EObject element, int offset) {
		if (element instanceof Navigation navigation && onFeature(navigation, "member", offset)) {
			return ShapeTypes.declaration(ExpressionTypes.typeOf(navigation.getReceiver()), navigation.getMember());
		}
		if (element instanceof NameRef ref) {
			return ShapeTypes.declaration(IslScopes.rootType(ref), ref.getName());
		}
		if (element instanceof MappingRule rule && onFeature(rule, "target", offset)) {
			return ShapeTypes.declaration(IslScopes.targetType(rule), rule.getTarget());
		}
		return null;
	}

	/** Whether {@code declaration} is a field of a model, record or lookup, which expressions use by name. */
	private static boolean fieldDeclaration(EObject declaration) {
		return declaration instanceof Field || declaration instanceof RecordField;
	}

	/** The feature of {@code element} that names {@code field}, or {@code null} when it does not use it. */
	private static String fieldUse(EObject element, EObject field) {
		if (element instanceof Navigation navigation && navigation.getMember() != null
				&& ShapeTypes.declaration(ExpressionTypes.typeOf(navigation.getReceiver()), navigation.getMember()) == field) {
			return "member";
		}
		if (element instanceof NameRef ref && ref.getName() != null
				&& ShapeTypes.declaration(IslScopes.rootType(ref), ref.getName()) == field) {
			return "name";
		}
		if (element instanceof MappingRule rule && rule.getTarget() != null
				&& ShapeTypes.declaration(IslScopes.targetType(rule), rule.getTarget()) == field) {
			return "target";
		}
		return null;
	}

	static boolean onFeature(EObject object, String feature, int offset) {
		for (var node : NodeModelUtils.findNodesForFeature(object, object.eClass().getEStructuralFeature(feature))) {
			if (offset >= node.getOffset() && offset <= node.getEndOffset()) {
				return true;
			}
		}
		return false;
	}

	private static IslLocation location(EObject object, ITextRegion region) {
		Resource resource = object.eResource();
		Path file = Path.of(resource.getURI().toFileString());
		ICompositeNode root = ((XtextResource) resource).getParseResult().getRootNode();
		int line = NodeModelUtils.getLineAndColumn(root, region.getOffset()).getLine();
		String text = root.getText();
		int start = text.lastIndexOf('\n', Math.max(0, region.getOffset() - 1)) + 1;
		int end = text.indexOf('\n', region.getOffset());
		String preview = text.substring(start, end < 0 ? text.length() : end).strip();
		return new IslLocation(file, region.getOffset(), region.getLength(), line, preview);
	}
}
