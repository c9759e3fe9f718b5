package dev.isthmus.studio.internal.workspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.ui.statushandlers.StatusManager;

import dev.isthmus.dsl.ide.editor.IslDocument;
import dev.isthmus.dsl.ide.editor.IslEdit;
import dev.isthmus.dsl.ide.editor.IslProblem;
import dev.isthmus.dsl.ide.editor.IslQuickFix;

/**
 * Quick fixes on the builder's markers (Ctrl+1 in the Problems view): the same fixes the editor offers, computed by
 * the language's IDE services on the file as it is now. The edits go through the file's text buffer, so a file open
 * in an editor changes there; a file no editor has unsaved changes in is saved, which starts the build.
 */
public final class IslMarkerResolutions implements IMarkerResolutionGenerator2 {

	@Override
	public boolean hasResolutions(IMarker marker) {
		return marker.getAttribute("code", null) != null && marker.getResource() instanceof IFile;
	}

	@Override
	public IMarkerResolution[] getResolutions(IMarker marker) {
		if (!hasResolutions(marker)) {
			return new IMarkerResolution[0];
		}
		IFile file = (IFile) marker.getResource();
		try {
			String text = withDocument(file, IDocument::get);
			IslDocument document = IslDocument.open(file.getLocation().toFile().toPath(),
					file.getProject().getLocation().toFile().toPath(), text);
			List<IMarkerResolution> resolutions = new ArrayList<>();
			for (IslProblem problem : document.problems(() -> false)) {
				if (sameProblem(marker, problem)) {
					for (IslQuickFix fix : document.quickFixes(problem)) {
						resolutions.add(new Resolution(fix, text));
					}
				}
			}
			return resolutions.toArray(IMarkerResolution[]::new);
		} catch (CoreException e) {
			StatusManager.getManager().handle(e.getStatus(), StatusManager.LOG);
			return new IMarkerResolution[0];
		}
	}

	/** The marker was made from this problem: same code, and the same start (or line, if the text moved since). */
	private static boolean sameProblem(IMarker marker, IslProblem problem) {
		if (!marker.getAttribute("code", "").equals(problem.code())) {
			return false;
		}
		int start = marker.getAttribute(IMarker.CHAR_START, -1);
		return start == problem.offset() || marker.getAttribute(IMarker.LINE_NUMBER, -1) == problem.line();
	}

	private interface DocumentWork<T> {
		T run(IDocument document) throws CoreException;
	}

	private static <T> T withDocument(IFile file, DocumentWork<T> work) throws CoreException {
		ITextFileBufferManager buffers = FileBuffers.getTextFileBufferManager();
		IPath path = file.getFullPath();
		buffers.connect(path, LocationKind.IFILE, null);
		try {
			return work.run(buffers.getTextFileBuffer(path, LocationKind.IFILE).getDocument());
		} finally {
			buffers.disconnect(path, LocationKind.IFILE, null);
		}
	}

	/** One fix, applied only to the text it was computed on. */
	private record Resolution(IslQuickFix fix, String text) implements IMarkerResolution {

		@Override
		public String getLabel() {
			return fix.label();
		}

		@Override
		public void run(IMarker marker) {
			IFile file = (IFile) marker.getResource();
			try {
				withDocument(file, document -> {
					if (!document.get().equals(text)) {
						throw new CoreException(Status.error(file.getName() + " changed since the fix '" + fix.label()
								+ "' was computed; open the quick fixes again"));
					}
					ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(file.getFullPath(),
							LocationKind.IFILE);
					boolean unsaved = buffer.isDirty();
					try {
						for (IslEdit edit : fix.edits().stream().sorted(Comparator.comparingInt(IslEdit::offset).reversed()).toList()) {
							document.replace(edit.offset(), edit.length(), edit.text());
						}
					} catch (BadLocationException e) {
						throw new CoreException(Status.error("the fix '" + fix.label() + "' does not fit " + file.getName(), e));
					}
					if (!unsaved) {
						buffer.commit(null, true);
					}
					return null;
				});
			} catch (CoreException e) {
				StatusManager.getManager().handle(
						new Status(IStatus.ERROR, "dev.isthmus.studio", "Quick fix not applied: " + e.getStatus().getMessage(), e),
						StatusManager.SHOW | StatusManager.LOG);
			}
		}
	}
}
