package dev.isthmus.dsl.validation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;

/**
 * Files a model names (samples, lookup tables) are relative to the project folder. The project folder is the
 * nearest folder, from the .isl file up, in which the file exists — so that tests/billing.isl and the project
 * root both find samples/x.json without a project descriptor.
 */
final class ProjectFiles {

	private ProjectFiles() {
	}

	/** The folders searched for {@code relative}, nearest first; empty when the model is not on disk. */
	static List<Path> candidates(EObject context, String relative) {
		List<Path> result = new ArrayList<>();
		URI uri = context.eResource() == null ? null : context.eResource().getURI();
		if (uri == null || !uri.isFile()) {
			return result;
		}
		for (Path dir = Path.of(uri.toFileString()).toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
			result.add(dir.resolve(relative));
		}
		return result;
	}

	/** Whether the file exists; {@code true} when the model is not on disk (nothing to check against). */
	static boolean exists(EObject context, String relative) {
		List<Path> candidates = candidates(context, relative);
		return candidates.isEmpty() || candidates.stream().anyMatch(Files::isRegularFile);
	}
}
