package dev.isthmus.library.internal;

import static dev.isthmus.library.IslType.DECIMAL;
import static dev.isthmus.library.IslType.INTEGER;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import dev.isthmus.library.FunctionDeclaration;
import dev.isthmus.library.IslType;

/** Numbers. Decimals are exact; rounding is half-even (banker's rounding) unless a function says otherwise. */
final class NumberFunctions {

	private static final String GROUP = "Numbers";
	private static final IslType N = new IslType.Variable("N", true);

	private NumberFunctions() {
	}

	static List<FunctionDeclaration> all() {
		return List.of(
				fn("round").param("value", DECIMAL).param("scale", INTEGER).returns(DECIMAL)
						.doc("The value rounded half-even to scale fraction digits.")
						.does2((v, s) -> decimal(v).setScale(((Number) s).intValue(), RoundingMode.HALF_EVEN)),
				fn("roundHalfUp").param("value", DECIMAL).param("scale", INTEGER).returns(DECIMAL)
						.doc("The value rounded half-up (0.5 away from zero) to scale fraction digits.")
						.does2((v, s) -> decimal(v).setScale(((Number) s).intValue(), RoundingMode.HALF_UP)),
				fn("abs").param("value", N).returns(N)
						.doc("The value without its sign.")
						.does1(v -> v instanceof BigDecimal d ? d.abs() : Math.abs(((Number) v).longValue())),
				fn("min").param("a", N).param("b", N).returns(N)
						.doc("The smaller of two numbers.")
						.does2((a, b) -> compare(a, b) <= 0 ? a : b),
				fn("max").param("a", N).param("b", N).returns(N)
						.doc("The larger of two numbers.")
						.does2((a, b) -> compare(a, b) >= 0 ? a : b));
	}

	private static Declare fn(String name) {
		return Declare.fn(GROUP, name);
	}

	/** Integer and Long values are Longs at run time; Decimals are BigDecimals. */
	static BigDecimal decimal(Object value) {
		return value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue());
	}

	static int compare(Object a, Object b) {
		return decimal(a).compareTo(decimal(b));
	}
}
