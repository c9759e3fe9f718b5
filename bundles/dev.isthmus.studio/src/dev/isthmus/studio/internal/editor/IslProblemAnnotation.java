package dev.isthmus.studio.internal.editor;

import org.eclipse.jface.text.source.Annotation;

import dev.isthmus.dsl.ide.editor.IslProblem;

/** A problem found while typing: a squiggle with the message as hover text, and the source of quick fixes. */
final class IslProblemAnnotation extends Annotation {

	private final IslProblem problem;

	IslProblemAnnotation(IslProblem problem) {
		super(typeOf(problem.severity()), false, problem.message());
		this.problem = problem;
	}

	IslProblem problem() {
		return problem;
	}

	private static String typeOf(IslProblem.Severity severity) {
		return switch (severity) {
			case ERROR -> "org.eclipse.ui.workbench.texteditor.error";
			case WARNING -> "org.eclipse.ui.workbench.texteditor.warning";
			case INFO -> "org.eclipse.ui.workbench.texteditor.info";
		};
	}
}
