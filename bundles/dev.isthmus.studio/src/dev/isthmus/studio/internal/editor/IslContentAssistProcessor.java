package dev.isthmus.studio.internal.editor;

import java.util.List;

import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslProposal;

/** Content assist from the language's IDE services: keywords, references, fields with types, functions, templates. */
final class IslContentAssistProcessor implements IContentAssistProcessor {

	private final IslEditor editor;
	private String error;

	IslContentAssistProcessor(IslEditor editor) {
		this.editor = editor;
	}

	@Override
	public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
		IslDocument document = editor.islDocument();
		if (document == null) {
			error = "This file is not in a project folder on disk, so it cannot be parsed with its project.";
			return new ICompletionProposal[0];
		}
		error = null;
		document.update(viewer.getDocument().get());
		List<IslProposal> proposals = document.proposals(offset);
		return proposals.stream().map(IslContentAssistProcessor::toJFace).toArray(ICompletionProposal[]::new);
	}

	private static ICompletionProposal toJFace(IslProposal proposal) {
		String display = proposal.detail().isEmpty() || proposal.kind() == IslProposal.Kind.TEMPLATE ? proposal.label()
				: proposal.label() + " : " + proposal.detail();
		if (proposal.kind() == IslProposal.Kind.TEMPLATE) {
			display = proposal.label();
		}
		String info = proposal.kind() == IslProposal.Kind.FUNCTION && !proposal.detail().isEmpty()
				? proposal.detail() + "\n\n" + proposal.documentation()
				: proposal.kind() == IslProposal.Kind.TEMPLATE ? proposal.text() : proposal.documentation();
		return new CompletionProposal(proposal.text(), proposal.replaceOffset(), proposal.replaceLength(),
				proposal.cursor(), null, display, null, info == null || info.isBlank() ? null : info);
	}

	@Override
	public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
		return null;
	}

	@Override
	public char[] getCompletionProposalAutoActivationCharacters() {
		return new char[] { '.' };
	}

	@Override
	public char[] getContextInformationAutoActivationCharacters() {
		return null;
	}

	@Override
	public String getErrorMessage() {
		return error;
	}

	@Override
	public IContextInformationValidator getContextInformationValidator() {
		return null;
	}
}
