package dev.isthmus.dsl.typing;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.NAME_REF__NAME;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.NAVIGATION__MEMBER;

import java.util.ArrayList;
import java.util.List;

import dev.isthmus.dsl.isthmus.Binary;
import dev.isthmus.dsl.isthmus.BooleanLiteral;
import dev.isthmus.dsl.isthmus.Conditional;
import dev.isthmus.dsl.isthmus.DecimalLiteral;
import dev.isthmus.dsl.isthmus.DurationLiteral;
import dev.isthmus.dsl.isthmus.Each;
import dev.isthmus.dsl.isthmus.EnumType;
import dev.isthmus.dsl.isthmus.Expression;
import dev.isthmus.dsl.isthmus.FunctionCall;
import dev.isthmus.dsl.isthmus.IntegerLiteral;
import dev.isthmus.dsl.isthmus.ListConstruction;
import dev.isthmus.dsl.isthmus.Match;
import dev.isthmus.dsl.isthmus.MatchCase;
import dev.isthmus.dsl.isthmus.NameRef;
import dev.isthmus.dsl.isthmus.Navigation;
import dev.isthmus.dsl.isthmus.NullLiteral;
import dev.isthmus.dsl.isthmus.ObjectConstruction;
import dev.isthmus.dsl.isthmus.Shape;
import dev.isthmus.dsl.isthmus.StringLiteral;
import dev.isthmus.dsl.isthmus.Unary;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.ListType;
import dev.isthmus.library.IslType.ObjectType;
import dev.isthmus.library.IslType.Scalar;

/**
 * Infers the {@link IslType} of every expression and reports what does not type: unknown names and fields
 * ("did you mean"), wrong operands, wrong function arguments. Function calls are typed by {@link Calls}, mapping
 * rules by {@link MappingRules}.
 */
public final class ExpressionTyper {

	public static final String UNKNOWN_NAME = "dev.isthmus.dsl.unknownName";
	public static final String UNKNOWN_FIELD = "dev.isthmus.dsl.unknownField";
	public static final String TYPE_MISMATCH = "dev.isthmus.dsl.typeMismatch";

	final Calls calls = new Calls(this);
	final MappingRules rules = new MappingRules(this);

	/** The checker of rules that fill objects (mappings, each, nested blocks), sharing this typer. */
	public MappingRules rules() {
		return rules;
	}

	private java.util.function.BiConsumer<Expression, IslType> recorder = (e, t) -> {
	};

	/** A typer that tells {@code recorder} the type of every expression it types, for tools that ask. */
	public static ExpressionTyper recording(java.util.function.BiConsumer<Expression, IslType> recorder) {
		ExpressionTyper typer = new ExpressionTyper();
		typer.recorder = recorder;
		return typer;
	}

	/** The type of {@code e}; {@code expected} (or {@code null}) lets enum literals and objects know their type. */
	public IslType type(Expression e, TypeScope scope, IslType expected, Problems problems) {
		IslType type = infer(e, scope, expected, problems);
		if (e != null) {
			recorder.accept(e, type);
		}
		return type;
	}

	private IslType infer(Expression e, TypeScope scope, IslType expected, Problems problems) {
		if (e == null) {
			return IslType.ANY;
		}
		return switch (e) {
			case StringLiteral s -> IslType.STRING;
			case IntegerLiteral i -> fitsInt(i.getValue()) ? IslType.INTEGER : IslType.LONG;
			case DecimalLiteral d -> Scalar.decimal(fraction(d.getValue()));
			case BooleanLiteral b -> IslType.BOOLEAN;
			case NullLiteral n -> IslType.NULL;
			case DurationLiteral d -> IslType.DURATION;
			case NameRef ref -> name(ref, scope, expected, problems);
			case Navigation nav -> navigation(nav, scope, problems);
			case FunctionCall call -> calls.type(call, scope, problems);
			case Binary binary -> Operators.binary(this, binary, scope, problems);
			case Unary unary -> Operators.unary(this, unary, scope, problems);
			case Conditional c -> conditional(c, scope, expected, problems);
			case Match match -> match(match, scope, expected, problems);
			case Each each -> each(each, scope, expected, problems);
			case ObjectConstruction object -> object(object, scope, expected, problems);
			case ListConstruction list -> list(list, scope, expected, problems);
			default -> IslType.ANY;
		};
	}

