package dev.isthmus.studio.tests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobManager;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;

import dev.isthmus.studio.StudioIds;
import dev.isthmus.studio.internal.wizards.NewIsthmusProjectWizard;
import dev.isthmus.studio.internal.wizards.ProjectStart;

/** Projects for the tests, made the way a user makes them: with the New Isthmus Project wizard. */
final class IsthmusProjects {

	private IsthmusProjects() {
	}

	/** Drives File &gt; New &gt; Isthmus Project: types the name, picks what to start with, presses Finish. */
	static IProject createWithWizard(UiDriver ui, Shell parent, String name, ProjectStart start) {
		NewIsthmusProjectWizard wizard = new NewIsthmusProjectWizard();
		wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
		WizardRobot robot = WizardRobot.open(ui, parent, wizard);
		try {
			robot.typeInto(robot.text(0), name);
			robot.click(robot.byId("isthmus.projectStart." + start.name()));
			robot.finish();
		} finally {
			robot.cancel();
		}
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
		if (!project.isOpen() || project != wizard.created()) {
			throw new AssertionError("the wizard did not create and open project " + name);
		}
		return project;
	}

	/** A full build, as Project &gt; Clean would start it; returns when it is done. */
	static void build(IProject project) throws CoreException {
		project.build(IncrementalProjectBuilder.FULL_BUILD, new NullProgressMonitor());
	}

	/** The build a save starts: only what changed since the last one. */
	static void buildChanges(IProject project) throws CoreException {
		project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, new NullProgressMonitor());
	}

	/** Whether no automatic or manual build is running or waiting to run. */
	static boolean noBuildPending() {
		IJobManager jobs = Job.getJobManager();
		return jobs.find(ResourcesPlugin.FAMILY_AUTO_BUILD).length == 0
				&& jobs.find(ResourcesPlugin.FAMILY_MANUAL_BUILD).length == 0;
	}

	/** The Isthmus problem markers of the given severity, on the project and all its files. */
	static List<IMarker> markers(IResource resource, int severity) throws CoreException {
		return Arrays.stream(resource.findMarkers(StudioIds.PROBLEM_MARKER, true, IResource.DEPTH_INFINITE))
				.filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == severity).toList();
	}

	/** Their messages with file and line, for assertion messages. */
	static String describe(List<IMarker> markers) {
		return markers.stream().map(m -> m.getResource().getProjectRelativePath() + ":"
				+ m.getAttribute(IMarker.LINE_NUMBER, 0) + ": " + m.getAttribute(IMarker.MESSAGE, "")).toList().toString();
	}

	static String read(IFile file) throws CoreException, IOException {
		try (InputStream in = file.getContents(true)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** Writes a file as a save in the editor does. */
	static void write(IFile file, String text) throws CoreException {
		file.setContents(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), IResource.KEEP_HISTORY, null);
	}

	static void delete(IProject project) throws CoreException {
		if (project.exists()) {
			project.delete(true, true, new NullProgressMonitor());
		}
	}
}
