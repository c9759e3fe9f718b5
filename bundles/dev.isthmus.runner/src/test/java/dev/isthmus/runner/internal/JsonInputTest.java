package dev.isthmus.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/** A record's numbers as they were sent: read as doubles, 12.30 became 12.3 and a long amount lost its last digits. */
class JsonInputTest {

	@Test
	void decimalsAreReadExactly() {
		Input input = JsonInput.read("{\"id\":\"i-1\",\"amount\":12345678901234567.89,\"rate\":12.30,\"tiny\":1e-30}", "line 1: ", "f:1", "e");
		assertEquals(null, input.problem());
		assertEquals(new BigDecimal("12345678901234567.89"), input.json().get("amount").decimalValue());
		assertEquals("12.30", input.json().get("rate").decimalValue().toPlainString());
		assertEquals(new BigDecimal("1e-30"), input.json().get("tiny").decimalValue());
	}
}