	private IslType name(NameRef ref, TypeScope scope, IslType expected, Problems problems) {
		String name = ref.getName();
		if (name == null) {
			return IslType.ANY;
		}
		IslType variable = scope.variable(name);
		if (variable != null) {
			return variable;
		}
		if (scope.root() != null && scope.root().required() instanceof ObjectType root) {
			IslType member = root.members().member(name);
			if (member != null) {
				scope.read(name);
				return member;
			}
		}
		if (expected != null && expected.required() instanceof IslType.EnumType enumType
				&& enumType.literals().contains(name)) {
			return enumType;
		}
		List<EnumType> enums = scope.project().enumsWithLiteral(name);
		if (enums.size() == 1) {
			return ShapeTypes.of(enums.get(0));
		}
		if (enums.size() > 1) {
			problems.error(ref, NAME_REF__NAME, "'" + name + "' is a literal of several enums ("
					+ String.join(", ", enums.stream().map(EnumType::getName).toList())
					+ "); use it where the expected type says which one", UNKNOWN_NAME, name);
			return IslType.ANY;
		}
		if (scope.shapesAsRoots()) {
			Shape shape = scope.project().shape(name);
			if (shape != null) {
				return ShapeTypes.of(shape);
			}
		}
		if (scope.root() != null && scope.root().required() instanceof IslType.Any) {
			// The record's type is not known (a mapping or endpoint not found, review 38): that has its own error, and
			// each of its fields was said to be unknown too ("'id' is not known here; did you mean 'PAID'?").
			return IslType.ANY;
		}
		problems.error(ref, NAME_REF__NAME, unknownNameMessage(name, scope, expected), UNKNOWN_NAME, name,
				Suggestions.closest(name, knownNames(scope, expected)));
		return IslType.ANY;
	}

	/**
	 * A misspelt enum literal ({@code status <- PAYED}) was said to be no field, with no word of the literals: where an
	 * enum is expected its literals are named, and any literal of the project may be what was meant.
	 */
	private static String unknownNameMessage(String name, TypeScope scope, IslType expected) {
		String where = scope.root() != null && scope.root().required() instanceof ObjectType root
				? "a field of " + root.display()
				: "known here";
		if (expected != null && expected.required() instanceof IslType.EnumType enumType) {
			where += " nor a literal of " + enumType.display() + " (" + String.join(", ", enumType.literals()) + ")";
		}
		String suggestion = Suggestions.didYouMean(name, knownNames(scope, expected));
		if (text(expected) && suggestion.isEmpty()) {
			// a lookup's key or a value written bare ('gold -> GOLD' where the keys are texts, review 38)
			return "'" + name + "' is not " + where + "; a text is written in quotes: \"" + name + "\"";
		}
		return "'" + name + "' is not " + where + suggestion;
	}

	private static boolean text(IslType expected) {
		return expected != null && expected.required() instanceof Scalar s && s.kind() == IslType.Kind.STRING;
	}

	/** The names a misspelt one may stand for; where an enum is expected its literals first, winning a tie with a field. */
	private static List<String> knownNames(TypeScope scope, IslType expected) {
		List<String> names = new ArrayList<>();
		boolean enumExpected = expected != null && expected.required() instanceof IslType.EnumType;
		if (enumExpected) {
			names.addAll(((IslType.EnumType) expected.required()).literals());
		}
		if (scope.root() != null && scope.root().required() instanceof ObjectType root) {
			names.addAll(root.members().names());
		}
		if (!enumExpected && !text(expected)) {
			// an enum's literal is no text: 'GOLD' was suggested for a lookup's key 'gold' of type String
			names.addAll(scope.project().enumLiterals());
		}
		return names;
	}

