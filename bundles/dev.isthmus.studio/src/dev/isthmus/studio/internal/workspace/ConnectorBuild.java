package dev.isthmus.studio.internal.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;
import dev.isthmus.generator.ConnectorGenerator;

/**
 * One build of one project, the way {@code isthmus generate} does it: load the {@code .isl} files below the
 * project's folder into one {@link IslProject}, validate once, mark the problems, and only without errors write
 * {@link ConnectorGenerator}'s files into the output folder. With errors the previous output stays as it is.
 */
final class ConnectorBuild {

	private final IProject project;

	ConnectorBuild(IProject project) {
		this.project = project;
	}

	void run(IProgressMonitor monitor) throws CoreException {
		SubMonitor progress = SubMonitor.convert(monitor, "Building Isthmus project " + project.getName(), 100);
		Path root = project.getLocation().toPath();
		IFolder output = OutputFolder.folderOf(project);
		progress.subTask("Loading .isl files");
		IslProject isl;
		try {
			isl = IslProject.load(root);
		} catch (IOException e) {
			IslMarkers.clear(project);
			IslMarkers.onProject(project, "Cannot read the .isl files of " + project.getName() + ": " + e.getMessage()
					+ ". Nothing was generated; check that the files are readable, then build again.");
			return;
		}
		progress.split(30); // split() throws OperationCanceledException when the user cancelled
		progress.subTask("Validating " + isl.files().size() + " files");
		List<ProjectDiagnostic> diagnostics = isl.validate();
		IslMarkers.replace(project, root, diagnostics);
		progress.split(40);
		long errors = diagnostics.stream().filter(d -> d.severity() == ProjectDiagnostic.Severity.ERROR).count();
		long files = diagnostics.stream().filter(d -> d.severity() == ProjectDiagnostic.Severity.ERROR)
				.map(ProjectDiagnostic::file).distinct().count();
		if (errors > 0) {
			IslMarkers.onProject(project, "Generation blocked: " + errors + (errors == 1 ? " error" : " errors") + " in "
					+ files + (files == 1 ? " file" : " files") + "; '" + output.getProjectRelativePath()
					+ "' still holds the previous output. Fix the errors listed in the Problems view and save.");
			return;
		}
		progress.subTask("Generating connector configurations into " + output.getProjectRelativePath());
		try {
			Map<String, String> generated = new ConnectorGenerator(GeneratorVersion.current()).generate(isl);
			ConnectorGenerator.write(generated, output.getLocation().toPath());
		} catch (IOException | RuntimeException e) {
			IslMarkers.onProject(project, "Cannot write the connector configurations to '"
					+ output.getProjectRelativePath() + "': " + e.getMessage()
					+ ". Check that the folder is writable, or choose another one in Project > Properties > Isthmus.");
			return;
		}
		// The generated files are output, not sources: derived keeps them out of searches and version-control
		// prompts, and the builder ignores changes below the output folder, so this refresh starts no new build.
		output.refreshLocal(IResource.DEPTH_INFINITE, progress.split(30));
		if (output.exists()) {
			output.setDerived(true, null);
		}
	}
}
