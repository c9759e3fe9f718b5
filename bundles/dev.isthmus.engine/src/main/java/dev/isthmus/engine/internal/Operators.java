package dev.isthmus.engine.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import dev.isthmus.engine.Compiled;
import dev.isthmus.engine.RecordError;

/**
 * The operators' meaning at run time. Numbers: whole numbers stay exact longs (overflow is a record error);
 * decimals are exact, quotients rounded half-even to 34 significant digits. A missing operand makes the result
 * missing; in a condition, missing counts as false.
 */
public final class Operators {

	private static final MathContext QUOTIENT = MathContext.DECIMAL128;

	private Operators() {
	}

	public static Compiled binary(String op, Compiled left, Compiled right, String where) {
		return switch (op) {
			case "??" -> e -> {
				Object value = left.evaluate(e);
				return value != null ? value : right.evaluate(e);
			};
			case "and" -> e -> Boolean.TRUE.equals(left.evaluate(e)) && Boolean.TRUE.equals(right.evaluate(e));
			case "or" -> e -> Boolean.TRUE.equals(left.evaluate(e)) || Boolean.TRUE.equals(right.evaluate(e));
			case "==" -> e -> same(left.evaluate(e), right.evaluate(e));
			case "!=" -> e -> !same(left.evaluate(e), right.evaluate(e));
			case "<", "<=", ">", ">=" -> e -> compare(op, left.evaluate(e), right.evaluate(e), where);
			default -> e -> arithmetic(op, left.evaluate(e), right.evaluate(e), where);
		};
	}

	public static Compiled unary(String op, Compiled operand, String where) {
		if ("not".equals(op)) {
			return e -> !Boolean.TRUE.equals(operand.evaluate(e));
		}
		return e -> {
			Object value = operand.evaluate(e);
			return switch (value) {
				case null -> null;
				case Long l -> Math.negateExact(l);
				case BigDecimal d -> d.negate();
				case Duration d -> d.negated();
				default -> throw new RecordError(where, "'-' cannot negate this value", String.valueOf(value));
			};
		};
	}

	/** Equality as a person means it: 12.50 equals 12.5 and 12; missing equals only missing. */
	public static boolean same(Object a, Object b) {
		if (a == null || b == null) {
			return a == b;
		}
		if (a instanceof Number && b instanceof Number) {
			return decimal(a).compareTo(decimal(b)) == 0;
		}
		return a.equals(b);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object compare(String op, Object a, Object b, String where) {
		if (a == null || b == null) {
			return false;
		}
		int c;
		if (a instanceof Number && b instanceof Number) {
			c = decimal(a).compareTo(decimal(b));
		} else if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
			c = ca.compareTo(b);
		} else {
			throw new RecordError(where, "cannot order a " + a.getClass().getSimpleName() + " and a "
					+ b.getClass().getSimpleName(), a + ", " + b);
		}
		return switch (op) {
			case "<" -> c < 0;
			case "<=" -> c <= 0;
			case ">" -> c > 0;
			default -> c >= 0;
		};
	}

	private static Object arithmetic(String op, Object a, Object b, String where) {
		if (a == null || b == null) {
			return null;
		}
		try {
			if (a instanceof Instant t && b instanceof Duration d) {
				return "+".equals(op) ? t.plus(d) : t.minus(d);
			}
			if (a instanceof LocalDate day && b instanceof Duration d) {
				return "+".equals(op) ? day.plusDays(d.toDays()) : day.minusDays(d.toDays());
			}
			if (a instanceof Duration x && b instanceof Duration y) {
				return "+".equals(op) ? x.plus(y) : x.minus(y);
			}
			if (a instanceof Long x && b instanceof Long y && !"/".equals(op)) {
				return switch (op) {
					case "+" -> Math.addExact(x, y);
					case "-" -> Math.subtractExact(x, y);
					case "*" -> Math.multiplyExact(x, y);
					default -> x % y;
				};
			}
			BigDecimal x = decimal(a);
			BigDecimal y = decimal(b);
			return switch (op) {
				case "+" -> x.add(y);
				case "-" -> x.subtract(y);
				case "*" -> x.multiply(y);
				case "/" -> x.divide(y, QUOTIENT);
				default -> x.remainder(y);
			};
		} catch (ArithmeticException e) {
			throw new RecordError(where, "'" + op + "' failed: " + e.getMessage(), a + " " + op + " " + b);
		} catch (ClassCastException e) {
			throw new RecordError(where, "'" + op + "' does not apply to these values", a + " " + op + " " + b);
		}
	}

	private static BigDecimal decimal(Object value) {
		return value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue());
	}
}
