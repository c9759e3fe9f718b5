package dev.isthmus.dsl.typing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;

import dev.isthmus.dsl.isthmus.Calendar;
import dev.isthmus.dsl.isthmus.EnumLiteral;
import dev.isthmus.dsl.isthmus.EnumType;
import dev.isthmus.dsl.isthmus.Lookup;
import dev.isthmus.dsl.isthmus.Shape;

/**
 * The project-wide names an expression can use without qualification: lookups (called like functions), enum
 * literals, and — in tests — models and records. Built from the files loaded into one resource set.
 */
public final class ProjectIndex {

	private final Map<String, Lookup> lookups = new HashMap<>();
	private final Map<String, List<EnumType>> enumsByLiteral = new HashMap<>();
	private final Map<String, Shape> shapes = new HashMap<>();
	private final List<Calendar> calendars = new ArrayList<>();
	private final Map<String, List<EObject>> qualified = new HashMap<>();

	public static ProjectIndex of(ResourceSet resources) {
		return of(resources, ProjectIndex::of);
	}

	/** The index of one file. */
	public static ProjectIndex of(Resource resource) {
		ProjectIndex index = new ProjectIndex();
		resource.getAllContents().forEachRemaining(index::add);
		return index;
	}

	/**
	 * The index of all files, made of the files' own indexes: {@code part} may cache each file's index until that
	 * file changes, so that validating a project of n files does not walk every file n times.
	 */
	public static ProjectIndex of(ResourceSet resources, java.util.function.Function<Resource, ProjectIndex> part) {
		ProjectIndex index = new ProjectIndex();
		for (Resource resource : List.copyOf(resources.getResources())) {
			index.merge(part.apply(resource));
		}
		return index;
	}

	private void merge(ProjectIndex other) {
		other.lookups.forEach(lookups::putIfAbsent);
		other.enumsByLiteral.forEach((k, v) -> enumsByLiteral.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
		other.shapes.forEach(shapes::putIfAbsent);
		calendars.addAll(other.calendars);
		other.qualified.forEach((k, v) -> qualified.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
	}

	private void add(EObject object) {
		String name = qualifiedName(object);
		if (name != null) {
			qualified.computeIfAbsent(name, n -> new ArrayList<>()).add(object);
		}
		if (object instanceof Lookup lookup && lookup.getName() != null) {
			lookups.putIfAbsent(lookup.getName(), lookup);
		} else if (object instanceof EnumType enumType) {
			for (EnumLiteral literal : enumType.getLiterals()) {
				enumsByLiteral.computeIfAbsent(literal.getName(), n -> new ArrayList<>()).add(enumType);
			}
		} else if (object instanceof Shape shape && shape.getName() != null) {
			shapes.putIfAbsent(shape.getName(), shape);
		} else if (object instanceof Calendar calendar) {
			calendars.add(calendar);
		}
	}

	/** {@code package.Element}, {@code package.System.record}: what imports and qualified references name. */
	public static String qualifiedName(EObject object) {
		if (!(object instanceof dev.isthmus.dsl.isthmus.Element) && !(object instanceof dev.isthmus.dsl.isthmus.Endpoint)
				&& !(object instanceof dev.isthmus.dsl.isthmus.Record)) {
			return null;
		}
		Object name = object.eGet(object.eClass().getEStructuralFeature("name"));
		if (!(name instanceof String simple) || object instanceof dev.isthmus.dsl.isthmus.TestCase) {
			return null;
		}
		EObject container = object.eContainer();
		String prefix = container instanceof dev.isthmus.dsl.isthmus.IslFile file ? file.getName()
				: qualifiedName(container);
		return prefix == null ? simple : prefix + "." + simple;
	}

	/** The declarations of a qualified name; more than one is a duplicate. */
	public List<EObject> declarations(String qualifiedName) {
		return qualified.getOrDefault(qualifiedName, List.of());
	}

	/** Whether some declaration's qualified name is {@code prefix} or starts with {@code prefix.}. */
	public boolean hasNamespace(String prefix) {
		return qualified.keySet().stream().anyMatch(n -> n.equals(prefix) || n.startsWith(prefix + "."));
	}

	/** The namespaces (packages and systems) declarations live in, for "did you mean". */
	public List<String> namespaces() {
		return qualified.keySet().stream().filter(n -> n.contains(".")).map(n -> n.substring(0, n.lastIndexOf('.')))
				.distinct().toList();
	}

	public Lookup lookup(String name) {
		return lookups.get(name);
	}

	public List<String> lookupNames() {
		return List.copyOf(lookups.keySet());
	}

	/** The enums that have a literal of this name. */
	public List<EnumType> enumsWithLiteral(String literal) {
		return enumsByLiteral.getOrDefault(literal, List.of());
	}

	/** Every enum literal of the project (content assist proposes them where a value is expected). */
	public java.util.Set<String> enumLiterals() {
		return java.util.Collections.unmodifiableSet(enumsByLiteral.keySet());
	}

	public Shape shape(String simpleName) {
		return shapes.get(simpleName);
	}

	public List<Calendar> calendars() {
		return calendars;
	}
}
