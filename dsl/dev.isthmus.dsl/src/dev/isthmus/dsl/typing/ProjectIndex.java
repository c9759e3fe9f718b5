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

	public static ProjectIndex of(ResourceSet resources) {
		ProjectIndex index = new ProjectIndex();
		for (Resource resource : List.copyOf(resources.getResources())) {
			resource.getAllContents().forEachRemaining(index::add);
		}
		return index;
	}

	private void add(EObject object) {
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

	public Shape shape(String simpleName) {
		return shapes.get(simpleName);
	}

	public List<Calendar> calendars() {
		return calendars;
	}
}
