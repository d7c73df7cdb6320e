package io.nqflow.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CmeCalendarTest {
  private static long ct(int y, int m, int d, int h, int min) {
    return Fixtures.nanos(ZonedDateTime.of(y, m, d, h, min, 0, 0, CmeCalendar.CHICAGO));
  }

  @Test
  void globexOpensSundayEveningAndClosesFridayAfternoon() {
    // 2025-03-09 is a Sunday (and the US switch to daylight saving time).
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 9, 16, 59))).isFalse();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 9, 17, 0))).isTrue();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 14, 15, 59))).isTrue();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 14, 16, 0))).isFalse();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 14, 17, 30))).isFalse();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 15, 12, 0))).isFalse();
  }

  @Test
  void dailyBreakIsFourToFivePmCentral() {
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 11, 15, 59))).isTrue();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 11, 16, 0))).isFalse();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 11, 16, 59))).isFalse();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 11, 17, 0))).isTrue();
    assertThat(CmeCalendar.isOpen(ct(2025, 3, 12, 3, 0))).isTrue();
  }

  @Test
  void tradingDayStartsAtFivePmCentralTheEveningBefore() {
    assertThat(CmeCalendar.tradingDay(ct(2025, 3, 11, 16, 59)))
        .isEqualTo(LocalDate.of(2025, 3, 11));
    assertThat(CmeCalendar.tradingDay(ct(2025, 3, 11, 17, 0))).isEqualTo(LocalDate.of(2025, 3, 12));
    assertThat(CmeCalendar.tradingDay(ct(2025, 3, 9, 17, 0))).isEqualTo(LocalDate.of(2025, 3, 10));
  }
}
