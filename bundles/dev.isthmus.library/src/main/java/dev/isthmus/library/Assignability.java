package dev.isthmus.library;

import dev.isthmus.library.IslType.Kind;
import dev.isthmus.library.IslType.ListType;
import dev.isthmus.library.IslType.OptionalType;
import dev.isthmus.library.IslType.Scalar;

/**
 * Which value types a slot of another type accepts: a mapping rule's target field, a function's parameter, a
 * default. The checker reports the reason; the engine converts accordingly (widening numbers, checking currency
 * codes).
 */
public final class Assignability {

	private Assignability() {
	}

	/** Why {@code value} cannot go into {@code slot}, or {@code null} when it can. */
	public static String problem(IslType value, IslType slot) {
		if (value instanceof IslType.Any || slot instanceof IslType.Any || slot instanceof IslType.Variable) {
			return null;
		}
		if (value instanceof IslType.Null) {
			return slot.isOptional() ? null : "null cannot go into a required " + slot.display();
		}
		if (value.isOptional() && !slot.isOptional()) {
			String inner = problem(value.required(), slot);
			return inner != null ? inner
					: "a " + value.display() + " may be missing but " + slot.display()
							+ " is required; give a default with ?? or make the target optional";
		}
		IslType v = value.required();
		IslType s = slot.required();
		if (v instanceof ListType vl && s instanceof ListType sl) {
			return problem(vl.element(), sl.element()) == null ? null
					: Articles.a(v.display()) + " cannot go into " + s.display();
		}
		if (v instanceof ListType && !(s instanceof ListType)) {
			return "a list (" + v.display() + ") cannot go into the single value " + s.display()
					+ "; pick one element, e.g. with first(…)";
		}
		if (s instanceof ListType && !(v instanceof ListType)) {
			return "a single " + v.display() + " cannot go into the list " + s.display() + "; use [ … ] or each";
		}
		if (v instanceof Scalar vs && s instanceof Scalar ss) {
			return scalarProblem(vs, ss);
		}
		return v.equals(s) ? null : Articles.a(v.display()) + " cannot go into " + s.display();
	}

	private static String scalarProblem(Scalar v, Scalar s) {
		if (v.kind() == s.kind()) {
			if (v.kind() == Kind.DECIMAL && v.scale() != null && s.scale() != null && v.scale() > s.scale()) {
				return "a " + v.display() + " has more fraction digits than " + s.display()
						+ " keeps; round it explicitly, e.g. round(…, " + s.scale() + ")";
			}
			return null;
		}
		// Whole numbers widen; currency codes are strings checked against ISO 4217 when the record is mapped.
		boolean widens = switch (s.kind()) {
			case LONG -> v.kind() == Kind.INTEGER;
			case DECIMAL -> v.kind() == Kind.INTEGER || v.kind() == Kind.LONG;
			case CURRENCY -> v.kind() == Kind.STRING;
			case STRING -> v.kind() == Kind.CURRENCY;
			default -> false;
		};
		return widens ? null : Articles.a(v.display()) + " cannot go into " + s.display();
	}

	/** Whether {@code value} can go into {@code slot}. */
	public static boolean accepts(IslType slot, IslType value) {
		return problem(value, slot) == null;
	}
}
