package io.nqflow.risk.rules;

import io.nqflow.market.Prices;
import java.util.List;
import java.util.Locale;

/**
 * {@code risk_reward}: after rounding to the grid, the entry's target lies above its limit and
 * reward over risk is at least the minimum.
 */
public final class RiskRewardRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.RISK_REWARD;
  }

  @Override
  public List<String> check(SignalContext c) {
    Bracket b = c.bracket();
    // Without a stop below the limit there is no risk to compare with; stop_loss rejects it.
    if (!b.priced() || !b.stopBelowLimit()) {
      return List.of();
    }
    double rr = b.rewardToRisk();
    double min = c.settings().minRiskReward();
    if (b.target() > b.limit() && rr + 1e-9 >= min) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "reward/risk %.2f (entry %s, stop %s, target %s) < %.2f",
            rr,
            Prices.toDouble(b.limit()),
            Prices.toDouble(b.stop()),
            Prices.toDouble(b.target()),
            min));
  }
}
