package dev.isthmus.library.internal;

import static dev.isthmus.library.IslType.CURRENCY;
import static dev.isthmus.library.IslType.DECIMAL;
import static dev.isthmus.library.IslType.LONG;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import dev.isthmus.library.FunctionDeclaration;

/**
 * Money. Billing systems send minor units (cents, yen) with a currency code; the ERP wants decimals. The exponent
 * comes from ISO 4217 as the JDK ships it: 2 for USD and EUR, 0 for JPY, 3 for BHD.
 */
final class MoneyFunctions {

	private static final String GROUP = "Money";

	private MoneyFunctions() {
	}

	static List<FunctionDeclaration> all() {
		return List.of(
				Declare.fn(GROUP, "minorToDecimal").param("amount", LONG).param("currency", CURRENCY).returns(DECIMAL)
						.doc("Minor units as a decimal of the currency's exponent: minorToDecimal(1250, \"usd\") is 12.50, "
								+ "minorToDecimal(1250, \"JPY\") is 1250.")
						.does2((amount, currency) -> BigDecimal.valueOf(((Number) amount).longValue(),
								exponent(currency))),
				Declare.fn(GROUP, "decimalToMinor").param("amount", DECIMAL).param("currency", CURRENCY).returns(LONG)
						.doc("A decimal amount in minor units; fails if it has more fraction digits than the currency.")
						.does2((amount, currency) -> NumberFunctions.decimal(amount)
								.setScale(exponent(currency), RoundingMode.UNNECESSARY).unscaledValue().longValueExact()),
				Declare.fn(GROUP, "currencyExponent").param("currency", CURRENCY).returns(LONG)
						.doc("The number of fraction digits of the currency (ISO 4217).")
						.does1(currency -> (long) exponent(currency)));
	}

	/** The ISO 4217 exponent; an unknown code fails the record with a message naming it. */
	static int exponent(Object code) {
		String upper = ((String) code).strip().toUpperCase(Locale.ROOT);
		try {
			int digits = Currency.getInstance(upper).getDefaultFractionDigits();
			if (digits < 0) {
				throw new IllegalArgumentException("currency " + upper + " has no minor unit");
			}
			return digits;
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code", e);
		}
	}
}