	private IslType navigation(Navigation nav, TypeScope scope, Problems problems) {
		IslType receiver = type(nav.getReceiver(), scope, null, problems);
		String member = nav.getMember();
		if (receiver instanceof IslType.Any || member == null) {
			return IslType.ANY;
		}
		IslType value = receiver.required();
		if (value instanceof ObjectType object) {
			IslType type = object.members().member(member);
			if (type == null) {
				problems.error(nav, NAVIGATION__MEMBER, object.display() + " has no field '" + member + "'"
						+ Suggestions.didYouMean(member, object.members().names()), UNKNOWN_FIELD, member,
						Suggestions.closest(member, object.members().names()));
				return IslType.ANY;
			}
			return nav.isNullSafe() ? type.optional() : type;
		}
		if (value instanceof ListType list) {
			problems.error(nav, NAVIGATION__MEMBER, "a " + list.display() + " has no field '" + member
					+ "'; reach its elements with each, map(…, x -> x." + member + ") or first(…)", TYPE_MISMATCH);
		} else {
			problems.error(nav, NAVIGATION__MEMBER, "a " + value.display() + " has no fields; '" + member
					+ "' cannot be read from it", TYPE_MISMATCH);
		}
		return IslType.ANY;
	}

	private IslType conditional(Conditional c, TypeScope scope, IslType expected, Problems problems) {
		expectBoolean(c.getCondition(), scope, problems, "the condition of if");
		IslType then = type(c.getThen(), scope, expected, problems);
		IslType otherwise = type(c.getElse(), scope, expected, problems);
		return Operators.join(then, otherwise, c, problems);
	}

	private IslType match(Match match, TypeScope scope, IslType expected, Problems problems) {
		IslType subject = type(match.getSubject(), scope, null, problems);
		IslType result = null;
		for (MatchCase c : match.getCases()) {
			IslType value = type(c.getValue(), scope, subject, problems);
			Operators.checkComparable(subject, value, c, problems);
			IslType caseType = type(c.getResult(), scope, expected, problems);
			result = result == null ? caseType : Operators.join(result, caseType, c, problems);
		}
		if (match.getOtherwise() == null) {
			return result == null ? IslType.ANY : result.optional();
		}
		IslType otherwise = type(match.getOtherwise(), scope, expected, problems);
		return result == null ? otherwise : Operators.join(result, otherwise, match, problems);
	}

	private IslType each(Each each, TypeScope scope, IslType expected, Problems problems) {
		IslType source = type(each.getSource(), scope, null, problems);
		IslType element = IslType.ANY;
		if (source.required() instanceof ListType list) {
			element = list.element();
		} else if (!(source instanceof IslType.Any)) {
			problems.error(each, dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.EACH__SOURCE,
					"each needs a list, but this is " + dev.isthmus.library.Articles.a(source.display()), TYPE_MISMATCH);
		}
		TypeScope inner = each.getVariable() == null ? scope : scope.with(each.getVariable(), element);
		IslType target = expected != null && expected.required() instanceof ListType l ? l.element() : IslType.ANY;
		rules.check(each.getRules(), target, inner, each, problems);
		return new ListType(target);
	}

	private IslType object(ObjectConstruction object, TypeScope scope, IslType expected, Problems problems) {
		IslType target = expected == null ? IslType.ANY : expected.required();
		if (target instanceof ListType list) {
			target = list.element();
		}
		rules.check(object.getRules(), target, scope, object, problems);
		return target;
	}

	private IslType list(ListConstruction list, TypeScope scope, IslType expected, Problems problems) {
		IslType element = expected != null && expected.required() instanceof ListType l ? l.element() : null;
		IslType joined = null;
		for (Expression e : list.getElements()) {
			IslType type = type(e, scope, element, problems);
			joined = joined == null ? type : Operators.join(joined, type, e, problems);
		}
		return new ListType(joined == null ? (element == null ? IslType.ANY : element) : joined);
	}

	void expectBoolean(Expression e, TypeScope scope, Problems problems, String what) {
		IslType type = type(e, scope, IslType.BOOLEAN, problems);
		String problem = dev.isthmus.library.Assignability.problem(type, IslType.BOOLEAN);
		if (problem != null && !(type instanceof IslType.Any)) {
			problems.error(e, null, what + " must be a Boolean, but is " + dev.isthmus.library.Articles.a(type.display()), TYPE_MISMATCH);
		}
	}

	private static boolean fitsInt(String digits) {
		try {
			Integer.parseInt(digits);
			return true;
		} catch (NumberFormatException e) {
			return false;
		}
	}

	private static int fraction(String decimal) {
		int dot = decimal == null ? -1 : decimal.indexOf('.');
		return dot < 0 ? 0 : decimal.length() - dot - 1;
	}
}
