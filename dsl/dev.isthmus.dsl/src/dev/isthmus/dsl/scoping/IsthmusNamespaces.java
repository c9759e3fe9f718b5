package dev.isthmus.dsl.scoping;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.scoping.impl.ImportNormalizer;
import org.eclipse.xtext.scoping.impl.ImportedNamespaceAwareLocalScopeProvider;

import dev.isthmus.dsl.isthmus.IslFile;

/**
 * Name resolution through {@code import}s, plus one implicit import: the file's own package. The files of one
 * package see each other's elements by simple name, as the classes of a Java package do.
 */
public class IsthmusNamespaces extends ImportedNamespaceAwareLocalScopeProvider {

	@Override
	protected List<ImportNormalizer> internalGetImportedNamespaceResolvers(EObject context, boolean ignoreCase) {
		List<ImportNormalizer> resolvers = super.internalGetImportedNamespaceResolvers(context, ignoreCase);
		if (context instanceof IslFile file && file.getName() != null) {
			resolvers = new ArrayList<>(resolvers);
			resolvers.add(createImportedNamespaceResolver(file.getName() + ".*", ignoreCase));
		}
		return resolvers;
	}
}
