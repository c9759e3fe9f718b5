package dev.isthmus.studio.internal.workspace;

import java.util.Map;

import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * The Isthmus builder: validates a project's {@code .isl} files, marks their problems and, when there are no errors,
 * generates the connector configurations into the project's {@link OutputFolder} (see {@link ConnectorBuild}).
 * The whole project is validated each time, because a change in one file can break references in any other.
 */
public final class IslProjectBuilder extends IncrementalProjectBuilder {

	@Override
	protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
		IProject project = getProject();
		if (kind == FULL_BUILD || kind == CLEAN_BUILD || sourcesChanged(getDelta(project), OutputFolder.folderOf(project))) {
			new ConnectorBuild(project).run(monitor);
		}
		return null;
	}

	@Override
	protected void clean(IProgressMonitor monitor) throws CoreException {
		IslMarkers.clear(getProject());
	}

	/**
	 * Whether an {@code .isl} file (or the project's settings, which name the output folder) changed. Changes in the
	 * output folder — the builder's own writes — never start another build.
	 */
	private static boolean sourcesChanged(IResourceDelta delta, IFolder output) throws CoreException {
		if (delta == null) {
			return true; // no history: build everything
		}
		IPath outputPath = output.getFullPath();
		boolean[] changed = { false };
		delta.accept(d -> {
			IResource resource = d.getResource();
			if (changed[0] || outputPath.isPrefixOf(resource.getFullPath())) {
				return false;
			}
			if (resource.getType() == IResource.FILE && ("isl".equals(resource.getFileExtension())
					|| resource.getProjectRelativePath().toString().equals(".settings/dev.isthmus.studio.prefs"))) {
				changed[0] = true;
			}
			return true;
		});
		return changed[0];
	}
}
