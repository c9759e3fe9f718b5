package dev.isthmus.studio.internal.wizards;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;

import dev.isthmus.importer.RecordImporter;

/** The page of a new-file wizard: folder and file name; the file starts from its kind's template. */
final class NewIslFilePage extends WizardNewFileCreationPage {

	private final IslFileKind kind;

	NewIslFilePage(IslFileKind kind, IStructuredSelection selection) {
		super("newIslFile", selection);
		this.kind = kind;
		setTitle("New " + kind.title());
		setDescription("Create an .isl file with a " + kind.keyword()
				+ " to start from; its name comes from the file name (customer-order.isl declares CustomerOrder).");
		setFileExtension("isl");
		setFileName(kind.keyword() + ".isl");
	}

	@Override
	protected InputStream getInitialContents() {
		return new ByteArrayInputStream(contents().getBytes(StandardCharsets.UTF_8));
	}

	/** The text the new file starts with. */
	String contents() {
		IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
		IPath path = getContainerFullPath();
		// The folder may not exist yet (the page creates it): then the project's files suggest the package.
		IContainer folder = root.findMember(path) instanceof IContainer existing ? existing : root.getProject(path.segment(0));
		return kind.template(IslPackages.of(folder), RecordImporter.nameFor(Path.of(getFileName())));
	}
}
