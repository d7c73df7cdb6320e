package io.nqflow.risk.rules;

import io.nqflow.common.v1.Side;
import java.util.List;

/**
 * {@code side}: the flow has a side to follow, and sell-side flow has a long position left to exit;
 * the gate never sells options short. An opportunity is always a buy and passes.
 */
public final class SideRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.SIDE;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.signal() == null) {
      return List.of(); // an opportunity always buys its option
    }
    if (c.signal().getAggressor() == Side.NONE) {
      return List.of("aggressor side NONE: no buy or sell to follow");
    }
    if (c.exit() && c.exitable() <= 0) {
      return List.of(
          "sell-side flow on instrument "
              + c.instrument()
              + " with no long position to exit (held "
              + c.held()
              + ", pending exits "
              + c.pendingSells()
              + "); the gate never sells options short");
    }
    return List.of();
  }
}
