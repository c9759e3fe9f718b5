package dev.isthmus.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.isthmus.library.AccountingCalendar.PeriodLength;

/** The implementations as the engine will call them: real values in, real values out. */
class StandardLibraryTest {

	private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
	private static final AccountingCalendar NEW_YORK_MONTHS = new AccountingCalendar(ZoneId.of("America/New_York"),
			PeriodLength.MONTHLY, Duration.ofDays(5));
	private static final CallContext CONTEXT = new CallContext() {
		@Override
		public Instant now() {
			return NOW;
		}

		@Override
		public AccountingCalendar calendar() {
			return NEW_YORK_MONTHS;
		}
	};

	private static Object call(String name, Object... args) {
		FunctionDeclaration f = StandardLibrary.resolve(name, args.length);
		assertTrue(f != null, "no " + name + "/" + args.length);
		return f.implementation().apply(CONTEXT, Arrays.asList(args));
	}

	@Test
	void everyFunctionIsDocumentedAndUniqueByNameAndArity() {
		Set<String> seen = new HashSet<>();
		for (FunctionDeclaration f : StandardLibrary.all()) {
			assertFalse(f.doc().isBlank(), f.name());
			assertTrue(seen.add(f.name() + "/" + f.parameters().size() + (f.variadic() ? "+" : "")), f.signature());
		}
		assertTrue(StandardLibrary.all().size() >= 40, "the library is too small: " + StandardLibrary.all().size());
	}

	@Test
	void minorUnitsFollowTheCurrencysExponent() {
		assertEquals(new BigDecimal("12.50"), call("minorToDecimal", 1250L, "usd"));
		assertEquals(new BigDecimal("1250"), call("minorToDecimal", 1250L, "JPY"));
		assertEquals(new BigDecimal("1.250"), call("minorToDecimal", 1250L, "BHD"));
		assertEquals(1250L, call("decimalToMinor", new BigDecimal("12.5"), "EUR"));
	}

	@Test
	void moneyNeverRoundsSilently() {
		assertThrows(ArithmeticException.class, () -> call("decimalToMinor", new BigDecimal("12.505"), "USD"));
		IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
				() -> call("minorToDecimal", 5L, "XYZ"));
		assertEquals("'XYZ' is not an ISO 4217 currency code", unknown.getMessage());
	}

	@Test
	void roundingIsHalfEvenUnlessSaidOtherwise() {
		assertEquals(new BigDecimal("2.12"), call("round", new BigDecimal("2.125"), 2L));
		assertEquals(new BigDecimal("2.13"), call("roundHalfUp", new BigDecimal("2.125"), 2L));
	}

	@Test
	void sumsStayExactAndSkipMissingValues() {
		assertEquals(6L, call("sum", List.of(1L, 2L, 3L)));
		assertEquals(new BigDecimal("3.30"), call("sum", Arrays.asList(new BigDecimal("1.10"), null, 2L, new BigDecimal("0.20"))));
		assertEquals(0L, call("sum", List.of()));
		FunctionDeclaration.Lambda amount = line -> ((java.util.Map<?, ?>) line).get("amount");
		assertEquals(new BigDecimal("5.00"), call("sum", List.of(java.util.Map.of("amount", new BigDecimal("2.50")),
				java.util.Map.of("amount", new BigDecimal("2.50"))), amount));
	}

	@Test
	void timesAreZoneAware() {
		Instant lateEvening = Instant.parse("2026-11-01T02:30:00Z"); // 31 Oct, 22:30 in New York
		assertEquals(LocalDate.of(2026, 10, 31), call("toDate", lateEvening, "America/New_York"));
		assertEquals(Instant.parse("2026-11-02T10:00:00Z"),
				call("truncate", Instant.parse("2026-11-02T10:59:59Z"), Duration.ofHours(1)));
		assertEquals(Instant.ofEpochSecond(1793620800L), call("epochSeconds", 1793620800L));
	}

	@Test
	void periodsFollowTheCalendarAndItsCloseDelay() {
		assertEquals("2026-10", call("periodOf", Instant.parse("2026-11-01T02:30:00Z")));
		assertEquals(true, call("periodClosed", Instant.parse("2026-11-01T02:30:00Z")));
		// November closes on 5 December in New York: closed by NOW (10 December).
		assertEquals(true, call("periodClosed", Instant.parse("2026-11-15T00:00:00Z")));
		assertEquals(false, call("periodClosed", Instant.parse("2026-12-01T12:00:00Z")));
	}

	@Test
	void textFunctionsTreatMissingPartsAsTheySay() {
		assertEquals("INV-42", call("concat", "INV-", null, "42"));
		assertNull(call("parseDecimal", "12,5"));
		assertEquals(new BigDecimal("12.5"), call("parseDecimal", " 12.5 "));
		assertEquals("ACME", call("upper", "acme"));
		assertEquals(List.of("a", "", "b"), call("split", "a||b", "|"));
	}

	@Test
	void hashesAreStable() {
		assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", call("sha256", "abc"));
		assertEquals(call("uuidFrom", "cus_1|prod|2026"), call("uuidFrom", "cus_1|prod|2026"));
	}

	@Test
	void theReferenceInTheRepositoryIsTheGeneratedOne() throws Exception {
		Path committed = Path.of("../../dsl/standard-library.md");
		assertEquals(LibraryReference.markdown(), Files.readString(committed),
				"dsl/standard-library.md is stale: rewrite it with java -cp bundles/dev.isthmus.library/target/classes "
						+ "dev.isthmus.library.LibraryReference dsl/standard-library.md");
	}
}
