package io.nqflow.risk.rules;

import io.nqflow.market.CmeCalendar;
import java.util.List;

/** {@code trading_hours}: when enforced, the signal's event time lies within CME Globex hours. */
public final class TradingHoursRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.TRADING_HOURS;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (!c.settings().enforceTradingHours() || CmeCalendar.isOpen(c.ts())) {
      return List.of();
    }
    return List.of(
        "signal time "
            + CmeCalendar.describe(c.ts())
            + " is outside CME Globex hours (Sun-Fri 17:00-16:00 CT, daily break 16:00-17:00)");
  }
}
