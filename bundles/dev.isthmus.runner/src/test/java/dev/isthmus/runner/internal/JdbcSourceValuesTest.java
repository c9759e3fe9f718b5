package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Timestamp;

import org.junit.jupiter.api.Test;

/** A polled column's values compare as SQL's {@code =} does, which the batch's last value's rows are read by. */
class JdbcSourceValuesTest {

	/** What H2 hands out for CLOB and REAL columns is read for its value (a CLOB went in as the driver's description). */
	@Test
	void clobTextAndRealNumbersAreTheirValues() throws Exception {
		try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:values");
				java.sql.Statement s = c.createStatement()) {
			s.execute("CREATE TABLE V (TXT CLOB, R REAL, B TINYINT)");
			s.execute("INSERT INTO V VALUES (SPACE(3) || 'long text', 1.5, 7)");
			try (java.sql.ResultSet r = s.executeQuery("SELECT TXT, R, B FROM V")) {
				r.next();
				org.junit.jupiter.api.Assertions.assertEquals("\"   long text\"", PolledRows.json(r.getObject(1)).toString());
				org.junit.jupiter.api.Assertions.assertEquals("1.5", PolledRows.json(r.getObject(2)).toString());
				org.junit.jupiter.api.Assertions.assertEquals("7", PolledRows.json(r.getObject(3)).toString());
			}
		}
	}

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
