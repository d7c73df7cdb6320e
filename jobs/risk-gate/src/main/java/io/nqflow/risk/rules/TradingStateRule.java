package io.nqflow.risk.rules;

import io.nqflow.common.v1.TradingState;
import java.util.List;

/** {@code trading_state}: entries only while the account is ACTIVE (not REDUCE_ONLY or HALTED). */
public final class TradingStateRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.TRADING_STATE;
  }

  @Override
  public List<String> check(SignalContext c) {
    TradingState state = c.book().tradingState;
    if (state == TradingState.ACTIVE) {
      return List.of();
    }
    return List.of("entries are not allowed while " + state + " (" + c.book().stateReason + ")");
  }
}
