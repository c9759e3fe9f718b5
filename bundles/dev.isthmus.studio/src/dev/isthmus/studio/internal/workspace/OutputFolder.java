package dev.isthmus.studio.internal.workspace;

import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IStatus;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

/**
 * Where the builder writes a project's connector configurations: a folder of the project, {@code generated} unless
 * the project's "Isthmus" property page says otherwise. Kept as a project preference
 * ({@code .settings/dev.isthmus.studio.prefs}) so that it travels with the project in version control.
 */
public final class OutputFolder {

	/** The folder used until someone chooses another. */
	public static final String DEFAULT = "generated";

	private static final String NODE = "dev.isthmus.studio";
	private static final String KEY = "outputFolder";

	private OutputFolder() {
	}

	/** The output folder's path relative to the project, e.g. {@code generated}. */
	public static String of(IProject project) {
		return preferences(project).get(KEY, DEFAULT);
	}

	/** The output folder of {@code project} as a workspace folder (it may not exist yet). */
	public static IFolder folderOf(IProject project) {
		return project.getFolder(of(project));
	}

	/**
	 * Stores a new output folder.
	 *
	 * @throws IllegalArgumentException when {@link #problemWith(String)} finds one
	 */
	public static void set(IProject project, String folder) throws BackingStoreException {
		String problem = problemWith(folder);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		Preferences node = preferences(project);
		if (IPath.fromOSString(folder.trim()).makeRelative().toString().equals(DEFAULT)) {
			node.remove(KEY);
		} else {
			node.put(KEY, IPath.fromOSString(folder.trim()).makeRelative().toString());
		}
		node.flush();
	}

	/**
	 * What is wrong with {@code folder} as an output folder, or {@code null} if nothing. The builder deletes old
	 * generated files there, so it must be a folder of its own inside the project, never the project itself.
	 */
	public static String problemWith(String folder) {
		if (folder == null || folder.isBlank()) {
			return "The output folder is empty; name a folder of the project, e.g. " + DEFAULT + ".";
		}
		IPath path = IPath.fromOSString(folder.trim());
		if (path.isAbsolute() || path.getDevice() != null) {
			return "'" + folder + "' is not inside the project; give a path relative to the project, e.g. " + DEFAULT + ".";
		}
		for (String segment : path.segments()) {
			if (segment.equals("..") || segment.equals(".")) {
				return "'" + folder + "' leaves the project folder; give a path below it, e.g. " + DEFAULT + ".";
			}
			IStatus name = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().validateName(segment,
					org.eclipse.core.resources.IResource.FOLDER);
			if (!name.isOK()) {
				return "'" + folder + "': " + name.getMessage();
			}
		}
		if (path.segmentCount() == 0) {
			return "The output folder cannot be the project itself; name a folder, e.g. " + DEFAULT + ".";
		}
		return null;
	}

	private static Preferences preferences(IProject project) {
		return new ProjectScope(project).getNode(NODE);
	}
}
