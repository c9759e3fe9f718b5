package dev.isthmus.dsl.typing;

import static dev.isthmus.dsl.typing.ExpressionTyper.TYPE_MISMATCH;

import org.eclipse.emf.ecore.EObject;

import dev.isthmus.dsl.isthmus.Binary;
import dev.isthmus.dsl.isthmus.Unary;
import dev.isthmus.library.Assignability;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.Kind;
import dev.isthmus.library.IslType.Scalar;

/** The types of operators, and of branches that meet (if/else, match cases). */
final class Operators {

	private Operators() {
	}

	static IslType binary(ExpressionTyper typer, Binary b, TypeScope scope, Problems problems) {
		String op = b.getOp();
		if ("??".equals(op)) {
			IslType left = typer.type(b.getLeft(), scope, null, problems);
			IslType right = typer.type(b.getRight(), scope, left.required(), problems);
			IslType joined = join(left.required(), right, b, problems);
			return right.isOptional() ? joined.optional() : joined.required();
		}
		if ("and".equals(op) || "or".equals(op)) {
			typer.expectBoolean(b.getLeft(), scope, problems, "the left side of " + op);
			typer.expectBoolean(b.getRight(), scope, problems, "the right side of " + op);
			return IslType.BOOLEAN;
		}
		IslType left = typer.type(b.getLeft(), scope, null, problems);
		IslType right = typer.type(b.getRight(), scope, left, problems);
		if (left instanceof IslType.Any || right instanceof IslType.Any) {
			return isComparison(op) ? IslType.BOOLEAN : IslType.ANY;
		}
		if ("==".equals(op) || "!=".equals(op)) {
			checkComparable(left, right, b, problems);
			return IslType.BOOLEAN;
		}
		if (isComparison(op)) {
			if (!ordered(left.required()) || !ordered(right.required()) || !comparable(left, right)) {
				problems.error(b, null, "'" + op + "' compares numbers, dates, timestamps, durations or texts, not a "
						+ left.display() + " with a " + right.display(), TYPE_MISMATCH);
			}
			return IslType.BOOLEAN;
		}
		return arithmetic(op, left, right, b, problems);
	}

	private static boolean isComparison(String op) {
		return switch (op) {
			case "<", "<=", ">", ">=", "==", "!=" -> true;
			default -> false;
		};
	}

	private static IslType arithmetic(String op, IslType left, IslType right, Binary b, Problems problems) {
		IslType l = left.required();
		IslType r = right.required();
		boolean optional = left.isOptional() || right.isOptional();
		IslType result = null;
		if (l instanceof Scalar ls && r instanceof Scalar rs) {
			if (ls.isNumeric() && rs.isNumeric()) {
				boolean whole = ls.kind() != Kind.DECIMAL && rs.kind() != Kind.DECIMAL && !"/".equals(op);
				result = whole ? IslType.LONG : decimalResult(op, ls, rs);
			} else if (ls.kind() == Kind.TIMESTAMP && rs.kind() == Kind.DURATION && ("+".equals(op) || "-".equals(op))) {
				result = IslType.TIMESTAMP;
			} else if (ls.kind() == Kind.DURATION && rs.kind() == Kind.DURATION && ("+".equals(op) || "-".equals(op))) {
				result = IslType.DURATION;
			}
		}
		if (result == null) {
			problems.error(b, null, "'" + op + "' does not apply to a " + l.display() + " and a " + r.display()
					+ ("+".equals(op) && (isText(l) || isText(r)) ? "; join texts with concat(…)" : ""), TYPE_MISMATCH);
			return IslType.ANY;
		}
		return optional ? result.optional() : result;
	}

	private static IslType decimalResult(String op, Scalar l, Scalar r) {
		// Exact arithmetic: a sum keeps the larger scale and a product has the scales added (2.50 * 1.005 is
		// 2.51250), so a product stored into fewer digits is caught here rather than dead-lettered record by record.
		// Quotients have no fixed scale (10 / 3 has as many digits as the engine keeps): round them where stored.
		if (scale(l) == null || scale(r) == null) {
			return IslType.DECIMAL;
		}
		return switch (op) {
			case "+", "-" -> Scalar.decimal(Math.max(scale(l), scale(r)));
			case "*" -> Scalar.decimal(scale(l) + scale(r));
			default -> IslType.DECIMAL;
		};
	}

	private static Integer scale(Scalar s) {
		return s.kind() == Kind.DECIMAL ? s.scale() : Integer.valueOf(0);
	}

	private static boolean isText(IslType t) {
		return t instanceof Scalar s && s.kind() == Kind.STRING;
	}

	static IslType unary(ExpressionTyper typer, Unary u, TypeScope scope, Problems problems) {
		if ("not".equals(u.getOp())) {
			typer.expectBoolean(u.getOperand(), scope, problems, "the operand of not");
			return IslType.BOOLEAN;
		}
		IslType operand = typer.type(u.getOperand(), scope, null, problems);
		if (!(operand instanceof IslType.Any) && !(operand.required() instanceof Scalar s && (s.isNumeric()
				|| s.kind() == Kind.DURATION))) {
			problems.error(u, null, "'-' negates numbers and durations, not a " + operand.display(), TYPE_MISMATCH);
			return IslType.ANY;
		}
		return operand;
	}

	static void checkComparable(IslType left, IslType right, EObject where, Problems problems) {
		if (left instanceof IslType.Any || right instanceof IslType.Any || left instanceof IslType.Null
				|| right instanceof IslType.Null) {
			return;
		}
		if (!comparable(left, right)) {
			problems.error(where, null, "a " + left.display() + " is never equal to a " + right.display()
					+ "; compare values of one type", TYPE_MISMATCH);
		}
	}

	private static boolean comparable(IslType left, IslType right) {
		IslType l = left.required();
		IslType r = right.required();
		if (l instanceof Scalar ls && r instanceof Scalar rs) {
			return ls.kind() == rs.kind() || ls.isNumeric() && rs.isNumeric()
					|| text(ls) && text(rs);
		}
		return l.equals(r);
	}

	private static boolean text(Scalar s) {
		return s.kind() == Kind.STRING || s.kind() == Kind.CURRENCY;
	}

	private static boolean ordered(IslType t) {
		return t instanceof Scalar s && s.kind() != Kind.BOOLEAN;
	}

	/** The type of two branches that meet: the wider of the two, optional if either is. */
	static IslType join(IslType a, IslType b, EObject where, Problems problems) {
		if (a instanceof IslType.Any) {
			return b;
		}
		if (b instanceof IslType.Any) {
			return a;
		}
		if (a instanceof IslType.Null) {
			return b.optional();
		}
		if (b instanceof IslType.Null) {
			return a.optional();
		}
		boolean optional = a.isOptional() || b.isOptional();
		IslType ra = a.required();
		IslType rb = b.required();
		IslType wider = Assignability.accepts(rb, ra) ? rb : Assignability.accepts(ra, rb) ? ra : null;
		if (ra instanceof Scalar sa && rb instanceof Scalar sb && sa.kind() == Kind.DECIMAL && sb.kind() == Kind.DECIMAL) {
			wider = sa.scale() == null || sb.scale() == null ? IslType.DECIMAL
					: Scalar.decimal(Math.max(sa.scale(), sb.scale()));
		}
		if (wider == null) {
			problems.error(where, null, "the branches give " + ra.display() + " and " + rb.display()
					+ "; every branch must give the same type", TYPE_MISMATCH);
			return IslType.ANY;
		}
		return optional ? wider.optional() : wider;
	}
}
