package dev.isthmus.dsl.validation;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.ComposedChecks;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.Element;
import dev.isthmus.dsl.isthmus.ElementTypeRef;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.Import;
import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.isthmus.IsthmusPackage;

/**
 * Rules of the placeholder language. Every message says what is wrong and what to do; the location is the
 * element the rule reports on.
 */
@ComposedChecks(validators = { ModelValidator.class, SystemValidator.class, MappingValidator.class, FlowValidator.class,
		TestScenarioValidator.class })
public class IsthmusValidator extends AbstractIsthmusValidator {

	public static final String DUPLICATE_FIELD = "dev.isthmus.dsl.duplicateField";
	public static final String DUPLICATE_ELEMENT = "dev.isthmus.dsl.duplicateElement";
	public static final String UNRESOLVED_IMPORT = "dev.isthmus.dsl.unresolvedImport";
	public static final String REF_WITHOUT_KEY = "dev.isthmus.dsl.refWithoutKey";

	@Check
	public void elementNamesAreUnique(IslFile file) {
		Set<String> seen = new HashSet<>();
		for (Element element : file.getElements()) {
			if (element.getName() != null && !seen.add(element.getName())) {
				error("'" + element.getName() + "' is declared more than once in this file; rename or remove one of them.",
						element, IsthmusPackage.Literals.ELEMENT__NAME, DUPLICATE_ELEMENT, element.getName());
			}
		}
	}

	@Inject
	private org.eclipse.xtext.util.IResourceScopeCache cache;

	private dev.isthmus.dsl.typing.ProjectIndex project(org.eclipse.emf.ecore.EObject context) {
		org.eclipse.emf.ecore.resource.Resource resource = context.eResource();
		return cache.get(dev.isthmus.dsl.typing.ProjectIndex.class, resource,
				() -> dev.isthmus.dsl.typing.ProjectIndex.of(resource.getResourceSet(),
						file -> cache.get(TypingSupport.FILE_INDEX, file, () -> dev.isthmus.dsl.typing.ProjectIndex.of(file))));
	}

	@Check
	public void importsNameSomething(Import anImport) {
		String name = anImport.getImportedNamespace();
		if (name == null || anImport.eResource().getResourceSet() == null) {
			return;
		}
		dev.isthmus.dsl.typing.ProjectIndex project = project(anImport);
		boolean wildcard = name.endsWith(".*");
		String target = wildcard ? name.substring(0, name.length() - 2) : name;
		boolean found = wildcard ? project.hasNamespace(target) : !project.declarations(target).isEmpty();
		if (!found) {
			String suggestion = dev.isthmus.dsl.typing.Suggestions.didYouMean(target, project.namespaces());
			error("import " + name + " matches nothing in this project"
					+ (suggestion.isEmpty() ? "; check the package name, or remove the import" : suggestion), anImport,
					IsthmusPackage.Literals.IMPORT__IMPORTED_NAMESPACE, UNRESOLVED_IMPORT, name);
		}
	}

	@Check
	public void qualifiedNamesAreUniqueAcrossFiles(Element element) {
		if (element.eResource() == null || element.eResource().getResourceSet() == null) {
			return;
		}
		String name = dev.isthmus.dsl.typing.ProjectIndex.qualifiedName(element);
		if (name == null) {
			return;
		}
		for (org.eclipse.emf.ecore.EObject other : project(element).declarations(name)) {
			if (other != element && other.eResource() != element.eResource()) {
				error(name + " is also declared in " + other.eResource().getURI().lastSegment()
						+ "; rename one of them", element, IsthmusPackage.Literals.ELEMENT__NAME, DUPLICATE_ELEMENT, name);
				return;
			}
		}
	}

	@Check
	public void fieldNamesAreUnique(DataModel model) {
		Set<String> seen = new HashSet<>();
		for (Field field : model.getFields()) {
			if (field.getName() != null && !seen.add(field.getName())) {
				error("Field '" + field.getName() + "' is declared more than once in model '" + model.getName()
						+ "'; rename or remove one of them.", field, IsthmusPackage.Literals.FIELD__NAME,
						DUPLICATE_FIELD, field.getName());
			}
		}
	}

	@Check
	public void referencedModelHasKey(ElementTypeRef ref) {
		if (!ref.isReference() || ref.getElement() == null || ref.getElement().eIsProxy()) {
			return;
		}
		if (!(ref.getElement() instanceof DataModel target)) {
			error("'ref' points to records by their key, but '" + ref.getElement().getName()
					+ "' is not a model; drop 'ref' to use the enum's values directly.", ref,
					IsthmusPackage.Literals.ELEMENT_TYPE_REF__REFERENCE, REF_WITHOUT_KEY);
			return;
		}
		boolean hasKey = target.getFields().stream().anyMatch(Field::isKey);
		if (!hasKey) {
			error("'ref " + target.getName() + "' needs model '" + target.getName()
					+ "' to declare a key; mark its identifying field with 'key' (e.g. 'key id : String').", ref,
					IsthmusPackage.Literals.ELEMENT_TYPE_REF__ELEMENT, REF_WITHOUT_KEY, target.getName());
		}
	}
}
