package dev.isthmus.dsl.ide;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.typing.ExpressionTypes;
import dev.isthmus.dsl.typing.ProjectIndex;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.IslType;
import dev.isthmus.library.StandardLibrary;

/**
 * What the parser alone cannot propose: the fields of the record at a place (after {@code .}, as plain names, as
 * rule targets), the standard library's functions with signature and doc, the project's lookups, and templates for
 * the main declarations next to their keywords.
 */
public class IsthmusIdeContentProposalProvider extends IdeContentProposalProvider {

	private static final int FIELDS = 600;
	private static final int FUNCTIONS = 450;
	private static final int TEMPLATES = 250;

	/** Templates by the keyword they start with; {@code |} marks where the caret goes. */
	private static final Map<String, String> TEMPLATE_TEXTS = Map.of(
			"model", "model |Name owner System {\n    key id : String\n}",
			"system", "system |Name kind saas {\n    record Item json {\n        id : string\n    }\n    endpoint items webhook \"/items\" receives Item\n        signature hmac-sha256 header \"X-Signature\" secret env WEBHOOK_SECRET\n}",
			"mapping", "mapping |Name : Source -> Target {\n    id <- id\n}",
			"flow", "flow |Name {\n    from System.endpoint\n    map Mapping\n    to System.target\n}",
			"lookup", "lookup |Name : String -> String {\n    \"key\" -> \"value\"\n    default \"\"\n}",
			"enum", "enum |Name { FIRST SECOND }",
			"test", "test \"|what it checks\" for Mapping {\n    given { \"id\": \"1\" }\n    expect id == \"1\"\n}",
			"record", "record |Name json {\n    id : string\n}");

	@Inject
	private IEObjectDocumentationProvider documentation;

	@Override
	protected void _createProposals(Assignment assignment, ContentAssistContext context,
			IIdeContentProposalAcceptor acceptor) {
		ParserRule rule = GrammarUtil.containingParserRule(assignment);
		String where = (rule == null ? "" : rule.getName()) + "." + assignment.getFeature();
		switch (where) {
			case "Navigation.member" -> fields(receiverType(context), context, acceptor, Set.of());
			case "NameRef.name" -> {
				fields(dev.isthmus.dsl.ide.editor.IslScopes.rootType(context.getCurrentModel()), context, acceptor, Set.of());
				enumLiterals(context, acceptor);
			}
			case "FunctionCall.function" -> functions(context, acceptor);
			case "MappingRule.target" -> ruleTargets(context, acceptor);
			default -> super._createProposals(assignment, context, acceptor);
		}
	}

	@Override
	protected void _createProposals(Keyword keyword, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		if (!Character.isLetter(keyword.getValue().charAt(0))) {
			return; // punctuation ('.', '{', '->') is quicker typed than picked from a list
		}
		ParserRule rule = GrammarUtil.containingParserRule(keyword);
		if (rule != null && "FunctionName".equals(rule.getName())) {
			return; // length and split are proposed as functions, with their signature, not again as bare keywords
		}
		super._createProposals(keyword, context, acceptor);
		String template = TEMPLATE_TEXTS.get(keyword.getValue());
		if (template != null && matches(keyword.getValue(), context.getPrefix())) {
			ContentAssistEntry entry = entry(context, template.replace("|", ""), keyword.getValue() + " — template",
					"a new " + keyword.getValue() + " declaration", "", ContentAssistEntry.KIND_SNIPPET);
			entry.setEscapePosition(context.getOffset() - context.getPrefix().length() + template.indexOf('|'));
			acceptor.accept(entry, TEMPLATES);
		}
	}

	/** The type before the {@code .} being completed: the expression that ends right before it. */
	private static IslType receiverType(ContentAssistContext context) {
		int dot = context.getOffset() - context.getPrefix().length();
		ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(context.getRootNode(), Math.max(0, dot - 1));
		while (leaf != null && (leaf.isHidden() || ".".equals(leaf.getText()) || "?.".equals(leaf.getText()))) {
			int before = leaf.getOffset() - 1;
			leaf = before < 0 ? null : NodeModelUtils.findLeafNodeAtOffset(context.getRootNode(), before);
		}
		EObject receiver = leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
		return receiver instanceof Expression e ? ExpressionTypes.typeOf(e) : IslType.ANY;
	}

