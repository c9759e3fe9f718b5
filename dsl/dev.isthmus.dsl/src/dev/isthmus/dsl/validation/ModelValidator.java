package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import org.eclipse.xtext.validation.Check;

import dev.isthmus.dsl.isthmus.Calendar;
import dev.isthmus.dsl.isthmus.Constraint;
import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.ElementTypeRef;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.LengthConstraint;
import dev.isthmus.dsl.isthmus.Lookup;
import dev.isthmus.dsl.isthmus.LookupEntry;
import dev.isthmus.dsl.isthmus.OneOfConstraint;
import dev.isthmus.dsl.isthmus.PatternConstraint;
import dev.isthmus.dsl.isthmus.RangeConstraint;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.dsl.typing.TypeScope;
import dev.isthmus.library.Assignability;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.Kind;
import dev.isthmus.library.IslType.Scalar;

/** Canonical models, lookups and the calendar: keys, defaults, constraints, references, entries. */
public class ModelValidator extends TypingSupport {

	public static final String BAD_KEY = "dev.isthmus.dsl.badKey";
	public static final String BAD_CONSTRAINT = "dev.isthmus.dsl.badConstraint";
	public static final String BAD_DEFAULT = "dev.isthmus.dsl.badDefault";
	public static final String REFERENCE_CYCLE = "dev.isthmus.dsl.referenceCycle";
	public static final String BAD_ENTRY = "dev.isthmus.dsl.badLookupEntry";
	public static final String BAD_ZONE = "dev.isthmus.dsl.badZone";

	@Check
	public void keysAreRequiredSingleValues(Field field) {
		if (field.isKey() && (field.isOptional() || field.getType() != null && field.getType().isMany())) {
			error("key field '" + field.getName() + "' must be a single, required value; drop '?' or '[]', or the key",
					field, FIELD__NAME, BAD_KEY, field.getName());
		}
	}

	@Check
	public void defaultFitsTheField(Field field) {
		if (field.getDefault() == null) {
			return;
		}
		IslType type = ShapeTypes.of(field);
		IslType value = typer.type(field.getDefault(), TypeScope.of(null, project(field)), type, problems(field));
		String problem = Assignability.problem(value, type);
		if (problem != null) {
			error("default of '" + field.getName() + "': " + problem, field, FIELD__DEFAULT, BAD_DEFAULT);
		}
	}

	@Check
	public void constraintsFitTheFieldType(Field field) {
		IslType type = ShapeTypes.of(field).required();
		Kind kind = type instanceof Scalar s ? s.kind() : null;
		for (Constraint c : field.getConstraints()) {
			switch (c) {
				case PatternConstraint p -> {
					if (kind != Kind.STRING && type != IslType.ANY) {
						error("'matches' checks texts, but '" + field.getName() + "' is " + dev.isthmus.library.Articles.a(type.display()), c, null, BAD_CONSTRAINT);
					}
					try {
						java.util.regex.Pattern.compile(p.getPattern() == null ? "" : p.getPattern());
					} catch (PatternSyntaxException e) {
						error("the pattern does not compile: " + e.getDescription() + " at index " + e.getIndex(), c,
								PATTERN_CONSTRAINT__PATTERN, BAD_CONSTRAINT);
					}
				}
				case RangeConstraint r -> {
					if (!(type instanceof Scalar s && s.isNumeric())) {
						if (type != IslType.ANY) { // a type not known: its own error says so
							error("'range' bounds numbers, but '" + field.getName() + "' is " + dev.isthmus.library.Articles.a(type.display()), c, null, BAD_CONSTRAINT);
						}
					} else if (r.getMin() != null && r.getMax() != null
							&& new BigDecimal(r.getMin()).compareTo(new BigDecimal(r.getMax())) > 0) {
						error("the range " + r.getMin() + " .. " + r.getMax() + " is empty; swap its bounds", c,
								RANGE_CONSTRAINT__MAX, BAD_CONSTRAINT);
					}
				}
				case LengthConstraint l -> {
					if (kind != Kind.STRING) {
						if (type != IslType.ANY) {
							error("'length' bounds texts, but '" + field.getName() + "' is " + dev.isthmus.library.Articles.a(type.display()), c, null, BAD_CONSTRAINT);
						}
					} else if (l.getMin() != null && l.getMax() != null
							&& new BigDecimal(l.getMin()).compareTo(new BigDecimal(l.getMax())) > 0) {
						error("the length " + l.getMin() + " .. " + l.getMax() + " is empty; swap its bounds", c,
								LENGTH_CONSTRAINT__MAX, BAD_CONSTRAINT);
					}
				}
				case OneOfConstraint o -> o.getValues().forEach(v -> {
					IslType valueType = typer.type(v, TypeScope.of(null, project(field)), type, problems(field));
					String problem = Assignability.problem(valueType, type);
					if (problem != null) {
						error("'one of' value: " + problem, v, null, BAD_CONSTRAINT);
					}
				});
				default -> {
				}
			}
		}
	}

