package io.nqflow.risk;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * CME Globex session arithmetic for NQ options, in US Central time: trading runs Sunday 17:00 to
 * Friday 16:00 with a daily halt 16:00-17:00 Monday to Thursday; the trading day that starts at
 * 17:00 belongs to the next calendar date. Exchange holidays are not modelled.
 */
public final class CmeCalendar {
  /** The exchange's time zone (daylight saving included). */
  public static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  private static final LocalTime CLOSE = LocalTime.of(16, 0);
  private static final LocalTime OPEN = LocalTime.of(17, 0);

  private CmeCalendar() {}

  /** Whether Globex trades NQ options at this instant (ns since the UNIX epoch). */
  public static boolean isOpen(long epochNanos) {
    ZonedDateTime t = chicago(epochNanos);
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
  public static LocalDate tradingDay(long epochNanos) {
    return chicago(epochNanos).plusHours(7).toLocalDate();
  }

  /** The UTC calendar date of an instant, the unit of the data budget (CostEvent.day). */
  public static LocalDate utcDay(long epochNanos) {
    return instant(epochNanos).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** Human-readable Chicago time, for rejection details. */
  public static String describe(long epochNanos) {
    ZonedDateTime t = chicago(epochNanos);
    return t.getDayOfWeek() + " " + t.toLocalDateTime() + " CT";
  }

  private static ZonedDateTime chicago(long epochNanos) {
    return instant(epochNanos).atZone(CHICAGO);
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }
}