	private void fields(IslType type, ContentAssistContext context, IIdeContentProposalAcceptor acceptor,
			Set<String> skip) {
		IslType required = type.required();
		if (required instanceof IslType.ListType list) {
			required = list.element().required();
		}
		if (!(required instanceof IslType.ObjectType object)) {
			return;
		}
		for (String name : object.members().names()) {
			if (skip.contains(name) || !matches(name, context.getPrefix())) {
				continue;
			}
			IslType member = object.members().member(name);
			EObject declaration = ShapeTypes.declaration(object, name);
			String doc = declaration == null ? null : documentation.getDocumentation(declaration);
			acceptor.accept(entry(context, name, name, member == null ? "" : member.display(), doc,
					ContentAssistEntry.KIND_FIELD), FIELDS);
		}
	}

	private void functions(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		Set<String> seen = new HashSet<>();
		for (FunctionDeclaration function : StandardLibrary.all()) {
			if (matches(function.name(), context.getPrefix()) && seen.add(function.signature())) {
				ContentAssistEntry entry = entry(context, function.name() + "()", function.name(), function.signature(),
						function.doc(), ContentAssistEntry.KIND_FUNCTION);
				entry.setEscapePosition(context.getOffset() - context.getPrefix().length() + function.name().length() + 1);
				acceptor.accept(entry, FUNCTIONS);
			}
		}
		if (context.getResource() != null && context.getResource().getResourceSet() != null) {
			ProjectIndex index = ProjectIndex.of(context.getResource().getResourceSet());
			for (String lookup : index.lookupNames()) {
				if (matches(lookup, context.getPrefix())) {
					ContentAssistEntry entry = entry(context, lookup + "()", lookup, "lookup", 
							documentation.getDocumentation(index.lookup(lookup)), ContentAssistEntry.KIND_FUNCTION);
					entry.setEscapePosition(context.getOffset() - context.getPrefix().length() + lookup.length() + 1);
					acceptor.accept(entry, FUNCTIONS);
				}
			}
		}
	}

	/** The project's enum literals, e.g. {@code PAID} in {@code status <- match s { "paid" -> PAID }}. */
	private void enumLiterals(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		if (context.getResource() == null || context.getResource().getResourceSet() == null) {
			return;
		}
		ProjectIndex index = ProjectIndex.of(context.getResource().getResourceSet());
		for (String literal : new java.util.TreeSet<>(index.enumLiterals())) {
			if (matches(literal, context.getPrefix())) {
				String enums = index.enumsWithLiteral(literal).stream().map(e -> e.getName())
						.collect(java.util.stream.Collectors.joining(", "));
				acceptor.accept(entry(context, literal, literal, enums, null, ContentAssistEntry.KIND_ENUM), FUNCTIONS - 50);
			}
		}
	}

	/** The target's fields that no rule of the same block sets yet. */
	private void ruleTargets(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
		EObject model = context.getCurrentModel();
		EObject block = model instanceof MappingRule rule ? rule.eContainer() : model;
		Set<String> mapped = new HashSet<>();
		IslType target = IslType.ANY;
		if (block instanceof dev.isthmus.dsl.isthmus.Mapping mapping) {
			mapping.getRules().forEach(r -> mapped.add(r.getTarget()));
			target = mapping.getTarget() == null || mapping.getTarget().eIsProxy() ? IslType.ANY
					: ShapeTypes.of(mapping.getTarget());
		} else if (model instanceof MappingRule rule) {
			target = dev.isthmus.dsl.ide.editor.IslScopes.targetType(rule);
		}
		if (model instanceof MappingRule rule && rule.getTarget() != null
				&& rule.getTarget().startsWith(context.getPrefix()) && rule.getTarget().length() == context.getPrefix().length()) {
			mapped.remove(rule.getTarget()); // the rule being typed
		}
		fields(target, context, acceptor, mapped);
	}

	private static boolean matches(String candidate, String prefix) {
		return prefix == null || prefix.isEmpty() || candidate.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
	}

	private static ContentAssistEntry entry(ContentAssistContext context, String proposal, String label,
			String description, String doc, String kind) {
		ContentAssistEntry entry = new ContentAssistEntry();
		entry.setPrefix(context.getPrefix());
		entry.setProposal(proposal);
		entry.setLabel(label);
		entry.setDescription(description);
		entry.setDocumentation(doc);
		entry.setKind(kind);
		return entry;
	}
}
