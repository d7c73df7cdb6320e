package io.nqflow.simulator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * Session and expiry dates for NQ: the regular US session 09:30-16:00 ET, quarterly contracts
 * expiring on the third Friday of March/June/September/December, options expiring at 16:00 ET.
 * Exchange holidays are not modelled.
 */
public final class CmeCalendar {
  public static final ZoneId ET = ZoneId.of("America/New_York");
  static final String MONTH_CODES = "FGHJKMNQUVXZ";

  private CmeCalendar() {}

  public static long sessionOpenNs(LocalDate d) {
    return toNs(ZonedDateTime.of(d, LocalTime.of(9, 30), ET));
  }

  public static long expiryNs(LocalDate d) {
    return toNs(ZonedDateTime.of(d, LocalTime.of(16, 0), ET));
  }

  static long toNs(ZonedDateTime t) {
    return t.toEpochSecond() * 1_000_000_000L + t.getNano();
  }

  public static LocalDate nextWeekday(LocalDate d) {
    LocalDate x = d.plusDays(1);
    while (x.getDayOfWeek() == DayOfWeek.SATURDAY || x.getDayOfWeek() == DayOfWeek.SUNDAY) {
      x = x.plusDays(1);
    }
    return x;
  }

  public static LocalDate thirdFriday(int year, int month) {
    return LocalDate.of(year, month, 1)
        .with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
  }

  /** The quarterly expiry of the front NQ contract on {@code d} (rolled 8 days before expiry). */
  public static LocalDate frontQuarterly(LocalDate d) {
    LocalDate x = d.withDayOfMonth(1);
    while (true) {
      if (x.getMonthValue() % 3 == 0) {
        LocalDate exp = thirdFriday(x.getYear(), x.getMonthValue());
        if (exp.isAfter(d.plusDays(8))) {
          return exp;
        }
      }
      x = x.plusMonths(1);
    }
  }

  /** Last weekday of the month of {@code d}. */
  public static LocalDate endOfMonth(LocalDate d) {
    LocalDate x = d.with(TemporalAdjusters.lastDayOfMonth());
    while (x.getDayOfWeek() == DayOfWeek.SATURDAY || x.getDayOfWeek() == DayOfWeek.SUNDAY) {
      x = x.minusDays(1);
    }
    return x;
  }

  /** CME month code and one-digit year, e.g. {@code H6} for March 2026. */
  public static String monthYear(LocalDate d) {
    return "" + MONTH_CODES.charAt(d.getMonthValue() - 1) + (d.getYear() % 10);
  }
}
