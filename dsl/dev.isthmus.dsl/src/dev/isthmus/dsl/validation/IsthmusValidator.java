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
@ComposedChecks(validators = { ModelValidator.class, SystemValidator.class, HttpUrlTemplateValidator.class, MappingValidator.class,
		FlowValidator.class, FileSourceValidator.class, TestScenarioValidator.class, FileEncodingValidator.class,
		RequestHeaderValidator.class, RecordFormatValidator.class, StepsAfterRouteValidator.class, SqlNameValidator.class,
		TextLiteralValidator.class, LateGroupValidator.class, EnrichCallValidator.class,
		DeadLetterEndpointValidator.class, OrderedByValidator.class })
public class IsthmusValidator extends AbstractIsthmusValidator {

	public static final String DUPLICATE_FIELD = "dev.isthmus.dsl.duplicateField";
	public static final String DUPLICATE_ELEMENT = "dev.isthmus.dsl.duplicateElement";
	public static final String UNRESOLVED_IMPORT = "dev.isthmus.dsl.unresolvedImport";
	public static final String AMBIGUOUS_NAME = "dev.isthmus.dsl.ambiguousName";
	public static final String DEPRECATED = "dev.isthmus.dsl.deprecated";
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
		return TypingSupport.project(cache, context);
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

	/** A simple name two wildcard imports (or an import and the own package) both supply is ambiguous. */
	@Check
	public void typeNamesAreUnambiguous(ElementTypeRef ref) {
		ambiguous(ref, IsthmusPackage.Literals.ELEMENT_TYPE_REF__ELEMENT);
	}

	@Check
	public void shapeNamesAreUnambiguous(dev.isthmus.dsl.isthmus.Mapping mapping) {
		ambiguous(mapping, IsthmusPackage.Literals.MAPPING__SOURCE);
		ambiguous(mapping, IsthmusPackage.Literals.MAPPING__TARGET);
	}

	private void ambiguous(org.eclipse.emf.ecore.EObject owner, org.eclipse.emf.ecore.EReference feature) {
		java.util.List<org.eclipse.xtext.nodemodel.INode> nodes = org.eclipse.xtext.nodemodel.util.NodeModelUtils
				.findNodesForFeature(owner, feature);
		IslFile file = org.eclipse.xtext.EcoreUtil2.getContainerOfType(owner, IslFile.class);
		if (nodes.isEmpty() || file == null || owner.eResource().getResourceSet() == null) {
			return;
		}
		String written = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(nodes.get(0));
		java.util.Set<String> namespaces = new java.util.LinkedHashSet<>();
		if (file.getName() != null) {
			namespaces.add(file.getName());
		}
		file.getImports().stream().map(Import::getImportedNamespace)
				.filter(n -> n != null && n.endsWith(".*")).forEach(n -> namespaces.add(n.substring(0, n.length() - 2)));
		java.util.List<String> candidates = namespaces.stream().map(ns -> ns + "." + written)
				.filter(q -> !project(owner).declarations(q).isEmpty()).toList();
		if (candidates.size() > 1) {
			error("'" + written + "' is ambiguous: it is " + String.join(" and ", candidates)
					+ "; write the full name you mean", owner, feature, AMBIGUOUS_NAME, candidates.toArray(String[]::new));
		}
	}

	@Check
	public void deprecatedModelsWarnWhereUsed(ElementTypeRef ref) {
		if (ref.getElement() instanceof DataModel model && model.isDeprecated()) {
			warning(model.getName() + " is deprecated" + (model.getDeprecation() == null ? "" : ": " + model.getDeprecation()),
					ref, IsthmusPackage.Literals.ELEMENT_TYPE_REF__ELEMENT, DEPRECATED, model.getName());
		}
	}

	@Check
	public void deprecatedShapesWarnInMappings(dev.isthmus.dsl.isthmus.Mapping mapping) {
		for (var feature : java.util.List.of(IsthmusPackage.Literals.MAPPING__SOURCE, IsthmusPackage.Literals.MAPPING__TARGET)) {
			if (mapping.eGet(feature) instanceof DataModel model && model.isDeprecated()) {
				warning(model.getName() + " is deprecated" + (model.getDeprecation() == null ? "" : ": " + model.getDeprecation()),
						mapping, feature, DEPRECATED, model.getName());
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
