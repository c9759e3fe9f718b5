package dev.isthmus.dsl.validation;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import com.google.inject.Inject;

import dev.isthmus.dsl.typing.ExpressionTyper;
import dev.isthmus.dsl.typing.Problems;
import dev.isthmus.dsl.typing.ProjectIndex;

/**
 * Base of the validators that type expressions: the project index (cached per resource until it changes) and the
 * bridge from the typer's reports to located diagnostics.
 */
abstract class TypingSupport extends AbstractDeclarativeValidator {

	@Inject
	private IResourceScopeCache cache;

	protected final ExpressionTyper typer = new ExpressionTyper();

	/** The cache key of one file's own index (the project index is cached under ProjectIndex.class). */
	static final String FILE_INDEX = "dev.isthmus.dsl.fileIndex";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	protected ProjectIndex project(EObject context) {
		return project(cache, context);
	}

	/**
	 * The project index seen from {@code context}'s file: cached per file until it changes, and made of per-file
	 * indexes cached the same way, so that validating n files does not walk every file n times.
	 */
	static ProjectIndex project(IResourceScopeCache cache, EObject context) {
		Resource resource = context.eResource();
		if (resource == null || resource.getResourceSet() == null) {
			return ProjectIndex.of(new org.eclipse.emf.ecore.resource.impl.ResourceSetImpl());
		}
		return cache.get(ProjectIndex.class, resource, () -> ProjectIndex.of(resource.getResourceSet(),
				file -> cache.get(FILE_INDEX, file, () -> ProjectIndex.of(file))));
	}

	/** Reports into this validator, only for elements of the resource being validated. */
	protected Problems problems(EObject context) {
		Resource resource = context.eResource();
		return new Problems() {
			@Override
			public void error(EObject where, EStructuralFeature feature, String message, String code, String... data) {
				if (where.eResource() == resource) {
					// Quick-fix data without gaps: a missing suggestion is left out rather than passed as null.
					TypingSupport.this.error(message, where, feature, code,
							java.util.Arrays.stream(data).filter(java.util.Objects::nonNull).toArray(String[]::new));
				}
			}

			@Override
			public void warning(EObject where, EStructuralFeature feature, String message, String code) {
				if (where.eResource() == resource) {
					TypingSupport.this.warning(message, where, feature, code);
				}
			}
		};
	}
}
