package dev.isthmus.studio.internal.workspace;

import java.util.Arrays;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;

import dev.isthmus.studio.StudioIds;

/** Marks a project as an Isthmus project: one whose {@code .isl} files the {@link IslProjectBuilder} builds. */
public final class IsthmusNature implements IProjectNature {

	private IProject project;

	@Override
	public void configure() throws CoreException {
		IProjectDescription description = project.getDescription();
		ICommand[] commands = description.getBuildSpec();
		if (Arrays.stream(commands).anyMatch(c -> StudioIds.BUILDER.equals(c.getBuilderName()))) {
			return;
		}
		ICommand builder = description.newCommand();
		builder.setBuilderName(StudioIds.BUILDER);
		ICommand[] withBuilder = Arrays.copyOf(commands, commands.length + 1);
		withBuilder[commands.length] = builder;
		description.setBuildSpec(withBuilder);
		project.setDescription(description, null);
	}

	@Override
	public void deconfigure() throws CoreException {
		IProjectDescription description = project.getDescription();
		description.setBuildSpec(Arrays.stream(description.getBuildSpec())
				.filter(c -> !StudioIds.BUILDER.equals(c.getBuilderName())).toArray(ICommand[]::new));
		project.setDescription(description, null);
		IslMarkers.clear(project);
	}

	@Override
	public IProject getProject() {
		return project;
	}

	@Override
	public void setProject(IProject project) {
		this.project = project;
	}
}
