package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Timestamp;

import org.junit.jupiter.api.Test;

/** A polled column's values compare as SQL's {@code =} does, which the batch's last value's rows are read by. */
class JdbcSourceValuesTest {

	@Test
	void decimalsOfAnotherScaleAreTheSameValueTextsAreNot() {
		assertTrue(JdbcSource.same(new BigDecimal("1.0"), new BigDecimal("1.00")), "NUMERIC 1.0 = 1.00");
		assertTrue(JdbcSource.same(7L, new BigDecimal("7.000")));
		assertTrue(JdbcSource.same(7, 7L));
		assertFalse(JdbcSource.same(new BigDecimal("1.01"), new BigDecimal("1.0")));
		assertTrue(JdbcSource.same(Double.NaN, Double.NaN), "NaN is one value to the poll, as to equals");
		assertFalse(JdbcSource.same(Double.NaN, 1.0));
		assertFalse(JdbcSource.same("a", "A"));
		assertTrue(JdbcSource.same(Timestamp.valueOf("2026-12-02 10:00:00"), Timestamp.valueOf("2026-12-02 10:00:00.0")));
		assertFalse(JdbcSource.same(null, 1L));
	}
}
