package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.DAY;
import static io.nqflow.risk.Fixtures.HOUR;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.risk.Fixtures;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class TradingHoursRuleTest {
  private final TradingHoursRule rule = new TradingHoursRule();

  @Test
  void rejectsASignalOnSaturday() {
    long saturday = TUESDAY_10_CT + 4 * DAY;
    assertThat(rule.check(Contexts.of(Fixtures.signal("s1", 7, saturday, 2.00))))
        .containsExactly(
            "signal time SATURDAY 2025-03-15T10:00 CT is outside CME Globex hours"
                + " (Sun-Fri 17:00-16:00 CT, daily break 16:00-17:00)");
  }

  @Test
  void rejectsASignalInTheDailyBreak() {
    long break1630 = TUESDAY_10_CT + 6 * HOUR + HOUR / 2;
    assertThat(rule.check(Contexts.of(Fixtures.signal("s1", 7, break1630, 2.00)))).hasSize(1);
  }

  @Test
  void passesInsideHoursAndAnywhereWhenNotEnforced() {
    assertThat(rule.check(Contexts.of(Contexts.entry(2.00)))).isEmpty();
    var notEnforced = Contexts.DEFAULTS.toBuilder().enforceTradingHours(false).build();
    long saturday = TUESDAY_10_CT + 4 * DAY;
    assertThat(
            rule.check(
                Contexts.of(notEnforced, new RiskBook(), Fixtures.signal("s1", 7, saturday, 2))))
        .isEmpty();
  }
}
