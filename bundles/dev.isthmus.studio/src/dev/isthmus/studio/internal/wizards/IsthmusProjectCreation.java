package dev.isthmus.studio.internal.wizards;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

import dev.isthmus.studio.StudioIds;

/**
 * Creates an Isthmus project: a workspace project with the Isthmus nature (and so the builder), filled with a
 * starter file or the revenue-ops example. What the New Isthmus Project wizard runs on Finish.
 */
public final class IsthmusProjectCreation {

	/** The file an empty project starts with. */
	public static final String STARTER_FILE = "models/customer.isl";

	private IsthmusProjectCreation() {
	}

	/**
	 * Creates and opens the project.
	 *
	 * @param location where its folder goes, or {@code null} for the workspace's default
	 * @throws CoreException when the project exists or its files cannot be written; the message says which
	 */
	public static IProject create(String name, URI location, ProjectStart start, IProgressMonitor monitor)
			throws CoreException {
		SubMonitor progress = SubMonitor.convert(monitor, "Creating Isthmus project " + name, 100);
		IProject project = open(name, location, progress.split(20));
		fill(project, start, progress.split(70));
		addNature(project, progress.split(10));
		return project;
	}

	/**
	 * A project over a folder of {@code .isl} files that exists already ({@code isthmus-studio --open}), where the
	 * folder is, its files left as they are; {@link #addNature} makes it an Isthmus project.
	 */
	public static IProject adopt(String name, URI location, IProgressMonitor monitor) throws CoreException {
		return open(name, location, monitor);
	}

	private static IProject open(String name, URI location, IProgressMonitor monitor) throws CoreException {
		SubMonitor progress = SubMonitor.convert(monitor, 3);
		IWorkspace workspace = ResourcesPlugin.getWorkspace();
		IProject project = workspace.getRoot().getProject(name);
		if (project.exists()) {
			throw new CoreException(Status.error("A project named '" + name + "' exists already; choose another name."));
		}
		IProjectDescription description = workspace.newProjectDescription(name);
		description.setLocationURI(location);
		project.create(description, progress.split(1));
		project.open(progress.split(1));
		// .isl files and generated configurations are UTF-8; saying so also spares the user Eclipse's warning
		// about a project without an explicit encoding.
		project.setDefaultCharset(StandardCharsets.UTF_8.name(), progress.split(1));
		return project;
	}

	/**
	 * Adds the nature to an open project, which configures the builder (a nature given to {@code create} is recorded
	 * but not configured: the project would have no builder). Done last, so that the first build sees all files.
	 */
	public static void addNature(IProject project, IProgressMonitor monitor) throws CoreException {
		IProjectDescription withNature = project.getDescription();
		withNature.setNatureIds(new String[] { StudioIds.NATURE });
		project.setDescription(withNature, monitor);
	}

	private static void fill(IProject project, ProjectStart start, IProgressMonitor monitor) throws CoreException {
		switch (start) {
			case EMPTY -> write(project.getFile(STARTER_FILE), IslFileKind.MODEL.template(packageFor(project.getName()),
					"Customer"), monitor);
			case REVENUE_OPS_EXAMPLE -> copyExample(project, monitor);
		}
	}

	private static void copyExample(IProject project, IProgressMonitor monitor) throws CoreException {
		Map<String, URL> files;
		try {
			files = ExampleContent.files();
		} catch (IOException e) {
			throw new CoreException(Status.error(e.getMessage(), e));
		}
		SubMonitor progress = SubMonitor.convert(monitor, files.size());
		for (Map.Entry<String, URL> file : files.entrySet()) {
			IFile target = project.getFile(file.getKey());
			createFolders(target.getParent());
			try (InputStream in = file.getValue().openStream()) {
				target.create(in, true, progress.split(1));
			} catch (IOException e) {
				throw new CoreException(Status.error("Cannot copy " + file.getKey() + " of the example into "
						+ project.getName() + ": " + e.getMessage(), e));
			}
		}
	}

	static void write(IFile file, String text, IProgressMonitor monitor) throws CoreException {
		createFolders(file.getParent());
		file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, monitor);
	}

	static void createFolders(IContainer container) throws CoreException {
		if (container instanceof IFolder folder && !folder.exists()) {
			createFolders(folder.getParent());
			folder.create(true, true, null);
		}
	}

	/** A package name from a project name: {@code Revenue Ops 2} gives {@code revenue_ops_2}. */
	static String packageFor(String projectName) {
		String word = projectName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "_")
				.replaceAll("^_+|_+$", "");
		String name = word.isEmpty() || !Character.isLetter(word.charAt(0)) ? "p" + word : word;
		// A keyword cannot be a package name: a project called "model" gets package model_project.
		return dev.isthmus.dsl.project.StandaloneLanguage.keywords().contains(name) ? name + "_project" : name;
	}
}
