package dev.isthmus.dsl.typing;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.MAPPING_RULE__TARGET;
import static dev.isthmus.dsl.typing.ExpressionTyper.TYPE_MISMATCH;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;

import dev.isthmus.dsl.isthmus.Binary;
import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.MappingRule;
import dev.isthmus.dsl.isthmus.ObjectConstruction;
import dev.isthmus.dsl.isthmus.Each;
import dev.isthmus.library.Assignability;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.Kind;
import dev.isthmus.library.IslType.ListType;
import dev.isthmus.library.IslType.ObjectType;
import dev.isthmus.library.IslType.Scalar;

/**
 * Rules that fill a target object: a mapping's, an {@code each}'s, a nested block's. Each rule names a field of the
 * target and gives a value of its type; every required field gets a rule.
 */
public final class MappingRules {

	public static final String UNKNOWN_TARGET_FIELD = "dev.isthmus.dsl.unknownTargetField";
	public static final String DUPLICATE_RULE = "dev.isthmus.dsl.duplicateRule";
	public static final String UNMAPPED_REQUIRED = "dev.isthmus.dsl.unmappedRequired";
	public static final String UNROUNDED_QUOTIENT = "dev.isthmus.dsl.unroundedQuotient";

	private final ExpressionTyper typer;

	MappingRules(ExpressionTyper typer) {
		this.typer = typer;
	}

	/**
	 * Checks {@code rules} against {@code target}; {@code owner} is where an unmapped required field is reported.
	 */
	public void check(List<MappingRule> rules, IslType target, TypeScope scope, EObject owner, Problems problems) {
		ObjectType object = target.required() instanceof ObjectType o ? o : null;
		Set<String> assigned = new HashSet<>();
		for (MappingRule rule : rules) {
			String name = rule.getTarget();
			if (name == null) {
				continue;
			}
			IslType field = object == null ? IslType.ANY : object.members().member(name);
			if (field == null) {
				problems.error(rule, MAPPING_RULE__TARGET, object.display() + " has no field '" + name + "'"
						+ Suggestions.didYouMean(name, object.members().names()), UNKNOWN_TARGET_FIELD, name,
						Suggestions.closest(name, object.members().names()));
				field = IslType.ANY;
			} else if (!assigned.add(name) && !rule.isAppend()) {
				problems.error(rule, MAPPING_RULE__TARGET, "'" + name + "' is already mapped above; keep one rule per field",
						DUPLICATE_RULE, name);
			}
			checkRule(rule, field, scope, problems);
		}
		if (object != null && object.members() instanceof ShapeTypes.Declared declared) {
			for (String member : object.members().names()) {
				if (declared.required(member) && !assigned.contains(member)) {
					problems.error(owner, null, "required field '" + member + "' of " + object.display()
							+ " is not mapped; add '" + dev.isthmus.dsl.typing.Suggestions.written(member) + " <- …'", UNMAPPED_REQUIRED,
							member);
				}
			}
		}
	}

	private void checkRule(MappingRule rule, IslType field, TypeScope scope, Problems problems) {
		String name = rule.getTarget();
		if (rule.getValue() == null) {
			// A nested block: { … } fills an object field.
			if (!(field instanceof IslType.Any) && !(field.required() instanceof ObjectType)) {
				problems.error(rule, MAPPING_RULE__TARGET, "'" + name + "' is " + dev.isthmus.library.Articles.a(field.display())
						+ ", not an object; assign it with '" + name + " <- …'", TYPE_MISMATCH);
				field = IslType.ANY;
			}
			check(rule.getRules(), field, scope, rule, problems);
			return;
		}
		if (rule.isAppend()) {
			if (!(field instanceof IslType.Any) && !(field.required() instanceof ListType)) {
				problems.error(rule, MAPPING_RULE__TARGET, "'" + name + "' is " + dev.isthmus.library.Articles.a(field.display())
						+ ", not a list; '+=' appends to lists, assign with '<-'", TYPE_MISMATCH);
				field = IslType.ANY;
			}
			IslType element = field.required() instanceof ListType l ? l.element() : IslType.ANY;
			boolean single = rule.getValue() instanceof ObjectConstruction;
			IslType value = typer.type(rule.getValue(), scope, single ? element : field, problems);
			report(rule, value, single || !(value.required() instanceof ListType) ? element : field, problems);
			return;
		}
		IslType value = typer.type(rule.getValue(), scope, field, problems);
		if (!(rule.getValue() instanceof Each) && !(rule.getValue() instanceof ObjectConstruction)) {
			report(rule, value, field, problems);
		}
	}

	private static void report(MappingRule rule, IslType value, IslType slot, Problems problems) {
		String problem = Assignability.problem(value, slot);
		if (problem != null) {
			problems.error(rule.getValue(), null, "'" + rule.getTarget() + "': " + problem, TYPE_MISMATCH,
					rule.getTarget());
		} else if (slot.required() instanceof Scalar s && s.kind() == Kind.DECIMAL && s.scale() != null
				&& isQuotient(rule.getValue())) {
			// Valid, since an even division fits; but most quotients do not, and each would be a dead letter.
			problems.warning(rule.getValue(), null, "'" + rule.getTarget() + "': a quotient keeps as many fraction digits as it"
					+ " needs (10 / 3 is 3.333…) and " + s.display() + " keeps " + s.scale() + ", so a record whose quotient"
					+ " does not come out even is dead-lettered; round it, e.g. round(…, " + s.scale() + ")",
					UNROUNDED_QUOTIENT);
		}
	}

	private static boolean isQuotient(Expression value) {
		return value instanceof Binary b && ("/".equals(b.getOp()) || "??".equals(b.getOp()) && isQuotient(b.getLeft()));
	}
}
