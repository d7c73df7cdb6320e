package io.nqflow.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CmeCalendarTest {
  private static long ct(String localDateTime) {
    return at(localDateTime, CmeCalendar.CHICAGO);
  }

  private static long at(String localDateTime, ZoneId zone) {
    return CmeCalendar.toNs(LocalDateTime.parse(localDateTime).atZone(zone));
  }

  @Test
  void globexOpensSundayEveningAndHaltsDailyAtFour() {
    assertThat(CmeCalendar.isOpen(ct("2026-03-01T16:59:59"))).isFalse(); // Sunday
    assertThat(CmeCalendar.isOpen(ct("2026-03-01T17:00:00"))).isTrue();
    assertThat(CmeCalendar.isOpen(ct("2026-03-02T15:59:59"))).isTrue(); // Monday
    assertThat(CmeCalendar.isOpen(ct("2026-03-02T16:30:00"))).isFalse(); // daily halt
    assertThat(CmeCalendar.isOpen(ct("2026-03-02T17:00:00"))).isTrue();
    assertThat(CmeCalendar.isOpen(ct("2026-03-06T15:59:59"))).isTrue(); // Friday
    assertThat(CmeCalendar.isOpen(ct("2026-03-06T17:00:00"))).isFalse(); // Friday evening
    assertThat(CmeCalendar.isOpen(ct("2026-03-07T12:00:00"))).isFalse(); // Saturday
  }

  @Test
  void theSessionOpeningAtFiveBelongsToTheNextDay() {
    assertThat(CmeCalendar.tradingDay(ct("2026-03-02T16:59:59")))
        .isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(CmeCalendar.tradingDay(ct("2026-03-02T17:00:00")))
        .isEqualTo(LocalDate.of(2026, 3, 3));
    // Across the switch to daylight saving time (8 March 2026) the rule stays 17:00 local.
    assertThat(CmeCalendar.tradingDay(ct("2026-03-08T17:00:00")))
        .isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(CmeCalendar.tradingDay(ct("2026-03-09T16:59:00")))
        .isEqualTo(LocalDate.of(2026, 3, 9));
  }

  @Test
  void utcDayAndDescription() {
    long t = ct("2026-03-02T19:30:00"); // 01:30 UTC on the 3rd
    assertThat(CmeCalendar.utcDay(t)).isEqualTo(LocalDate.of(2026, 3, 3));
    assertThat(CmeCalendar.describe(t)).isEqualTo("MONDAY 2026-03-02T19:30 CT");
    assertThat(CmeCalendar.utcDay(-1)).isEqualTo(LocalDate.of(1969, 12, 31));
  }

  @Test
  void expiriesAndContractMonths() {
    assertThat(CmeCalendar.thirdFriday(2026, 3)).isEqualTo(LocalDate.of(2026, 3, 20));
    assertThat(CmeCalendar.frontQuarterly(LocalDate.of(2026, 3, 11)))
        .isEqualTo(LocalDate.of(2026, 3, 20));
    // Rolled eight days before expiry.
    assertThat(CmeCalendar.frontQuarterly(LocalDate.of(2026, 3, 12)))
        .isEqualTo(LocalDate.of(2026, 6, 19));
    assertThat(CmeCalendar.monthYear(LocalDate.of(2026, 3, 20))).isEqualTo("H6");
    assertThat(CmeCalendar.endOfMonth(LocalDate.of(2026, 2, 10)))
        .isEqualTo(LocalDate.of(2026, 2, 27));
    assertThat(CmeCalendar.nextWeekday(LocalDate.of(2026, 3, 6)))
        .isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(CmeCalendar.regularOpenNs(LocalDate.of(2026, 1, 5)))
        .isEqualTo(at("2026-01-05T14:30:00", ZoneOffset.UTC));
    assertThat(CmeCalendar.expiryNs(LocalDate.of(2026, 7, 1)))
        .isEqualTo(at("2026-07-01T20:00:00", ZoneOffset.UTC));
  }

  @Property
  void tradingDayDependsOnlyOnTheWholeSecond(
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long ns) {
    // Execution and the trade report truncated to seconds before taking the day; nothing changes.
    long second = Math.floorDiv(ns, 1_000_000_000L) * 1_000_000_000L;
    assertThat(CmeCalendar.tradingDay(ns)).isEqualTo(CmeCalendar.tradingDay(second));
  }

  @Property
  void aTradingDayIsNeverBeforeTheChicagoDateAndAtMostOneAfter(
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long ns) {
    LocalDate local =
        java.time.Instant.ofEpochSecond(0, ns).atZone(CmeCalendar.CHICAGO).toLocalDate();
    LocalDate day = CmeCalendar.tradingDay(ns);
    assertThat(day).isBetween(local, local.plusDays(1));
  }

  @Property
  void openMeansNotSaturdayAndNotInTheDailyHalt(
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long ns) {
    var t = java.time.Instant.ofEpochSecond(0, ns).atZone(CmeCalendar.CHICAGO);
    if (CmeCalendar.isOpen(ns)) {
      assertThat(t.getDayOfWeek()).isNotEqualTo(java.time.DayOfWeek.SATURDAY);
      assertThat(t.getHour()).isNotEqualTo(16);
    }
  }
}
