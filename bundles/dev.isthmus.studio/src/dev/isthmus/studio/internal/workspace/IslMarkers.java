package dev.isthmus.studio.internal.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;

import dev.isthmus.dsl.project.ProjectDiagnostic;
import dev.isthmus.studio.StudioIds;

/**
 * The builder's problem markers ({@link StudioIds#PROBLEM_MARKER}, a problem and text marker): one per diagnostic
 * on its {@code .isl} file, so that the Problems view shows file, line and message and a double-click selects the
 * place; plus one on the project when generation was blocked or could not run.
 */
public final class IslMarkers {

	/** Attribute of the project marker that says why nothing was generated. */
	public static final String GENERATION_BLOCKED = "dev.isthmus.generationBlocked";

	private IslMarkers() {
	}

	/** Removes every marker of the builder from the project and its files. */
	public static void clear(IProject project) throws CoreException {
		if (project.isAccessible()) {
			project.deleteMarkers(StudioIds.PROBLEM_MARKER, true, IResource.DEPTH_INFINITE);
		}
	}

	/**
	 * Replaces the markers of the last build with one per diagnostic.
	 *
	 * @param root the folder the diagnostics' paths are relative to: the project's location
	 */
	public static void replace(IProject project, Path root, List<ProjectDiagnostic> diagnostics) throws CoreException {
		clear(project);
		Path currentPath = null;
		LineOffsets offsets = null;
		for (ProjectDiagnostic diagnostic : diagnostics) {
			IFile file = project.getFile(root.relativize(diagnostic.file()).toString().replace('\\', '/'));
			if (!diagnostic.file().equals(currentPath)) {
				currentPath = diagnostic.file();
				offsets = LineOffsets.of(read(currentPath));
			}
			IMarker marker = (file.exists() ? file : project).createMarker(StudioIds.PROBLEM_MARKER);
			marker.setAttribute(IMarker.MESSAGE, diagnostic.message());
			marker.setAttribute(IMarker.SEVERITY, severity(diagnostic.severity()));
			marker.setAttribute(IMarker.LINE_NUMBER, diagnostic.line());
			marker.setAttribute(IMarker.LOCATION, "line " + diagnostic.line() + ", column " + diagnostic.column());
			int start = offsets.offset(diagnostic.line(), diagnostic.column());
			if (start >= 0) {
				marker.setAttribute(IMarker.CHAR_START, start);
				marker.setAttribute(IMarker.CHAR_END, offsets.tokenEnd(start));
			}
			if (diagnostic.code() != null) {
				marker.setAttribute("code", diagnostic.code());
			}
		}
	}

	/** Puts an error on the project itself: what kept the build from generating, and what to do. */
	public static void onProject(IProject project, String message) throws CoreException {
		IMarker marker = project.createMarker(StudioIds.PROBLEM_MARKER);
		marker.setAttribute(IMarker.MESSAGE, message);
		marker.setAttribute(IMarker.SEVERITY, IMarker.SEVERITY_ERROR);
		marker.setAttribute(GENERATION_BLOCKED, true);
	}

	private static int severity(ProjectDiagnostic.Severity severity) {
		return switch (severity) {
			case ERROR -> IMarker.SEVERITY_ERROR;
			case WARNING -> IMarker.SEVERITY_WARNING;
			case INFO -> IMarker.SEVERITY_INFO;
		};
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			return ""; // no offsets then: the marker still has its line
		}
	}
}
