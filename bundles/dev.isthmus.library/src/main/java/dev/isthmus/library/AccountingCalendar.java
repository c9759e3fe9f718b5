package dev.isthmus.library;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Accounting periods: monthly, quarterly or yearly in one time zone, each closing a fixed time after it ends.
 * {@code periodOf} and {@code periodClosed} of the standard library read it.
 */
public record AccountingCalendar(ZoneId zone, PeriodLength length, Duration closesAfter) {

	/** How long a period is. */
	public enum PeriodLength {
		MONTHLY(1), QUARTERLY(3), YEARLY(12);

		final int months;

		PeriodLength(int months) {
			this.months = months;
		}
	}

	/** Calendar months in UTC closing at once: what a project without a calendar declaration gets. */
	public static final AccountingCalendar DEFAULT = new AccountingCalendar(ZoneId.of("UTC"), PeriodLength.MONTHLY,
			Duration.ZERO);

	/** The period an instant falls into: {@code 2026-11}, {@code 2026-Q4} or {@code 2026}. */
	public String periodOf(Instant instant) {
		LocalDate day = instant.atZone(zone).toLocalDate();
		return switch (length) {
			case MONTHLY -> YearMonth.from(day).toString();
			case QUARTERLY -> day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
			case YEARLY -> Integer.toString(day.getYear());
		};
	}

	/** The first instant after the period of {@code instant}. */
	public Instant periodEnd(Instant instant) {
		LocalDate day = instant.atZone(zone).toLocalDate();
		int firstMonth = ((day.getMonthValue() - 1) / length.months) * length.months + 1;
		LocalDate start = LocalDate.of(day.getYear(), firstMonth, 1);
		return ZonedDateTime.of(start.plusMonths(length.months).atStartOfDay(), zone).toInstant();
	}

	/** Whether the period of {@code instant} has closed by {@code now}. */
	public boolean isClosed(Instant instant, Instant now) {
		return !now.isBefore(periodEnd(instant).plus(closesAfter));
	}
}
