package dev.isthmus.dsl.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledError;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * Leaves out the errors a syntax error brings after it. Once the parser has lost its place it reads the rest of the
 * line as something else: {@code retry 5 times backoff exponential from 1 to 10s} said that {@code 1} is no duration,
 * then that {@code 10s} is no endpoint (the {@code to} taken for a flow's target), and a field type it could not read
 * made the next line's field name "extraneous input". A syntax or linking error is dropped when it is on the line of
 * an earlier syntax error, or follows one with nothing but white space between; the first says what to fix, and the
 * rest are read again once it is fixed. So is a warning on a syntax error's line, about an element read in part (a
 * webhook "names no signature" when its signature came before its record). Validation's own errors stay.
 */
public class FollowOnErrors extends ResourceValidatorImpl {

	@Override
	public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator cancel) throws OperationCanceledError {
		List<Issue> issues = super.validate(resource, mode, cancel);
		String text = resource instanceof XtextResource xtext && xtext.getParseResult() != null
				? xtext.getParseResult().getRootNode().getText()
				: null;
		return text == null || issues.stream().noneMatch(FollowOnErrors::isSyntax) ? issues : firstOfEach(issues, text);
	}

	private static List<Issue> firstOfEach(List<Issue> issues, String text) {
		List<Issue> sorted = new ArrayList<>(issues);
		sorted.sort(Comparator.comparingInt(FollowOnErrors::offset));
		List<Issue> kept = new ArrayList<>();
		java.util.Set<Integer> syntaxLines = new java.util.HashSet<>();
		sorted.stream().filter(FollowOnErrors::isSyntax).forEach(i -> syntaxLines.add(i.getLineNumber()));
		Issue syntax = null; // the last syntax error kept
		for (Issue issue : sorted) {
			boolean parserOrLinker = isSyntax(issue) || Diagnostic.LINKING_DIAGNOSTIC.equals(issue.getCode());
			if (syntax != null && parserOrLinker && offset(issue) > offset(syntax) && followsOn(syntax, issue, text)) {
				continue;
			}
			// a warning about an element the parser read only in part (a webhook whose signature came before its record)
			if (issue.getSeverity() != Severity.ERROR && syntaxLines.contains(issue.getLineNumber())) {
				continue;
			}
			kept.add(issue);
			if (isSyntax(issue)) {
				syntax = issue;
			}
		}
		// the caller's order, less what was dropped
		List<Issue> inOrder = new ArrayList<>(issues);
		inOrder.retainAll(kept);
		return inOrder;
	}

	private static boolean followsOn(Issue first, Issue next, String text) {
		if (first.getLineNumber() != null && first.getLineNumber().equals(next.getLineNumber())) {
			return true;
		}
		int end = Math.min(offset(first) + (first.getLength() == null ? 0 : first.getLength()), text.length());
		int start = Math.min(offset(next), text.length());
		return end <= start && text.substring(end, start).isBlank();
	}

	private static boolean isSyntax(Issue issue) {
		return issue.isSyntaxError();
	}

	private static int offset(Issue issue) {
		return issue.getOffset() == null ? 0 : issue.getOffset();
	}
}
