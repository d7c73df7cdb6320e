package io.nqflow.risk.rules;

import java.util.List;

/**
 * {@code max_position}: contracts open or pending on the signal's instrument leave room for one
 * more under the per-position maximum.
 */
public final class MaxPositionRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.MAX_POSITION;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.positionRoom() >= 1) {
      return List.of();
    }
    return List.of(
        c.exposure().contractsOn(c.instrument())
            + " contracts open or pending on instrument "
            + c.instrument()
            + "; max "
            + c.settings().maxContractsPerPosition()
            + " per position");
  }
}
