package io.nqflow.market;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * CME calendar arithmetic for NQ and its options. Globex hours in US Central time: trading runs
 * Sunday 17:00 to Friday 16:00 with a daily halt 16:00-17:00 Monday to Thursday, and the trading
 * day that starts at 17:00 belongs to the next calendar date. Expiries in US Eastern time: the
 * regular session opens 09:30, options expire 16:00, quarterly contracts on the third Friday of
 * March/June/September/December. Exchange holidays are not modelled. Times are ns since the UNIX
 * epoch.
 */
public final class CmeCalendar {
  /** The exchange's time zone (daylight saving included). */
  public static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  /** The zone of the regular session and option expiries. */
  public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** CME month codes, January to December. */
  public static final String MONTH_CODES = "FGHJKMNQUVXZ";

  private static final LocalTime CLOSE = LocalTime.of(16, 0);
  private static final LocalTime OPEN = LocalTime.of(17, 0);
  private static final LocalTime REGULAR_OPEN = LocalTime.of(9, 30);
  private static final LocalTime EXPIRY = LocalTime.of(16, 0);
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private CmeCalendar() {}

  /** Whether Globex trades NQ options at this instant. */
  public static boolean isOpen(long epochNs) {
    ZonedDateTime t = chicago(epochNs);
    LocalTime time = t.toLocalTime();
    DayOfWeek day = t.getDayOfWeek();
    return switch (day) {
      case SATURDAY -> false;
      case SUNDAY -> !time.isBefore(OPEN);
      case FRIDAY -> time.isBefore(CLOSE);
      default -> time.isBefore(CLOSE) || !time.isBefore(OPEN);
    };
  }

  /**
   * The CME trading day of an instant: the Chicago date seven hours later, so 17:00 CT on Monday
   * belongs to Tuesday's session.
   */
  public static LocalDate tradingDay(long epochNs) {
    return chicago(epochNs).plusHours(7).toLocalDate();
  }

  /** The UTC calendar date of an instant (the unit of the data budget). */
  public static LocalDate utcDay(long epochNs) {
    return instant(epochNs).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** Human-readable Chicago time with the weekday, e.g. {@code MONDAY 2026-03-02T16:30 CT}. */
  public static String describe(long epochNs) {
    ZonedDateTime t = chicago(epochNs);
    return t.getDayOfWeek() + " " + t.toLocalDateTime() + " CT";
  }

  /** The regular session's open, 09:30 New York time, of a date. */
  public static long regularOpenNs(LocalDate d) {
    return toNs(ZonedDateTime.of(d, REGULAR_OPEN, NEW_YORK));
  }

  /** The expiry of an option expiring on a date, 16:00 New York time. */
  public static long expiryNs(LocalDate d) {
    return toNs(ZonedDateTime.of(d, EXPIRY, NEW_YORK));
  }

  /** The next Monday-to-Friday date after {@code d}. */
  public static LocalDate nextWeekday(LocalDate d) {
    LocalDate x = d.plusDays(1);
    while (isWeekend(x)) {
      x = x.plusDays(1);
    }
    return x;
  }

  /** The third Friday of a month, the quarterly expiry date. */
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

  /** The last Monday-to-Friday date of the month of {@code d}. */
  public static LocalDate endOfMonth(LocalDate d) {
    LocalDate x = d.with(TemporalAdjusters.lastDayOfMonth());
    while (isWeekend(x)) {
      x = x.minusDays(1);
    }
    return x;
  }

  /** CME month code and one-digit year, e.g. {@code H6} for March 2026. */
  public static String monthYear(LocalDate d) {
    return "" + MONTH_CODES.charAt(d.getMonthValue() - 1) + (d.getYear() % 10);
  }

  /** A zoned time in ns since the UNIX epoch. */
  public static long toNs(ZonedDateTime t) {
    return t.toEpochSecond() * NANOS_PER_SECOND + t.getNano();
  }

  private static boolean isWeekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static ZonedDateTime chicago(long epochNs) {
    return instant(epochNs).atZone(CHICAGO);
  }

  private static Instant instant(long epochNs) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNs, NANOS_PER_SECOND), Math.floorMod(epochNs, NANOS_PER_SECOND));
  }
}
