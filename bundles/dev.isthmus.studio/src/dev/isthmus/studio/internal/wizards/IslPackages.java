package dev.isthmus.studio.internal.wizards;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;

/**
 * The package a new file in a folder most likely belongs to: that of an {@code .isl} file next to it, else of any
 * {@code .isl} file of the project, else one made from the project's name.
 */
public final class IslPackages {

	private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][A-Za-z0-9_.]*)");

	private IslPackages() {
	}

	/** The package for a new file in {@code folder}. */
	public static String of(IContainer folder) {
		String found = search(folder, IResource.DEPTH_ONE);
		if (found == null && folder.getProject() != null) {
			found = search(folder.getProject(), IResource.DEPTH_INFINITE);
		}
		return found != null ? found : IsthmusProjectCreation.packageFor(folder.getProject().getName());
	}

	private static String search(IContainer container, int depth) {
		String[] found = { null };
		try {
			container.accept((org.eclipse.core.resources.IResourceVisitor) resource -> {
				if (found[0] == null && resource instanceof IFile file && "isl".equals(file.getFileExtension())) {
					found[0] = packageIn(file);
				}
				return found[0] == null;
			}, depth, IResource.NONE);
		} catch (CoreException e) {
			return null; // a folder that cannot be read suggests nothing
		}
		return found[0];
	}

	private static String packageIn(IFile file) {
		try (InputStream in = file.getContents()) {
			Matcher matcher = PACKAGE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			return matcher.find() ? matcher.group(1) : null;
		} catch (CoreException | IOException e) {
			return null;
		}
	}
}
