package io.nqflow.risk.rules;

import java.util.List;
import java.util.Locale;

/** {@code daily_loss}: the day's P&amp;L has not reached the daily loss limit. */
public final class DailyLossRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.DAILY_LOSS;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (!c.dailyLossReached()) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "P&L of trading day %s is $%.2f; limit -$%.2f",
            c.book().tradingDay,
            c.dailyPnlUsd(),
            c.settings().maxDailyLossUsd()));
  }
}
