package dev.isthmus.library.internal;

import static dev.isthmus.library.IslType.BOOLEAN;
import static dev.isthmus.library.IslType.DATE;
import static dev.isthmus.library.IslType.DURATION;
import static dev.isthmus.library.IslType.LONG;
import static dev.isthmus.library.IslType.STRING;
import static dev.isthmus.library.IslType.TIMESTAMP;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.isthmus.library.FunctionDeclaration;

/** Dates, timestamps, time zones, epoch conversions and accounting periods. Timestamps are instants (UTC). */
final class TimeFunctions {

	private static final String TIME = "Dates and times";
	private static final String PERIODS = "Accounting periods";

	private TimeFunctions() {
	}

	static List<FunctionDeclaration> all() {
		return List.of(
				Declare.fn(TIME, "now").returns(TIMESTAMP)
						.doc("The current instant by the engine's clock (the simulator's virtual clock in simulations).")
						.does((context, args) -> context.now()),
				Declare.fn(TIME, "date").param("iso", STRING).returns(DATE)
						.doc("The date an ISO 8601 text names, e.g. date(\"2026-01-31\").")
						.does1(text -> LocalDate.parse((String) text)),
				Declare.fn(TIME, "timestamp").param("iso", STRING).returns(TIMESTAMP)
						.doc("The instant an ISO 8601 text with offset names, e.g. timestamp(\"2026-01-31T09:00:00Z\").")
						.does1(text -> Instant.parse((String) text)),
				Declare.fn(TIME, "epochSeconds").param("seconds", LONG).returns(TIMESTAMP)
						.doc("The instant that many seconds after 1970-01-01T00:00:00Z (Unix time).")
						.does1(seconds -> Instant.ofEpochSecond(((Number) seconds).longValue())),
				Declare.fn(TIME, "epochMillis").param("millis", LONG).returns(TIMESTAMP)
						.doc("The instant that many milliseconds after 1970-01-01T00:00:00Z.")
						.does1(millis -> Instant.ofEpochMilli(((Number) millis).longValue())),
				Declare.fn(TIME, "toEpochSeconds").param("instant", TIMESTAMP).returns(LONG)
						.doc("Unix time of the instant, in whole seconds.")
						.does1(instant -> ((Instant) instant).getEpochSecond()),
				Declare.fn(TIME, "toDate").param("instant", TIMESTAMP).param("zone", STRING).returns(DATE)
						.doc("The calendar date of the instant in a time zone, e.g. toDate(ts, \"Europe/Berlin\").")
						.does2((instant, zone) -> ((Instant) instant).atZone(ZoneId.of((String) zone)).toLocalDate()),
				Declare.fn(TIME, "truncate").param("instant", TIMESTAMP).param("unit", DURATION).returns(TIMESTAMP)
						.doc("The instant rounded down to a multiple of the duration since the epoch: truncate(ts, 1h).")
						.does2((instant, unit) -> {
							long millis = ((Duration) unit).toMillis();
							long at = ((Instant) instant).toEpochMilli();
							return Instant.ofEpochMilli(Math.floorDiv(at, millis) * millis);
						}),
				Declare.fn(TIME, "plus").param("instant", TIMESTAMP).param("duration", DURATION).returns(TIMESTAMP)
						.doc("The instant a duration later.")
						.does2((instant, duration) -> ((Instant) instant).plus((Duration) duration)),
				Declare.fn(TIME, "daysBetween").param("from", DATE).param("to", DATE).returns(LONG)
						.doc("The number of days from one date to another (negative if to is earlier).")
						.does2((from, to) -> ChronoUnit.DAYS.between((LocalDate) from, (LocalDate) to)),
				Declare.fn(PERIODS, "periodOf").param("instant", TIMESTAMP).returns(STRING)
						.doc("The accounting period of the instant by the project's calendar, e.g. \"2026-11\".")
						.does((context, args) -> context.calendar().periodOf((Instant) args.get(0))),
				Declare.fn(PERIODS, "periodClosed").param("instant", TIMESTAMP).returns(BOOLEAN)
						.doc("Whether the accounting period of the instant has closed by now (the calendar's close delay included).")
						.does((context, args) -> context.calendar().isClosed((Instant) args.get(0), context.now())));
	}
}
