package dev.isthmus.library;

import java.time.Instant;

/** What a library function may ask of the engine that calls it: the clock (virtual in the simulator). */
public interface CallContext {

	/** Now, by the engine's clock. */
	Instant now();

	/** The project's accounting calendar. */
	AccountingCalendar calendar();
}
