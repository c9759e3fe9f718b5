package dev.isthmus.studio.internal.editor;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

import dev.isthmus.dsl.ide.editor.IslLocation;

/** Opens a place of the project in an editor and selects it. */
final class IslNavigator {

	private IslNavigator() {
	}

	static void open(IWorkbenchPage page, IslLocation location) {
		try {
			IFile file = ResourcesPlugin.getWorkspace().getRoot()
					.getFileForLocation(IPath.fromOSString(location.file().toString()));
			IEditorPart part = file != null && file.exists() ? IDE.openEditor(page, file)
					: IDE.openEditorOnFileStore(page, EFS.getLocalFileSystem().getStore(location.file().toUri()));
			if (part instanceof ITextEditor text) {
				text.selectAndReveal(location.offset(), location.length());
			}
		} catch (CoreException e) {
			MessageDialog.openError(page.getWorkbenchWindow().getShell(), "Open Declaration",
					"Cannot open " + location.file() + ":" + location.line() + ": " + e.getMessage());
		}
	}
}
