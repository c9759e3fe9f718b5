package dev.isthmus.studio.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;

import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.editor.IslEditor;
import dev.isthmus.studio.internal.wizards.IsthmusProjectCreation;

/**
 * {@code isthmus-studio --open <project-folder> [--file <path below it>]}: opens a folder of {@code .isl} files as an
 * Isthmus project (added to the workspace where it is, with the Isthmus nature, so it is built and generated) and the
 * file in the editor. Once that file is parsed and coloured the Studio prints how long the start took, which the
 * build's start-up check reads.
 */
public final class StudioOpen {

	/** The line the Studio prints when the opened file is ready; studio-starts.sh waits for it. */
	static final String READY = "Isthmus Studio: ready for editing";

	private final Path folder;
	private final String file;

	private StudioOpen(Path folder, String file) {
		this.folder = folder;
		this.file = file;
	}

	/** The request in the application's arguments, or {@code null} when there is none. */
	public static StudioOpen of(String[] arguments) {
		List<String> args = arguments == null ? List.of() : Arrays.asList(arguments);
		int open = args.indexOf("--open");
		if (open < 0 || open + 1 >= args.size()) {
			return null;
		}
		int file = args.indexOf("--file");
		return new StudioOpen(Path.of(args.get(open + 1)).toAbsolutePath().normalize(),
				file >= 0 && file + 1 < args.size() ? args.get(file + 1) : null);
	}

	public void run(IWorkbenchWindow window) {
		if (!Files.isDirectory(folder)) {
			MessageDialog.openError(window.getShell(), StudioIds.WINDOW_TITLE, "Cannot open " + folder
					+ ": no such folder. Start the Studio with '--open <folder of .isl files> [--file <path below it>]'.");
			return;
		}
		IProject project;
		try {
			project = projectAt(folder);
		} catch (CoreException e) {
			MessageDialog.openError(window.getShell(), StudioIds.WINDOW_TITLE,
					"Cannot open " + folder + " as a project: " + e.getStatus().getMessage());
			return;
		}
		IFile target = file == null ? null : project.getFile(IPath.fromOSString(file));
		if (target != null && !target.exists()) {
			MessageDialog.openError(window.getShell(), StudioIds.WINDOW_TITLE,
					"Cannot open " + file + ": there is no such file in " + folder + ".");
			target = null;
		}
		IEditorPart editor = null;
		if (target != null) {
			try {
				editor = IDE.openEditor(window.getActivePage(), target);
			} catch (PartInitException e) {
				MessageDialog.openError(window.getShell(), StudioIds.WINDOW_TITLE,
						"Cannot open " + file + " in the editor: " + e.getStatus().getMessage());
			}
		}
		if (!(editor instanceof IslEditor isl)) {
			makeIsthmusProject(project);
			return;
		}
		// The project's first build (validate and generate all of it) waits until the file is coloured: on two
		// cores it would otherwise hold the editor back by seconds.
		boolean[] first = { true };
		isl.addParseListener(() -> {
			if (first[0]) {
				first[0] = false;
				long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
				System.out.println(READY + ": " + file + " parsed and coloured " + sinceStart + " ms after the Java VM started");
				makeIsthmusProject(project);
			}
		});
	}

	/** Gives the project the Isthmus nature, and so its builder, unless it has it; the first build follows. */
	private static void makeIsthmusProject(IProject project) {
		WorkspaceJob job = new WorkspaceJob("Making " + project.getName() + " an Isthmus project") {
			@Override
			public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				if (project.isOpen() && !project.hasNature(StudioIds.NATURE)) {
					IsthmusProjectCreation.addNature(project, monitor);
				}
				return Status.OK_STATUS;
			}
		};
		job.setRule(ResourcesPlugin.getWorkspace().getRoot()); // changing natures takes the whole workspace
		job.schedule();
	}

	/** The workspace project at {@code folder}, created there if there is none yet (the nature comes after). */
	private static IProject projectAt(Path folder) throws CoreException {
		IWorkspace workspace = ResourcesPlugin.getWorkspace();
		IPath location = IPath.fromOSString(folder.toString());
		for (IProject existing : workspace.getRoot().getProjects()) {
			if (location.equals(existing.getLocation())) {
				existing.open(null);
				return existing;
			}
		}
		String name = folder.getFileName().toString();
		for (int i = 2; workspace.getRoot().getProject(name).exists(); i++) {
			name = folder.getFileName() + "-" + i;
		}
		return IsthmusProjectCreation.adopt(name, folder.toUri(), null);
	}
}
