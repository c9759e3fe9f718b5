package dev.isthmus.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.isthmus.library.AccountingCalendar;
import dev.isthmus.library.CallContext;

/**
 * What an expression is evaluated against: the current record, the variables in scope ({@code each … as l},
 * lambda parameters), the lookups, the clock and the calendar.
 */
public final class Evaluation implements CallContext {

	private final Map<String, Object> record;
	private final Map<String, Object> variables;
	private final Map<String, LookupTable> lookups;
	private final java.util.function.Supplier<Instant> clock;
	private final AccountingCalendar calendar;

	public Evaluation(Map<String, Object> record, Map<String, LookupTable> lookups,
			java.util.function.Supplier<Instant> clock, AccountingCalendar calendar) {
		this(record, Map.of(), lookups, clock, calendar);
	}

	private Evaluation(Map<String, Object> record, Map<String, Object> variables, Map<String, LookupTable> lookups,
			java.util.function.Supplier<Instant> clock, AccountingCalendar calendar) {
		this.record = record;
		this.variables = variables;
		this.lookups = lookups;
		this.clock = clock;
		this.calendar = calendar;
	}

	/** The same evaluation with one more variable. */
	public Evaluation with(String name, Object value) {
		Map<String, Object> more = new HashMap<>(variables);
		more.put(name, value);
		return new Evaluation(record, more, lookups, clock, calendar);
	}

	public Map<String, Object> record() {
		return record;
	}

	Object variable(String name) {
		return variables.get(name);
	}

	LookupTable lookup(String name) {
		return lookups.get(name);
	}

	@Override
	public Instant now() {
		return clock.get();
	}

	@Override
	public AccountingCalendar calendar() {
		return calendar;
	}
}
