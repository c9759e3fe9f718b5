package dev.isthmus.dsl.ide.editor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.TextRegion;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * Content assist through Xtext's IDE services — the parser's follow sets give keywords and cross-references, the
 * language's proposal provider adds field paths, functions, lookups and templates — turned into plain proposals.
 */
public class IslCompletion {

	@Inject
	private Provider<ContentAssistContextFactory> contexts;

	@Inject
	private IdeContentProposalProvider proposals;

	@Inject
	private Provider<IdeContentProposalAcceptor> acceptors;

	@Inject
	private ExecutorService pool;

	List<IslProposal> proposals(XtextResource resource, String text, int offset) {
		ContentAssistContextFactory factory = contexts.get();
		factory.setPool(pool);
		ContentAssistContext[] found = factory.create(text, new TextRegion(offset, 0), offset, resource);
		IdeContentProposalAcceptor acceptor = acceptors.get();
		proposals.createProposals(Arrays.asList(found), acceptor);
		List<IslProposal> result = new ArrayList<>();
		for (ContentAssistEntry entry : acceptor.getEntries()) {
			String prefix = entry.getPrefix() == null ? "" : entry.getPrefix();
			String insert = entry.getProposal();
			int cursor = entry.getEscapePosition() == null ? insert.length()
					: entry.getEscapePosition() - (offset - prefix.length());
			result.add(new IslProposal(entry.getLabel() == null ? insert : entry.getLabel(),
					entry.getDescription() == null ? "" : entry.getDescription(),
					entry.getDocumentation() == null ? "" : entry.getDocumentation(), kind(entry.getKind()),
					offset - prefix.length(), prefix.length(), insert, Math.max(0, Math.min(cursor, insert.length()))));
		}
		return result;
	}

	private static IslProposal.Kind kind(String kind) {
		if (kind == null) {
			return IslProposal.Kind.VALUE;
		}
		return switch (kind) {
			case ContentAssistEntry.KIND_KEYWORD -> IslProposal.Kind.KEYWORD;
			case ContentAssistEntry.KIND_FIELD, ContentAssistEntry.KIND_PROPERTY -> IslProposal.Kind.FIELD;
			case ContentAssistEntry.KIND_FUNCTION, ContentAssistEntry.KIND_METHOD -> IslProposal.Kind.FUNCTION;
			case ContentAssistEntry.KIND_SNIPPET -> IslProposal.Kind.TEMPLATE;
			case ContentAssistEntry.KIND_ENUM -> IslProposal.Kind.VALUE;
			case ContentAssistEntry.KIND_REFERENCE, ContentAssistEntry.KIND_CLASS, ContentAssistEntry.KIND_MODULE ->
				IslProposal.Kind.REFERENCE;
			default -> IslProposal.Kind.VALUE;
		};
	}
}
