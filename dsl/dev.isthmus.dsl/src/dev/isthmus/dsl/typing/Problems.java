package dev.isthmus.dsl.typing;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/** Where the typer reports what it finds wrong; the validator turns each report into a located diagnostic. */
@FunctionalInterface
public interface Problems {

	/** Ignores everything: for tools that only want a type. */
	Problems NONE = (where, feature, message, code, data) -> {
	};

	/**
	 * @param where   the element the problem is about
	 * @param feature the feature of {@code where} to underline, or {@code null} for the whole element
	 * @param code    the issue code quick fixes key on
	 * @param data    quick-fix data, e.g. the suggested name
	 */
	void error(EObject where, EStructuralFeature feature, String message, String code, String... data);

	/** Something that validates but is likely to fail at run time; ignored unless the validator reports warnings. */
	default void warning(EObject where, EStructuralFeature feature, String message, String code) {
	}
}