	/** A cycle of required references can never be satisfied: no record of the cycle can be created first. */
	@Check
	public void requiredReferencesDoNotCycle(DataModel model) {
		for (Field field : model.getFields()) {
			if (requiredRef(field) instanceof DataModel next) {
				List<String> path = new ArrayList<>(List.of(model.getName(), next.getName()));
				if (reaches(next, model, new HashSet<>(), path)) {
					error("required references form a cycle (" + String.join(" -> ", path)
							+ "); make one of them optional with '?'", field, FIELD__TYPE, REFERENCE_CYCLE);
				}
			}
		}
	}

	private static Object requiredRef(Field field) {
		return !field.isOptional() && field.getType() instanceof ElementTypeRef ref && ref.isReference()
				&& !ref.isMany() && ref.getElement() != null && !ref.getElement().eIsProxy() ? ref.getElement() : null;
	}

	private static boolean reaches(DataModel from, DataModel goal, Set<DataModel> seen, List<String> path) {
		if (from == goal) {
			return true;
		}
		if (!seen.add(from)) {
			return false;
		}
		for (Field field : from.getFields()) {
			if (requiredRef(field) instanceof DataModel next) {
				path.add(next.getName());
				if (reaches(next, goal, seen, path)) {
					return true;
				}
				path.remove(path.size() - 1);
			}
		}
		return false;
	}

	@Check
	public void entriesFitTheLookupTypes(Lookup lookup) {
		if (lookup.getKeyType() == null || lookup.getValueType() == null) {
			return;
		}
		IslType key = ShapeTypes.of(lookup.getKeyType(), false);
		IslType value = ShapeTypes.of(lookup.getValueType(), false);
		TypeScope scope = TypeScope.of(null, project(lookup));
		Set<String> keys = new HashSet<>();
		for (LookupEntry entry : lookup.getEntries()) {
			fits(entry.getKey(), key, scope, "key");
			fits(entry.getValue(), value, scope, "value");
			String text = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
					org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(entry.getKey()));
			if (!keys.add(text)) {
				error("the key " + text + " is listed twice; keep one entry", entry, LOOKUP_ENTRY__KEY, BAD_ENTRY);
			}
		}
		if (lookup.getDefault() != null) {
			fits(lookup.getDefault(), value, scope, "default");
		}
	}

	private void fits(dev.isthmus.dsl.isthmus.Expression e, IslType slot, TypeScope scope, String what) {
		IslType type = typer.type(e, scope, slot, problems(e));
		String problem = Assignability.problem(type, slot);
		if (problem != null) {
			error("lookup " + what + ": " + problem, e, null, BAD_ENTRY);
		}
	}

	@Check
	public void calendarZoneExists(Calendar calendar) {
		if (calendar.getZone() == null) {
			return;
		}
		try {
			java.time.ZoneId.of(calendar.getZone());
		} catch (java.time.DateTimeException e) {
			error("'" + calendar.getZone() + "' is not a time zone id such as \"America/New_York\"", calendar,
					CALENDAR__ZONE, BAD_ZONE);
		}
	}
}
