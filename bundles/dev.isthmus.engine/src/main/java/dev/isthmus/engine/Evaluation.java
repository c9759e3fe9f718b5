package dev.isthmus.engine;

import java.time.Instant;
import java.util.Map;

import dev.isthmus.library.AccountingCalendar;
import dev.isthmus.library.CallContext;

/**
 * What an expression is evaluated against: the current record, the variables in scope ({@code each … as l},
 * lambda parameters), the lookups, the clock and the calendar.
 */
public final class Evaluation implements CallContext {

	private final Map<String, Object> record;
	private final Scope variables;
	private final Map<String, LookupTable> lookups;
	private final java.util.function.Supplier<Instant> clock;
	private final AccountingCalendar calendar;

	public Evaluation(Map<String, Object> record, Map<String, LookupTable> lookups,
			java.util.function.Supplier<Instant> clock, AccountingCalendar calendar) {
		this(record, null, lookups, clock, calendar);
	}

	/** Variables in scope, innermost first: scopes are few and shallow, and a new one is made per list element. */
	private record Scope(String name, Object value, Scope outer) {
	}

	private Evaluation(Map<String, Object> record, Scope variables, Map<String, LookupTable> lookups,
			java.util.function.Supplier<Instant> clock, AccountingCalendar calendar) {
		this.record = record;
		this.variables = variables;
		this.lookups = lookups;
		this.clock = clock;
		this.calendar = calendar;
	}

	/** The same evaluation with one more variable. */
	public Evaluation with(String name, Object value) {
		return new Evaluation(record, new Scope(name, value, variables), lookups, clock, calendar);
	}

	public Map<String, Object> record() {
		return record;
	}

	Object variable(String name) {
		for (Scope s = variables; s != null; s = s.outer) {
			if (s.name.equals(name)) {
				return s.value;
			}
		}
		return null;
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
