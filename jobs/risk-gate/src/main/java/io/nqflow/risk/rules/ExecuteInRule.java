package io.nqflow.risk.rules;

import java.util.List;

/**
 * {@code execute_in}: with {@code risk.execute_in: MICRO}, a signal on an NQ option has a matching
 * MNQ option (same expiration date and right, nearest listed strike) with a price to trade at.
 * Passes for {@code SAME}, for signals already on an MNQ option and for opportunities.
 */
public final class ExecuteInRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.EXECUTE_IN;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.micro() == null || c.micro().failure() == null) {
      return List.of();
    }
    return List.of(c.micro().failure());
  }
}
