package io.nqflow.risk.rules;

import java.util.List;
import java.util.Locale;

/**
 * {@code daily_loss_headroom}: if every open and pending position and one contract of this entry
 * stopped out, the day would still end within the daily loss limit. Not checked once the limit is
 * reached (daily_loss rejects then).
 */
public final class DailyLossHeadroomRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.DAILY_LOSS_HEADROOM;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.lossRoom() >= 1) {
      return List.of();
    }
    double worst = c.exposure().worstCasePnlUsd(c.dailyPnlUsd());
    return List.of(
        String.format(
            Locale.ROOT,
            "if every open and pending position and this one stopped out the day would end"
                + " at $%.2f; limit -$%.2f",
            worst - c.bracket().riskPerContractUsd(),
            c.settings().maxDailyLossUsd()));
  }
}
