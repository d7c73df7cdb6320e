package io.nqflow.risk.rules;

import java.util.List;
import java.util.Locale;

/**
 * {@code max_total_risk}: risk to stops of open and pending positions plus one contract of this
 * entry stays within the maximum.
 */
public final class MaxTotalRiskRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.MAX_TOTAL_RISK;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.riskRoom() >= 1) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "risk to stops $%.2f open/pending + $%.2f for one contract > $%.2f",
            c.exposure().riskUsd(),
            c.bracket().riskPerContractUsd(),
            c.settings().maxTotalRiskUsd()));
  }
}
