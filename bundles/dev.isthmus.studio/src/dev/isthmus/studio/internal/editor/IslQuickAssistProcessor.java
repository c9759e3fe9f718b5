package dev.isthmus.studio.internal.editor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslEdit;
import dev.isthmus.dsl.ide.editor.IslProblem;
import dev.isthmus.dsl.ide.editor.IslQuickFix;

/**
 * Ctrl+1 on a problem: its mechanical fixes. The problems are computed again for the current text, so a fix never
 * edits a place that moved since the last parse.
 */
final class IslQuickAssistProcessor implements IQuickAssistProcessor {

	private final IslEditor editor;

	IslQuickAssistProcessor(IslEditor editor) {
		this.editor = editor;
	}

	@Override
	public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
		IslDocument document = editor.islDocument();
		if (document == null) {
			return new ICompletionProposal[0];
		}
		IDocument text = context.getSourceViewer().getDocument();
		document.update(text.get());
		int offset = context.getOffset();
		int line = lineOf(text, offset);
		List<ICompletionProposal> proposals = new ArrayList<>();
		for (IslProblem problem : document.problems(() -> false)) {
			boolean covers = offset >= problem.offset() && offset <= problem.offset() + problem.length();
			if (covers || lineOf(text, problem.offset()) == line) {
				for (IslQuickFix fix : document.quickFixes(problem)) {
					proposals.add(new Fix(fix));
				}
			}
		}
		return proposals.toArray(ICompletionProposal[]::new);
	}

	private static int lineOf(IDocument document, int offset) {
		try {
			return document.getLineOfOffset(Math.min(offset, document.getLength()));
		} catch (BadLocationException e) {
			return -1;
		}
	}

	@Override
	public String getErrorMessage() {
		return null;
	}

	@Override
	public boolean canFix(Annotation annotation) {
		return annotation instanceof IslProblemAnnotation problem && problem.problem().code() != null;
	}

	@Override
	public boolean canAssist(IQuickAssistInvocationContext invocationContext) {
		return false;
	}

	/** Applies a fix's edits, last first so that earlier offsets stay right. */
	private record Fix(IslQuickFix fix) implements ICompletionProposal {
		@Override
		public void apply(IDocument document) {
			try {
				for (IslEdit edit : fix.edits().stream().sorted(Comparator.comparingInt(IslEdit::offset).reversed()).toList()) {
					document.replace(edit.offset(), edit.length(), edit.text());
				}
			} catch (BadLocationException e) {
				// the document changed under the fix: nothing applied, the user can ask again
			}
		}

		@Override
		public Point getSelection(IDocument document) {
			IslEdit first = fix.edits().get(0);
			return new Point(first.offset() + first.text().length(), 0);
		}

		@Override
		public String getAdditionalProposalInfo() {
			return null;
		}

		@Override
		public String getDisplayString() {
			return fix.label();
		}

		@Override
		public Image getImage() {
			return null;
		}

		@Override
		public IContextInformation getContextInformation() {
			return null;
		}
	}
}
