package io.nqflow.risk.rules;

import java.util.List;

/**
 * {@code max_total_position}: contracts open or pending over all instruments leave room for one
 * more under the total maximum.
 */
public final class MaxTotalPositionRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.MAX_TOTAL_POSITION;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.totalRoom() >= 1) {
      return List.of();
    }
    return List.of(
        c.exposure().totalContracts()
            + " contracts open or pending in total; max "
            + c.settings().maxTotalContracts());
  }
}
